"""Tables of the customers page (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.organizations.models import Organization

PER_PAGE = 25


class CustomerTable(tables.Table):
    # hx-boost="false": the table's sort and page links are boosted into the table, this one
    # opens the organization's own page.
    name = tables.Column(
        verbose_name=_("Name"),
        linkify=("customers:detail", {"pk": tables.A("pk")}),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}},
        order_by=("name", "pk"),
    )
    organization_type = tables.Column(
        verbose_name=_("Kind"), order_by=("organization_type", "name")
    )
    country = tables.Column(verbose_name=_("Country"), order_by=("country", "name"))
    industry = tables.Column(verbose_name=_("Industry"), order_by=("industry", "name"))
    contact_count = tables.Column(
        verbose_name=_("Contacts"),
        order_by=("contact_count", "name"),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    is_active = tables.Column(verbose_name=_("Status"), order_by=("-is_active", "name"))

    class Meta:
        model = Organization
        fields = ("name", "organization_type", "country", "industry", "contact_count", "is_active")
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No organizations match these filters.")
        per_page = PER_PAGE

    def render_is_active(self, value: bool) -> str:
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', _("Active"))
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("Deactivated"))
