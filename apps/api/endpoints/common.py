"""What every router shares: the error responses it documents and loading related rows."""

from __future__ import annotations

from ninja.pagination import CursorPagination

from apps.api.errors import ErrorOut

# Every endpoint may answer these; the schema says so, so clients and the contract tests know.
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def responses(ok_status: int, schema) -> dict:
    return {ok_status: schema, **ERRORS}


class NewestFirst(CursorPagination):
    """Cursor pagination, newest first: stable while rows are added, unlike page numbers."""

    def __init__(self, **kwargs):
        super().__init__(
            ordering=("-created_at", "-id"),
            page_size=PAGE_SIZE,
            max_page_size=MAX_PAGE_SIZE,
            **kwargs,
        )
