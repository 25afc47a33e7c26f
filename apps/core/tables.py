"""Sorting and paginating django-tables2 tables from the query string, the one way every list
page does it."""

from __future__ import annotations

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django_tables2.paginators import LazyPaginator

from apps.core.pagination import page_number


def table_configure(
    request, table: tables.Table, *, per_page: int, lazy: bool = False
) -> tables.Table:
    """Sort and paginate `table` like django-tables2's RequestConfig, but with a page size the
    client cannot change (nobody asks for 100,000 rows per page).

    lazy=True: a LazyPaginator, which fetches one row more than a page to know whether there is a
    next one instead of counting every matching row; a large list then costs the same as a small
    one. It knows no last page, so a bad page number shows the first page. Otherwise the rows are
    counted (the page can show the total) and a page past the end shows the last page.

    Build the table without `request=`: that would run RequestConfig, which paginates (and
    counts) once before this does.
    """
    table.request = request
    order_by = request.GET.getlist(table.prefixed_order_by_field)
    if order_by:
        table.order_by = order_by  # unknown column names are ignored by the table
    page = page_number(request.GET.get(table.prefixed_page_field))
    if lazy:
        try:
            table.paginate(paginator_class=LazyPaginator, page=page, per_page=per_page)
        except (PageNotAnInteger, EmptyPage):
            table.paginate(paginator_class=LazyPaginator, page=1, per_page=per_page)
        return table
    try:
        table.paginate(page=page, per_page=per_page)
    except PageNotAnInteger:
        table.paginate(page=1, per_page=per_page)
    except EmptyPage:
        table.paginate(page=table.paginator.num_pages, per_page=per_page)
    return table
