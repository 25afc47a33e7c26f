"""Sorting from the query string, header links, and row links without reverse() per row."""

import uuid

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apps.core.row_urls import RowUrl
from apps.core.sorted_rows import Column, headers, sort_order

COLUMNS = [
    Column("title", "Title", ("title", "pk")),
    Column("size", "Size", ("size_bytes", "-created_at", "pk"), css="text-end"),
    Column("download", ""),
]


def ask(query: str):
    return RequestFactory().get(f"/documents/?{query}")


@pytest.mark.parametrize(
    ("query", "sort", "order"),
    [
        ("", "-size", ("-size_bytes", "created_at", "-pk")),
        ("sort=title", "title", ("title", "pk")),
        ("sort=-title", "-title", ("-title", "-pk")),
        ("sort=size", "size", ("size_bytes", "-created_at", "pk")),
        ("sort=password", "-size", ("-size_bytes", "created_at", "-pk")),  # unknown: ignored
        ("sort=download", "-size", ("-size_bytes", "created_at", "-pk")),  # does not sort
    ],
)
def test_the_sort_comes_from_the_query_string_or_the_default(query, sort, order):
    assert sort_order(ask(query), COLUMNS, "-size") == (sort, order)


def test_headers_link_to_their_sort_and_the_current_one_flips():
    request = ask("page=2&sort=-title&q=gear")

    title, size, download = headers(request, COLUMNS, "-title")

    assert (title.url, title.direction, title.css) == (
        "?page=2&sort=title&q=gear",
        "desc",
        "desc orderable",
    )
    assert (size.url, size.direction, size.css) == (
        "?page=2&sort=size&q=gear",
        "",
        "orderable text-end",
    )
    assert (download.url, download.css) == ("", "")
    assert headers(ask("sort=title"), COLUMNS, "title")[0].url == "?sort=-title"


@pytest.mark.parametrize(
    "url_name", ["documents:detail", "documents:download", "notifications:read", "projects:detail"]
)
def test_row_urls_are_what_reverse_gives(url_name):
    pk = uuid.uuid4()

    assert RowUrl(url_name)(pk) == reverse(url_name, kwargs={"pk": pk})
