"""Keyset ("cursor") pagination: a page is the rows after (or before) the last row the reader saw,
in the list's sort order, so page 400 costs what page 1 does. An OFFSET makes PostgreSQL read and
throw away every row before the page.

A `Sort` is the list's ORDER BY: keys ending in one that is unique (the primary key), so that every
row has exactly one place. A cursor names a row by the values of those keys; it is signed (only the
server's own cursors are read) and names its sort, so a cursor is never applied to another order.

NULLs sort as PostgreSQL sorts them by default: after every value going up, first going down; the
conditions below follow that, so a nullable key (a due date, an assignee) pages without skipping
or repeating a row.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q, QuerySet

CURSOR_SALT = "core.keyset"
NEXT, PREVIOUS = "n", "p"


@dataclass(frozen=True)
class Key:
    """One ORDER BY term: a field, annotation or related path (`assigned_to__name`)."""

    name: str
    descending: bool = False
    nullable: bool = False

    @property
    def order(self) -> str:
        return f"-{self.name}" if self.descending else self.name

    def reversed(self) -> Key:
        return Key(self.name, not self.descending, self.nullable)


@dataclass(frozen=True)
class Sort:
    """An ORDER BY whose last key is unique. `name` identifies it in cursors."""

    name: str
    keys: tuple[Key, ...]

    def reversed(self) -> Sort:
        return Sort(self.name, tuple(key.reversed() for key in self.keys))

    def order_by(self) -> list[str]:
        return [key.order for key in self.keys]

    def values_of(self, row) -> list:
        return [_json_value(_read(row, key.name)) for key in self.keys]


@dataclass(frozen=True)
class Cursor:
    sort: str
    direction: str  # NEXT: the rows after `values`; PREVIOUS: the rows before them
    values: tuple
    number: int  # the page number it leads to (shown to the reader; it changes nothing)

    def encode(self) -> str:
        return signing.dumps(
            [self.sort, self.direction, list(self.values), self.number],
            salt=CURSOR_SALT,
            compress=True,
        )


class BadCursor(ValueError):
    """A cursor that was not made by this server for this sort."""


def decode_cursor(text: str, sort: Sort) -> Cursor:
    try:
        name, direction, values, number = signing.loads(text, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadCursor(text) from None
    if (
        name != sort.name
        or direction not in (NEXT, PREVIOUS)
        or not isinstance(values, list)
        or len(values) != len(sort.keys)
        or not isinstance(number, int)
    ):
        raise BadCursor(text)
    return Cursor(name, direction, tuple(values), max(number, 1))


@dataclass
class KeysetPage:
    rows: list
    number: int
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""  # empty on page 2: its previous page is the first, with no cursor


def keyset_page(queryset: QuerySet, sort: Sort, cursor: Cursor | None, *, per_page: int):
    """One page of `queryset` in `sort` order, read in one query (a row more than the page, to
    know whether another page follows)."""
    if cursor is None:
        rows = list(queryset.order_by(*sort.order_by())[: per_page + 1])
        return _page(sort, rows[:per_page], 1, len(rows) > per_page, False, per_page)
    walk = sort if cursor.direction == NEXT else sort.reversed()
    rows = list(
        queryset.filter(after(walk, cursor.values)).order_by(*walk.order_by())[: per_page + 1]
    )
    more = len(rows) > per_page
    rows = rows[:per_page]
    if cursor.direction == NEXT:
        return _page(sort, rows, cursor.number, more, True, per_page)
    rows.reverse()
    # Nothing before these rows: this is the first page, whatever number the cursor carried.
    number = cursor.number if more else 1
    return _page(sort, rows, number, True, more, per_page)


def _page(sort, rows, number, has_next, has_previous, per_page) -> KeysetPage:
    page = KeysetPage(rows, number, has_next and bool(rows), has_previous)
    if page.has_next:
        page.next_cursor = Cursor(sort.name, NEXT, tuple(sort.values_of(rows[-1])), number + 1)
        page.next_cursor = page.next_cursor.encode()
    if has_previous and number > 2 and rows:
        previous = Cursor(sort.name, PREVIOUS, tuple(sort.values_of(rows[0])), number - 1)
        page.previous_cursor = previous.encode()
    return page


def after(sort: Sort, values) -> Q:
    """The rows strictly after the row whose keys are `values`, in `sort` order:
    k1 > v1, or k1 = v1 and k2 > v2, or … (with each key's direction and NULLs).

    The first key's bound (k1 >= v1) is also given on its own, so that PostgreSQL starts an index
    scan at the cursor instead of filtering every row before it."""
    keys = sort.keys
    alternatives = Q(pk__in=[])  # always false: the start of an OR
    equal_so_far = Q()
    for index, (key, value) in enumerate(zip(keys, values, strict=True)):
        alternatives |= equal_so_far & _beyond(key, value)
        if index < len(keys) - 1:
            equal_so_far &= _equal(key, value)
    return _at_or_beyond(keys[0], values[0]) & alternatives


def _beyond(key: Key, value) -> Q:
    """key strictly after value. NULL is larger than every value (PostgreSQL's default)."""
    if value is None:
        # Going up nothing follows NULL; going down every value does.
        return Q(pk__in=[]) if not key.descending else Q(**{f"{key.name}__isnull": False})
    lookup = "lt" if key.descending else "gt"
    condition = Q(**{f"{key.name}__{lookup}": value})
    if key.nullable and not key.descending:
        condition |= Q(**{f"{key.name}__isnull": True})
    return condition


def _equal(key: Key, value) -> Q:
    if value is None:
        return Q(**{f"{key.name}__isnull": True})
    return Q(**{key.name: value})


def _at_or_beyond(key: Key, value) -> Q:
    """key at or after value, as one range an index scan can start from."""
    if value is None:
        return Q() if key.descending else Q(**{f"{key.name}__isnull": True})
    condition = Q(**{f"{key.name}__{'lte' if key.descending else 'gte'}": value})
    if key.nullable and not key.descending:
        condition |= Q(**{f"{key.name}__isnull": True})
    return condition


def _read(row, path: str):
    value = row
    for part in path.split("__"):
        value = getattr(value, "pk" if part == "pk" else part, None)
        if value is None:
            return None
    return value


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value
