"""The documents page's columns: what each header says and how it sorts. The rows are plain
template rows (templates/documents/list.html), sorted and paged by `apps.core.sorted_rows`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.sorted_rows import Column

PER_PAGE = 25
DEFAULT_SORT = "-created_at"

COLUMNS = [
    Column("title", _("Title"), ("title", "pk")),
    Column("project", _("Project"), ("project__project_id", "-created_at", "pk")),
    Column("category", _("Category"), ("category", "-created_at", "pk")),
    Column(
        "current_version_number",
        _("Version"),
        ("current_version_number", "-created_at", "pk"),
        css="text-end",
    ),
    Column("size_bytes", _("Size"), ("size_bytes", "-created_at", "pk"), css="text-end"),
    Column("access_level", _("Access"), ("access_level", "-created_at", "pk")),
    Column("uploaded_by", _("Uploaded by"), ("uploaded_by__name", "-created_at", "pk")),
    Column("created_at", _("Uploaded"), ("created_at", "pk")),
    Column("download", ""),
]
