"""The projects table (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.formatting import local_date
from apps.projects.models import Project

PER_PAGE = 25


def progress_percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def priority_badge(value: str, label: str) -> str:
    return format_html('<span class="badge fp-priority-{}">{}</span>', value, label)


class ProjectTable(tables.Table):
    project_id = tables.Column(
        verbose_name=_("Code"),
        linkify=("projects:detail", {"pk": tables.A("pk")}),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold font-monospace"}},
        order_by=("project_id",),
    )
    title = tables.Column(verbose_name=_("Title"), order_by=("title", "project_id"))
    customer = tables.Column(
        accessor="customer_name",
        verbose_name=_("Customer"),
        order_by=("customer_name", "-created_at"),
    )
    stage = tables.Column(
        accessor="current_stage__name",
        verbose_name=_("Stage"),
        order_by=("current_stage__stage_order", "-created_at"),
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "-created_at"))
    priority_level = tables.Column(
        verbose_name=_("Priority"), order_by=("priority_rank", "-created_at")
    )
    progress = tables.Column(
        empty_values=(),
        verbose_name=_("Progress"),
        orderable=False,
        attrs={"td": {"class": "w-25"}},
    )
    due_at = tables.DateTimeColumn(
        verbose_name=_("Next due"), format="DATE_FORMAT", order_by=("due_at", "-created_at")
    )
    assigned_to = tables.Column(
        accessor="assigned_to__name", verbose_name=_("Assignee"), order_by=("assigned_to__name",)
    )

    class Meta:
        model = Project
        fields = (
            "project_id",
            "title",
            "customer",
            "stage",
            "status",
            "priority_level",
            "progress",
            "due_at",
            "assigned_to",
        )
        attrs = {"class": "table table-hover align-middle mb-0", "data-testid": "project-rows"}
        row_attrs = {"data-testid": "project-row"}
        empty_text = _("No projects match these filters.")
        per_page = PER_PAGE
        order_by = ("-created_at",)

    def render_status(self, record) -> str:
        return format_html(
            '<span class="badge rounded-pill text-bg-light border">{}</span>',
            record.get_status_display(),
        )

    def render_priority_level(self, record) -> str:
        return priority_badge(record.priority_level, record.get_priority_level_display())

    def render_progress(self, record) -> str:
        percent = progress_percent(record.done_count, record.total_count)
        done_label = gettext("%(percent)s%% done") % {"percent": percent}
        # A <progress> element: the CSP forbids the inline style a Bootstrap bar would need.
        return format_html(
            '<progress class="fp-progress" value="{}" max="100" aria-label="{}"></progress>'
            '<span class="small text-body-secondary ms-1">{}/{}</span>',
            percent, done_label, record.done_count, record.total_count,
        )  # fmt: skip

    def render_due_at(self, value, record) -> str:
        if value is None:  # nothing open in the current stage (or the project is closed)
            return "—"
        css = "text-danger fw-semibold" if record.is_overdue else ""
        return format_html('<span class="{}">{}</span>', css, local_date(value))
