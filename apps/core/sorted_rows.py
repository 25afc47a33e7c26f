"""Sortable, paginated rows for list pages rendered as plain template rows.

django-tables2 built every cell through its column machinery (a signature inspection per cell,
accessors, attrs): two thirds of the documents page at load scale. The pages that use this module
render their rows in their own template and ask it only for the order, the headers' links and a
page of rows.

The query string keeps django-tables2's shape, so bookmarks keep working: `?sort=title` sorts a
column ascending, `?sort=-title` descending, an unknown column is ignored, `?page=N` is the page
(read through `apps.core.pagination.page_number`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Subquery

from apps.core.pagination import page_number

SORT_FIELD = "sort"
PAGE_FIELD = "page"


@dataclass(frozen=True)
class Column:
    """A column of a list. `order_by`: its ascending order, ending with a unique field so pages
    never overlap; empty for a column that does not sort."""

    name: str
    label: str
    order_by: tuple[str, ...] = ()
    css: str = ""


@dataclass(frozen=True)
class Header:
    column: Column
    url: str  # the query string that sorts by this column ("" when it does not sort)
    direction: str  # "asc", "desc" or "" (not the current sort)

    @property
    def css(self) -> str:
        """django-tables2's header classes, which the stylesheet and tests know."""
        classes = [self.direction, "orderable" if self.url else "", self.column.css]
        return " ".join(part for part in classes if part)


def _reversed(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def sort_order(request, columns: list[Column], default: str) -> tuple[str, tuple[str, ...]]:
    """The sort the query string asks for (`default` when it names no sortable column), and the
    queryset ordering it means."""
    by_name = {column.name: column for column in columns if column.order_by}
    for asked in [*request.GET.getlist(SORT_FIELD), default]:
        name = asked.removeprefix("-")
        if name in by_name:
            order = by_name[name].order_by
            if asked.startswith("-"):
                order = tuple(_reversed(field) for field in order)
            return asked, order
    raise ValueError(f"The default sort {default!r} is not a sortable column.")


def headers(request, columns: list[Column], current: str) -> list[Header]:
    """Each column's header with the link that sorts by it (the current one flips)."""
    current_name = current.removeprefix("-")
    descending = current.startswith("-")
    result = []
    for column in columns:
        if not column.order_by:
            result.append(Header(column, "", ""))
            continue
        query = request.GET.copy()
        is_current = column.name == current_name
        query[SORT_FIELD] = (
            f"{column.name}"
            if is_current and descending
            else (f"-{column.name}" if is_current else column.name)
        )
        direction = ("desc" if descending else "asc") if is_current else ""
        result.append(Header(column, f"?{query.urlencode()}", direction))
    return result


@dataclass
class RowsPage:
    """A page of rows that knows whether there is a next one, without counting every row."""

    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def _page_rows(queryset, order, number: int, per_page: int, rows: QuerySet | None) -> list:
    """One page, plus one row to tell whether another follows. The page's ids are found first on
    the bare table and only those rows are joined: with the joins in the same query the planner
    misjudged the OFFSET of a deep page and joined and sorted every row of the tenant. `rows`
    loads them (default: `queryset` again); without the list's filters a second time, the
    planner cannot choose to re-check them over every row."""
    offset = (number - 1) * per_page
    ids = (
        queryset.select_related(None).order_by(*order).values("pk")[offset : offset + per_page + 1]
    )
    loader = queryset if rows is None else rows
    return list(loader.filter(pk__in=Subquery(ids)).order_by(*order))


def rows_page(
    request, queryset: QuerySet, order: tuple[str, ...], *, per_page: int, rows=None
) -> RowsPage:
    """The asked-for page of `queryset` in `order`; a page past the end shows the first one (the
    list knows no last page). `rows`: the queryset that loads the page's rows by id (its
    select_related and only), when it should not repeat `queryset`'s filters."""
    number = page_number(request.GET.get(PAGE_FIELD))
    found = _page_rows(queryset, order, number, per_page, rows)
    if not found and number > 1:
        number, found = 1, _page_rows(queryset, order, 1, per_page, rows)
    return RowsPage(rows=found[:per_page], number=number, has_next=len(found) > per_page)


def counted_page(request, queryset: QuerySet, order: tuple[str, ...], *, per_page: int) -> Page:
    """The asked-for page with the total counted (for short lists that show it); a page past
    the end shows the last one."""
    paginator = Paginator(queryset.order_by(*order), per_page)
    return paginator.get_page(page_number(request.GET.get(PAGE_FIELD)))
