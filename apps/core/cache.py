"""The cache backend: Redis, where an outage is a cache miss and never an error.

Nothing in the cache is the only copy of anything (sessions live in PostgreSQL), so while Redis
cannot be reached a read misses, a write is dropped and the page carries on from the database.
The socket timeouts in `CACHES["default"]["OPTIONS"]` bound how long each attempt may wait.
Other Redis errors (a wrong command, a full server) still raise: they are bugs to see, not
outages to ride out.
"""

from __future__ import annotations

import logging

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _outage(operation: str, error: Exception) -> None:
    logger.warning("Cache unavailable, %s skipped (%s: %s)", operation, type(error).__name__, error)


class OutageTolerantRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache that keeps nothing while Redis is down.

    `get_or_set`, `decr` and the async methods go through these, so they behave the same.
    """

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGE_ERRORS as error:
            _outage("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except OUTAGE_ERRORS as error:
            _outage("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OUTAGE_ERRORS as error:
            _outage("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OUTAGE_ERRORS as error:
            _outage("add", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except OUTAGE_ERRORS as error:
            _outage("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except OUTAGE_ERRORS as error:
            _outage("set_many", error)
            return list(data)  # the keys that were not stored

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except OUTAGE_ERRORS as error:
            _outage("touch", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except OUTAGE_ERRORS as error:
            _outage("incr", error)
            # What every cache answers for a missing key; callers of incr already handle it.
            raise ValueError(f"Key '{key}' not found") from error

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OUTAGE_ERRORS as error:
            _outage("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except OUTAGE_ERRORS as error:
            _outage("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except OUTAGE_ERRORS as error:
            _outage("clear", error)
            return False
