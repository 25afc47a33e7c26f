"""The change feed: a version per tenant and per project part, so open pages can ask "changed?"
for the price of one Redis round trip.

A version is `<mark>.<counter>`:
- the counter is bumped (one pipelined INCR per key) after the writing transaction commits;
  `changefeed_bump` is called by the activity log's single writer, so every audited change of a
  project, sub-stage, approval, document or message bumps it. A counter missing from Redis
  (flushed, evicted) starts again from the present time in microseconds, never from 0, so it
  never repeats a value a browser may still hold.
- the mark is derived from the database (the newest activity entry of the scope), cached in
  Redis for `CHANGEFEED_MARK_SECONDS`. A bump lost while Redis was unreachable still changes the
  version once the mark is derived again; with Redis down, every read derives the mark from the
  database (one indexed query), so pages keep following changes, only a little more expensively.

Core imports no app: the app that owns the audit trail registers the mark's query
(`register_mark_source`, from its AppConfig.ready()).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

# The parts of a project page that re-render on their own.
PART_MAIN = "main"  # header, stepper, approvals
PART_DOCUMENTS = "documents"
PART_MESSAGES = "messages"
PROJECT_PARTS = (PART_MAIN, PART_DOCUMENTS, PART_MESSAGES)

MarkSource = Callable[[uuid.UUID, uuid.UUID | None], str]
_mark_source: MarkSource | None = None
_client: redis.Redis | None = None


def register_mark_source(source: MarkSource) -> None:
    """`source(organization_id, project_id_or_None)` answers a string that changes whenever the
    scope changes (read inside the tenant's transaction)."""
    global _mark_source
    _mark_source = source


def _redis() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(
            settings.CHANGEFEED_REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5
        )
    return _client


def _tenant_key(organization_id) -> str:
    return f"changefeed:{organization_id}"


def _part_key(organization_id, project_id, part: str) -> str:
    return f"changefeed:{organization_id}:{project_id}:{part}"


def _mark_key(organization_id, project_id) -> str:
    return f"changefeed:{organization_id}:{project_id or 'all'}:mark"


def _fresh_counter() -> int:
    return time.time_ns() // 1000


def changefeed_bump(*, organization_id, project_id=None, parts: Iterable[str] = ()) -> None:
    """After the current transaction commits (at once outside one), bump the tenant's version and
    the named parts of the project's. Never raises: a lost bump is found by the mark."""
    keys = [_tenant_key(organization_id)]
    marks = [_mark_key(organization_id, None)]
    if project_id is not None:
        keys += [_part_key(organization_id, project_id, part) for part in parts]
        marks.append(_mark_key(organization_id, project_id))
    transaction.on_commit(lambda: _increment(keys, marks))


def _increment(keys: list[str], marks: list[str]) -> None:
    try:
        pipe = _redis().pipeline(transaction=False)
        fresh = _fresh_counter()
        for key in keys:
            pipe.set(key, fresh, nx=True)
            pipe.incr(key)
        # The mark is derived again at the next read, so it includes this change: a later
        # expiry then derives the same value and forces no refresh, unless a bump was lost.
        pipe.delete(*marks)
        pipe.execute()
    except OUTAGE_ERRORS as error:
        logger.warning("Change feed bump lost (%s); the mark will show it", error)


@dataclass(frozen=True)
class Version:
    """The versions of one scope: `tag` for the whole, `parts` for each part of a project."""

    mark: str
    counters: dict[str, str]

    @property
    def tag(self) -> str:
        return ".".join([self.mark, *(self.counters[name] for name in sorted(self.counters))])

    def changed_parts(self, previous_tag: str) -> list[str]:
        """The parts whose counter differs from `previous_tag` (all when the mark differs or the
        tag cannot be read)."""
        names = sorted(self.counters)
        old = previous_tag.split(".")
        if len(old) != len(names) + 1 or old[0] != self.mark:
            return names
        return [name for name, value in zip(names, old[1:], strict=True) if value != self.counters[name]]


def tenant_version(organization_id) -> Version:
    return _read(organization_id, None, {"all": _tenant_key(organization_id)})


def project_version(organization_id, project_id) -> Version:
    keys = {part: _part_key(organization_id, project_id, part) for part in PROJECT_PARTS}
    return _read(organization_id, project_id, keys)


def _read(organization_id, project_id, keys: dict[str, str]) -> Version:
    mark_key = _mark_key(organization_id, project_id)
    names = list(keys)
    try:
        client = _redis()
        values = client.mget([mark_key, *keys.values()])
        mark = values[0].decode() if values[0] is not None else None
        if mark is None:
            mark = _derive_mark(organization_id, project_id)
            client.set(mark_key, mark, ex=settings.CHANGEFEED_MARK_SECONDS)
        counters = {}
        for name, key, value in zip(names, keys.values(), values[1:], strict=True):
            if value is None:
                client.set(key, _fresh_counter(), nx=True)
                value = client.get(key)
            counters[name] = value.decode() if isinstance(value, bytes) else str(value)
        return Version(mark=mark, counters=counters)
    except OUTAGE_ERRORS as error:
        logger.warning("Change feed read from the database (%s)", error)
        return Version(mark=_derive_mark(organization_id, project_id), counters=dict.fromkeys(names, "db"))


def _derive_mark(organization_id, project_id) -> str:
    if _mark_source is None:
        return "0"
    return _mark_source(organization_id, project_id)
