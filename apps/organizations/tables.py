"""The customers page's columns: what each header says and how it sorts. The rows are plain
template rows (templates/organizations/list.html), sorted and paged by `apps.core.sorted_rows`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.sorted_rows import Column

PER_PAGE = 25
DEFAULT_SORT = "name"

COLUMNS = [
    Column("name", _("Name"), ("name", "pk")),
    Column("organization_type", _("Kind"), ("organization_type", "name", "pk")),
    Column("country", _("Country"), ("country", "name", "pk")),
    Column("industry", _("Industry"), ("industry", "name", "pk")),
    Column("contact_count", _("Contacts"), ("contact_count", "name", "pk"), css="text-end"),
    Column("is_active", _("Status"), ("-is_active", "name", "pk")),
]
