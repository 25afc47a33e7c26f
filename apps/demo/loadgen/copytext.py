"""PostgreSQL COPY text format, written by hand because the loader makes millions of rows and
psycopg's per-row adaptation would cost more than the database's insert.

Values are pre-formatted strings: ids are 32 hex digits (PostgreSQL reads a uuid without hyphens),
times are `YYYY-MM-DD HH:MM:SS+00`, NULL is `\\N`. Free text goes through `text()`.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Iterable

from apps.demo.loadgen.writer import CopyJob

NULL = "\\N"
_EPOCH = datetime.date(1970, 1, 1)
_V4_CLEAR = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
_V4_SET = (0x4 << 76) | (0x2 << 62)
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def new_id(rng: random.Random) -> str:
    """A version-4 UUID drawn from `rng` (so a seed gives the same ids every time)."""
    return f"{(rng.getrandbits(128) & _V4_CLEAR) | _V4_SET:032x}"


class Clock:
    """Formats epoch seconds for COPY. The date part is cached per day and the time of day comes
    from a table of all 86,400 of them: the loader formats millions of timestamps."""

    _times_of_day: list[str] = []

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        if not Clock._times_of_day:
            Clock._times_of_day = [
                f" {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}+00"
                for second in range(86_400)
            ]
        self._time_of_day = Clock._times_of_day

    def _day(self, day: int) -> str:
        date = self._days.get(day)
        if date is None:
            date = self._days[day] = (_EPOCH + datetime.timedelta(days=day)).isoformat()
        return date

    def ts(self, seconds: float | None) -> str:
        if seconds is None:
            return NULL
        day, rest = divmod(int(seconds), 86_400)
        return self._day(day) + self._time_of_day[rest]

    def date(self, seconds: float | None) -> str:
        return NULL if seconds is None else self._day(int(seconds) // 86_400)


def text(value: str) -> str:
    """Free text made safe for the COPY text format (most text needs nothing: test first)."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def opt(value: str | None) -> str:
    return NULL if value is None else value


def array(values: Iterable[str]) -> str:
    """A PostgreSQL array literal of simple words (no quotes, commas or braces in them)."""
    return "{" + ",".join(values) + "}"


def jsonb_list(value: list) -> str:
    return text(json.dumps(value, separators=(",", ":")))


_JSON_CACHE: dict[tuple, str] = {}


def jsonb(value: dict[str, str]) -> str:
    """A flat dict of strings as JSON, cached: the audit trail repeats a few shapes endlessly."""
    key = tuple(value.items())
    encoded = _JSON_CACHE.get(key)
    if encoded is None:
        encoded = text(json.dumps(value, separators=(",", ":")))
        if len(_JSON_CACHE) < 100_000:
            _JSON_CACHE[key] = encoded
    return encoded


class TableRows:
    """Rows for one table, buffered until the loader hands them to the writer."""

    def __init__(self, table: str, columns: tuple[str, ...]):
        self.table = table
        self.columns = columns
        self.lines: list[str] = []

    def add(self, *values: str) -> None:
        self.lines.append("\t".join(values) + "\n")

    def take(self) -> CopyJob | None:
        """The buffered rows as one COPY, emptying the buffer."""
        if not self.lines:
            return None
        count = len(self.lines)
        sql = f'COPY "{self.table}" ({", ".join(self.columns)}) FROM STDIN'
        job = CopyJob(self.table, sql, "".join(self.lines), count)
        self.lines.clear()
        return job
