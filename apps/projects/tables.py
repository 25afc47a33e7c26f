"""The projects table: its columns, their sort orders, and the page of rows it shows.

Rendered by a plain template (templates/projects/table.html), not django-tables2: building every
cell through a column machinery cost most of the page. Pages are keyset pages
(`apps.core.keyset`): the cost of a page does not depend on how deep it is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property

from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.keyset import (
    NEXT,
    BadCursor,
    Cursor,
    Key,
    KeysetPage,
    Sort,
    decode_cursor,
    keyset_page,
)
from apps.projects.models import PriorityLevel, ProjectStatus

PER_PAGE = 25
EMPTY = "—"  # an empty cell
_PLACEHOLDER = uuid.UUID(int=0)
SORT_PARAM = "sort"
CURSOR_PARAM = "cursor"

CREATED = Key("created_at", descending=True)
ID = Key("pk")  # unique: the last key of every sort, so each row has exactly one place


@dataclass(frozen=True)
class Column:
    name: str
    header: Promise
    # The ORDER BY of the column sorted up (sorted down, every key is reversed); none: not sortable
    keys: tuple[Key, ...] = ()
    css: str = ""

    @property
    def orderable(self) -> bool:
        return bool(self.keys)


COLUMNS = (
    Column("project_id", _("Code"), (Key("project_id"), ID)),
    Column("title", _("Title"), (Key("title"), Key("project_id"), ID)),
    Column("customer", _("Customer"), (Key("customer_name"), CREATED, ID)),
    Column("stage", _("Stage"), (Key("current_stage__stage_order", nullable=True), CREATED, ID)),
    Column("status", _("Status"), (Key("status"), CREATED, ID)),
    Column("priority_level", _("Priority"), (Key("priority_rank"), CREATED, ID)),
    Column("progress", _("Progress"), css="w-25"),
    Column("due_at", _("Next due"), (Key("due_at", nullable=True), CREATED, ID)),
    Column("assigned_to", _("Assignee"), (Key("assigned_to__name", nullable=True), ID)),
)
DEFAULT_SORT = Sort("", (CREATED, ID))  # newest first


def _sorts() -> dict[str, Sort]:
    sorts = {}
    for column in COLUMNS:
        if column.orderable:
            up = Sort(column.name, column.keys)
            sorts[column.name] = up
            sorts[f"-{column.name}"] = Sort(f"-{column.name}", up.reversed().keys)
    return sorts


SORTS = _sorts()


def progress_percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


@dataclass(frozen=True)
class ProjectRow:
    """What one row shows, worked out once in Python: the template only prints it. (Reading the
    same through template lookups, lazy choice labels and per-number localisation cost more than
    the query.)"""

    url: str
    code: str
    title: str
    customer: str
    stage: str
    status: str
    priority: str
    priority_label: str
    percent: int
    done_label: str
    progress: str  # "3/12"
    due_at: object  # a datetime, or None when nothing is open in the current stage
    is_overdue: bool
    assignee: str


def project_rows(projects) -> list[ProjectRow]:
    statuses = {value: str(label) for value, label in ProjectStatus.choices}
    priorities = {value: str(label) for value, label in PriorityLevel.choices}
    # One reverse for the page: every row's link is the same path around its id.
    url_pattern = reverse("projects:detail", kwargs={"pk": _PLACEHOLDER})
    done = gettext("%(percent)s%% done")
    rows = []
    for project in projects:
        percent = progress_percent(project.done_count, project.total_count)
        rows.append(
            ProjectRow(
                url=url_pattern.replace(str(_PLACEHOLDER), str(project.pk)),
                code=project.project_id,
                title=project.title,
                customer=project.customer_name or EMPTY,
                stage=project.current_stage.name if project.current_stage else EMPTY,
                status=statuses.get(project.status, project.status),
                priority=project.priority_level,
                priority_label=priorities.get(project.priority_level, project.priority_level),
                percent=percent,
                done_label=done % {"percent": percent},
                progress=f"{project.done_count}/{project.total_count}",
                due_at=project.due_at,
                is_overdue=project.is_overdue,
                assignee=project.assigned_to.name if project.assigned_to else EMPTY,
            )
        )
    return rows


@dataclass(frozen=True)
class Header:
    column: Column
    href: str  # the link that sorts by this column ("" when it cannot be sorted)
    direction: str  # "asc" or "desc" when the table is sorted by it, else ""


@dataclass
class ProjectTable:
    page: KeysetPage
    headers: list[Header]
    next_href: str
    previous_href: str

    @cached_property
    def rows(self) -> list[ProjectRow]:
        return project_rows(self.page.rows)


def chosen_sort(params: QueryDict) -> Sort:
    """The first sort asked for that the table knows (unknown names are ignored); else newest."""
    for name in params.getlist(SORT_PARAM):
        if name in SORTS:
            return SORTS[name]
    return DEFAULT_SORT


def project_table(queryset, params: QueryDict, *, per_page: int = PER_PAGE) -> ProjectTable:
    """The page of `queryset` the query string asks for: its sort, and the cursor of a page's
    "Next"/"Previous" link. A cursor that is not this server's, or not of this sort, shows the
    first page (as a page number past the end always did)."""
    sort = chosen_sort(params)
    try:
        cursor = decode_cursor(params[CURSOR_PARAM], sort) if params.get(CURSOR_PARAM) else None
    except BadCursor:
        cursor = None
    page = keyset_page(queryset, sort, cursor, per_page=per_page)
    return ProjectTable(
        page=page,
        headers=_headers(params, sort),
        next_href=_link(params, cursor=page.next_cursor) if page.has_next else "",
        previous_href=_link(params, cursor=page.previous_cursor) if page.has_previous else "",
    )


def _headers(params: QueryDict, sort: Sort) -> list[Header]:
    headers = []
    for column in COLUMNS:
        if not column.orderable:
            headers.append(Header(column, "", ""))
            continue
        direction = {column.name: "asc", f"-{column.name}": "desc"}.get(sort.name, "")
        following = f"-{column.name}" if direction == "asc" else column.name
        headers.append(Header(column, _link(params, sort=following), direction))
    return headers


def _link(params: QueryDict, *, sort: str | None = None, cursor: str = "") -> str:
    """The query string of the same list with another sort (from its first page) or page."""
    query = params.copy()
    query.pop("page", None)  # the page numbers of the offset pages before
    query.pop(CURSOR_PARAM, None)
    if sort is not None:
        query[SORT_PARAM] = sort
    if cursor:
        query[CURSOR_PARAM] = cursor
    return f"?{query.urlencode()}"


def page_cursor(queryset, number: int, sort: Sort = DEFAULT_SORT) -> tuple[str, int]:
    """The cursor of page `number` of `queryset` as its "Next" link carries it (for the benchmark's
    deep page), or of the last page when there are fewer; "" for the first page. Reads the row
    before the page by OFFSET: a one-off, not a page view."""
    count = queryset.count()
    number = max(1, min(number, (count - 1) // PER_PAGE + 1))
    if number == 1:
        return "", 1
    before = queryset.order_by(*sort.order_by())[(number - 1) * PER_PAGE - 1]
    cursor = Cursor(sort.name, NEXT, tuple(sort.values_of(before)), number)
    return cursor.encode(), number
