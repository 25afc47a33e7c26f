"""The documents page's table (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.documents.models import AccessLevel, Document

PER_PAGE = 25

ACCESS_BADGES = {
    AccessLevel.ORGANIZATION: "text-bg-light border",
    AccessLevel.CUSTOMER: "text-bg-info",
    AccessLevel.PROJECT: "text-bg-secondary",
    AccessLevel.RESTRICTED: "text-bg-warning",
}


class DocumentTable(tables.Table):
    # hx-boost="false": sort and page links are boosted into the table; these open other pages.
    title = tables.Column(
        verbose_name=_("Title"),
        linkify=("documents:detail", {"pk": tables.A("pk")}),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}},
        order_by=("title", "pk"),
    )
    project = tables.Column(
        verbose_name=_("Project"),
        accessor="project__project_id",
        linkify=lambda record: (
            reverse("projects:detail", kwargs={"pk": record.project_id})
            if record.project_id
            else None
        ),
        attrs={"a": {"hx-boost": "false"}},
        order_by=("project__project_id", "-created_at"),
        default=_("Library"),
    )
    category = tables.Column(verbose_name=_("Category"), order_by=("category", "-created_at"))
    current_version_number = tables.Column(
        verbose_name=_("Version"),
        order_by=("current_version_number", "-created_at"),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    size_bytes = tables.Column(
        verbose_name=_("Size"),
        order_by=("size_bytes", "-created_at"),
        attrs={"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}},
    )
    access_level = tables.Column(verbose_name=_("Access"), order_by=("access_level", "-created_at"))
    uploaded_by = tables.Column(
        verbose_name=_("Uploaded by"),
        accessor="uploaded_by__name",
        order_by=("uploaded_by__name", "-created_at"),
    )
    created_at = tables.DateTimeColumn(
        verbose_name=_("Uploaded"), format="DATETIME_FORMAT", order_by=("created_at", "pk")
    )
    download = tables.Column(
        verbose_name="", accessor="pk", orderable=False, attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        model = Document
        fields = (
            "title",
            "project",
            "category",
            "current_version_number",
            "size_bytes",
            "access_level",
            "uploaded_by",
            "created_at",
            "download",
        )
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No documents match these filters.")
        per_page = PER_PAGE
        order_by = ("-created_at",)

    def render_size_bytes(self, value: int) -> str:
        return filesizeformat(value)

    def render_access_level(self, value, record: Document) -> str:
        css = ACCESS_BADGES.get(record.access_level, "text-bg-light")
        return format_html('<span class="badge {}">{}</span>', css, value)

    def render_download(self, value, record: Document) -> str:
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}" hx-boost="false" '
            'data-testid="document-download" title="{}">'
            '<i class="bi bi-download"></i><span class="visually-hidden">{}</span></a>',
            reverse("documents:download", kwargs={"pk": record.pk}),
            gettext("Download %(file)s") % {"file": record.file_name},
            gettext("Download"),
        )
