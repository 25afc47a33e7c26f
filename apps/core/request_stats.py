"""Per-minute request figures in Redis, for the KPIs that need "the last hour of real requests".

Every request adds to the hash of its minute (`factorypulse:request-stats:<YYYYMMDDHHMM>`): how
many requests and how many 5xx answers, and for the dashboard's pages a latency histogram (one
field per bucket of `LATENCY_BUCKETS`). The hash expires after `RETENTION`.

Why Redis and not the Prometheus files or a table: the Prometheus values live in one host's
files and restart with the processes, while the KPI must cover every web process of every host
for the past hour; a table would cost every request a write in its own transaction. One
pipelined HINCRBY round trip per request is cheap, every host shares it, and losing it with Redis
loses at most an hour of latency history (the trend is kept by the KPI sampler in a table). When
Redis is unreachable nothing is recorded and the page is answered as usual.
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.utils import timezone

from apps.core.health import redis_client
from apps.core.metrics import LATENCY_BUCKETS

logger = logging.getLogger(__name__)

KEY_PREFIX = "factorypulse:request-stats:"
RETENTION = datetime.timedelta(hours=2)
REQUESTS_FIELD = "requests"
ERRORS_FIELD = "errors"
DASHBOARD_FIELD_PREFIX = "dashboard:"  # + the index of the latency bucket

# After a failure, requests stop trying for this long: an unreachable Redis would otherwise add
# its connect timeout (1 s) to every page.
PAUSE_AFTER_FAILURE_SECONDS = 30.0

_client: redis.Redis | None = None
_paused_until = 0.0


def _redis() -> redis.Redis:
    global _client  # one connection pool per process, not one connection per request
    if _client is None:
        _client = redis_client()
    return _client


def minute_key(moment: datetime.datetime) -> str:
    return KEY_PREFIX + moment.astimezone(datetime.UTC).strftime("%Y%m%d%H%M")


def bucket_index(seconds: float) -> int:
    """The first bucket whose upper edge holds `seconds` (len(LATENCY_BUCKETS) past the last)."""
    for index, upper in enumerate(LATENCY_BUCKETS):
        if seconds <= upper:
            return index
    return len(LATENCY_BUCKETS)


def is_dashboard_view(view_name: str) -> bool:
    """The pages whose latency is the seed's "dashboard query time" (OPS_DASHBOARD_VIEWS)."""
    return (
        any(
            view_name == name or (name.endswith(":") and view_name.startswith(name))
            for name in settings.OPS_DASHBOARD_VIEWS
        )
        and view_name not in settings.OPS_DASHBOARD_VIEWS_EXCLUDED
    )


def record_request(
    *, view_name: str, status: int, seconds: float, now: datetime.datetime | None = None
) -> None:
    global _paused_until
    if time.monotonic() < _paused_until:
        return
    key = minute_key(now or timezone.now())
    try:
        pipeline = _redis().pipeline(transaction=False)
        pipeline.hincrby(key, REQUESTS_FIELD, 1)
        if status >= 500:
            pipeline.hincrby(key, ERRORS_FIELD, 1)
        if is_dashboard_view(view_name):
            pipeline.hincrby(key, f"{DASHBOARD_FIELD_PREFIX}{bucket_index(seconds)}", 1)
        pipeline.expire(key, int(RETENTION.total_seconds()))
        pipeline.execute()
    except redis.RedisError as error:
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
        logger.warning("Request figures not recorded for %.0f s: %s", PAUSE_AFTER_FAILURE_SECONDS,
                       error)  # fmt: skip


@dataclass(frozen=True)
class RequestWindow:
    """The requests of the minutes of a window, summed."""

    minutes: int
    requests: int
    errors: int
    dashboard_buckets: list[int]  # per bucket of LATENCY_BUCKETS, then one past the last

    @property
    def dashboard_requests(self) -> int:
        return sum(self.dashboard_buckets)

    @property
    def errors_per_minute(self) -> float:
        return self.errors / self.minutes

    def dashboard_quantile(self, quantile: float) -> float | None:
        """Seconds, interpolated inside the bucket as PromQL's histogram_quantile does; None
        without dashboard requests."""
        total = self.dashboard_requests
        if total == 0:
            return None
        rank = quantile * total
        seen = 0
        for index, count in enumerate(self.dashboard_buckets):
            if count and seen + count >= rank:
                if index == len(LATENCY_BUCKETS):
                    return LATENCY_BUCKETS[-1]  # beyond the last edge: all that can be said
                lower = LATENCY_BUCKETS[index - 1] if index else 0.0
                upper = LATENCY_BUCKETS[index]
                return lower + (upper - lower) * (rank - seen) / count
            seen += count
        return LATENCY_BUCKETS[-1]


def request_window(
    minutes: int, *, now: datetime.datetime | None = None, include_current: bool = True
) -> RequestWindow:
    """The last `minutes` minutes (the current, still running one included unless told not).
    Raises redis.RedisError when Redis cannot be read."""
    now = now or timezone.now()
    first = 0 if include_current else 1
    keys = [minute_key(now - datetime.timedelta(minutes=i)) for i in range(first, first + minutes)]
    pipeline = _redis().pipeline(transaction=False)
    for key in keys:
        pipeline.hgetall(key)
    requests = errors = 0
    buckets = [0] * (len(LATENCY_BUCKETS) + 1)
    for fields in pipeline.execute():
        requests += int(fields.get(REQUESTS_FIELD.encode(), 0))
        errors += int(fields.get(ERRORS_FIELD.encode(), 0))
        for name, value in fields.items():
            name = name.decode()
            if name.startswith(DASHBOARD_FIELD_PREFIX):
                buckets[int(name.removeprefix(DASHBOARD_FIELD_PREFIX))] += int(value)
    return RequestWindow(
        minutes=minutes, requests=requests, errors=errors, dashboard_buckets=buckets
    )
