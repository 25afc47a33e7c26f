"""The change feed: a version per tenant and per project part, so open pages can ask "changed?"
for the price of one Redis round trip.

A version's tag is `<generation>.<counter>...`:
- each counter is bumped (pipelined INCRs) after the writing transaction commits;
  `changefeed_bump` is called by the activity log's single writer, so every audited change of a
  project, sub-stage, approval, document or message bumps its tenant and its project page part.
  A counter missing from Redis (flushed, evicted) starts again from the present time in
  microseconds, never from 0, so it never repeats a value a browser may still hold.
- the generation (one per tenant, shared by its project pages) moves only when a bump was lost
  (Redis unreachable at the writer): every bump also records the tenant's newest change it
  reported (`seen`); every `CHANGEFEED_MARK_SECONDS` a reader derives the tenant's newest change
  from the database (the activity log) and, when the database is ahead of `seen`, starts a new
  generation, so every live page of the tenant refreshes once.
- with Redis down, every read derives the version from the database (one indexed query): pages
  keep following changes, only a little more expensively.

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

MarkSource = Callable[[uuid.UUID, uuid.UUID | None], int]
_mark_source: MarkSource | None = None
_client: redis.Redis | None = None


def register_mark_source(source: MarkSource) -> None:
    """`source(organization_id, project_id_or_None)` answers the newest change of the scope as an
    integer (the `mark` its bumps report), read inside the tenant's transaction."""
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


def _scope_key(organization_id, project_id, name: str) -> str:
    """The generation, the newest change seen by bumps, and the last check of a scope."""
    return f"changefeed:{organization_id}:{project_id or 'all'}:{name}"


def _fresh_counter() -> int:
    return time.time_ns() // 1000


# SET the key to ARGV[1] unless it already holds a larger number.
_KEEP_MAX = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
"""


def changefeed_bump(
    *, organization_id, mark: int, project_id=None, parts: Iterable[str] = ()
) -> None:
    """After the current transaction commits (at once outside one), bump the tenant's version and
    the named parts of the project's; `mark` is the change's place in the mark source's order.
    Never raises: a bump lost while Redis is unreachable is found by the next check."""
    keys = [_tenant_key(organization_id)]
    if project_id is not None:
        keys += [_part_key(organization_id, project_id, part) for part in parts]
    seen = [_scope_key(organization_id, None, "seen")]
    transaction.on_commit(lambda: _increment(keys, seen, mark))


def _increment(keys: list[str], seen: list[str], mark: int) -> None:
    try:
        client = _redis()
        pipe = client.pipeline(transaction=False)
        fresh = _fresh_counter()
        for key in keys:
            pipe.set(key, fresh, nx=True)
            pipe.incr(key)
        for key in seen:
            pipe.eval(_KEEP_MAX, 1, key, mark)
        pipe.execute()
    except OUTAGE_ERRORS as error:
        logger.warning("Change feed bump lost (%s); the next check finds it", error)


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
        return [
            name for name, value in zip(names, old[1:], strict=True) if value != self.counters[name]
        ]


def tenant_version(
    organization_id, *, redis_only: bool = False, check: bool = True
) -> Version | None:
    """The tenant's version. `redis_only`: None instead of a database read (outside a tenant's
    transaction, where the mark cannot be derived). `check=False`: never the check for lost
    bumps (a page's render leaves it to the page's polls, so it costs no query)."""
    keys = {"all": _tenant_key(organization_id)}
    return _read(organization_id, None, keys, redis_only=redis_only, check=check)


def project_version(
    organization_id, project_id, *, redis_only: bool = False, check: bool = True
) -> Version | None:
    keys = {part: _part_key(organization_id, project_id, part) for part in PROJECT_PARTS}
    return _read(organization_id, project_id, keys, redis_only=redis_only, check=check)


def _read(
    organization_id, project_id, keys: dict[str, str], *, redis_only: bool, check: bool
) -> Version | None:
    names = list(keys)
    # One generation per tenant, checked once a minute: a project page's version shares it, so a
    # project's poll never needs a check of its own (one per tenant, not one per open project).
    generation_key = _scope_key(organization_id, None, "generation")
    checked_key = _scope_key(organization_id, None, "checked")
    try:
        client = _redis()
        checked, generation, *values = client.mget([checked_key, generation_key, *keys.values()])
        if check and (checked is None or generation is None):
            if redis_only:
                return None
            generation = _check(client, organization_id, generation_key, checked_key)
        elif generation is None:
            client.set(generation_key, _fresh_counter(), nx=True)
            generation = client.get(generation_key)
        counters = {}
        for name, key, value in zip(names, keys.values(), values, strict=True):
            if value is None:
                if redis_only:
                    return None
                client.set(key, _fresh_counter(), nx=True)
                value = client.get(key)
            counters[name] = _text(value)
        return Version(mark=_text(generation), counters=counters)
    except OUTAGE_ERRORS as error:
        if redis_only:
            return None
        logger.warning("Change feed read from the database (%s)", error)
        mark = f"db{_derive_mark(organization_id, project_id)}"
        return Version(mark=mark, counters=dict.fromkeys(names, "db"))


def _check(client: redis.Redis, organization_id, generation_key, checked_key):
    """Compare the tenant's newest change in the database with the newest one bumps reported; a
    newer one in the database means a lost bump: start a new generation (every page of the tenant
    refreshes once: a lost bump is rare, and which project it was is not known)."""
    seen_key = _scope_key(organization_id, None, "seen")
    newest = _derive_mark(organization_id, None)
    seen = client.get(seen_key)
    client.set(generation_key, _fresh_counter(), nx=True)
    if seen is None or newest > int(seen):
        client.eval(_KEEP_MAX, 1, seen_key, newest)
        if seen is not None:
            client.incr(generation_key)
    client.set(checked_key, 1, ex=settings.CHANGEFEED_MARK_SECONDS)
    return client.get(generation_key)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _derive_mark(organization_id, project_id) -> int:
    if _mark_source is None:
        return 0
    return _mark_source(organization_id, project_id)
