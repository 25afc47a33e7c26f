"""Requests per token per minute, counted in Redis (the default cache).

A fixed one-minute window per token: the first request of a window creates the counter with a
one-minute expiry, each request increments it, and past the limit the answer is 429 with
`Retry-After` set to the seconds left in the window. While Redis is down the cache drops the
counter (apps.core.cache) and requests are let through: an outage must not stop integrations.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def rate_limit_retry_after(token_id, *, now: float | None = None) -> int | None:
    """Count one request of the token; None when it is allowed, else the seconds to wait."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"api:rate:{token_id}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter vanished (Redis restarted or is down): let it through
        return None
    if count is None or count <= settings.API_RATE_LIMIT_PER_MINUTE:
        return None
    return max(1, (window + 1) * WINDOW_SECONDS - int(now))
