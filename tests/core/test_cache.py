"""The cache backend answers as an empty cache that keeps nothing while Redis cannot be reached,
and works as Django's RedisCache when it can (the drill in tests/drills stops a real Redis)."""

import pytest
from django.conf import settings

from apps.core.cache import OutageTolerantRedisCache

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def cache_at(location: str) -> OutageTolerantRedisCache:
    return OutageTolerantRedisCache(location, {"OPTIONS": {"socket_connect_timeout": 1}})


def test_every_operation_answers_as_an_empty_cache_when_redis_is_unreachable():
    cache = cache_at(CLOSED_PORT)

    cache.set("k", 1)
    cache.delete_many(["k"])
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["k", "l"]) == {}
    assert cache.has_key("k") is False
    assert cache.add("k", 1) is False
    assert cache.set_many({"k": 1, "l": 2}) == ["k", "l"]
    assert cache.touch("k") is False
    assert cache.delete("k") is False
    assert cache.clear() is False
    assert cache.get_or_set("k", "computed") == "computed"
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")


def test_with_redis_up_it_stores_as_usual():
    cache = cache_at(settings.REDIS_URL)
    cache.delete("drill:count")

    cache.set("drill:count", 1)

    assert cache.incr("drill:count") == 2
    assert cache.get("drill:count") == 2
    cache.delete("drill:count")
