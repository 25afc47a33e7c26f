"""PostgreSQL COPY text format, written by hand because the loader makes millions of rows and
psycopg's per-row adaptation would cost more than the database's insert.

Values are pre-formatted strings: ids are 32 hex digits (PostgreSQL reads a uuid without hyphens),
times are `YYYY-MM-DD HH:MM:SS+00`, NULL is `\\N`. Free text goes through `text()`.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Iterable

NULL = "\\N"
_EPOCH = datetime.date(1970, 1, 1)
_V4_CLEAR = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
_V4_SET = (0x4 << 76) | (0x2 << 62)
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def new_id(rng: random.Random) -> str:
    """A version-4 UUID drawn from `rng` (so a seed gives the same ids every time)."""
    return f"{(rng.getrandbits(128) & _V4_CLEAR) | _V4_SET:032x}"


class Clock:
    """Formats epoch seconds for COPY, caching the date part (most rows share a few days)."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}

    def ts(self, seconds: float | None) -> str:
        if seconds is None:
            return NULL
        whole = int(seconds)
        day, rest = divmod(whole, 86_400)
        date = self._days.get(day)
        if date is None:
            date = (_EPOCH + datetime.timedelta(days=day)).isoformat()
            self._days[day] = date
        hours, rest = divmod(rest, 3_600)
        minutes, secs = divmod(rest, 60)
        return f"{date} {hours:02d}:{minutes:02d}:{secs:02d}+00"

    def date(self, seconds: float | None) -> str:
        return NULL if seconds is None else self.ts(seconds)[:10]


def text(value: str) -> str:
    """Free text made safe for the COPY text format."""
    return value.translate(_ESCAPES)


def opt(value: str | None) -> str:
    return NULL if value is None else value


def array(values: Iterable[str]) -> str:
    """A PostgreSQL array literal of simple words (no quotes, commas or braces in them)."""
    return "{" + ",".join(values) + "}"


def jsonb(value: object) -> str:
    return text(json.dumps(value, separators=(",", ":")))


class TableRows:
    """Rows for one table, buffered until the loader copies them in."""

    def __init__(self, table: str, columns: tuple[str, ...]):
        self.table = table
        self.columns = columns
        self.lines: list[str] = []
        self.total = 0
        self.copy_seconds = 0.0

    def add(self, *values: str) -> None:
        self.lines.append("\t".join(values) + "\n")

    def copy_to(self, cursor) -> int:
        """COPY the buffered rows in (one statement) and empty the buffer."""
        if not self.lines:
            return 0
        count = len(self.lines)
        sql = f'COPY "{self.table}" ({", ".join(self.columns)}) FROM STDIN'
        started = time.perf_counter()
        with cursor.copy(sql) as copy:
            copy.write("".join(self.lines))
        self.copy_seconds += time.perf_counter() - started
        self.lines.clear()
        self.total += count
        return count
