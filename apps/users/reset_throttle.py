"""How many password-reset e-mails one address, and one client IP, may cause per hour.

Counters live in the cache (Redis), one window per hour from the first request. Every request is
counted, whether or not the address has an account, and the page answers the same either way, so
the throttle reveals nothing about who has one.

While Redis cannot be reached no reset e-mail is sent (and a warning is logged): the throttle exists
to stop anyone from flooding an inbox or our mail server's reputation, and an outage must not lift
it. A user who asks during an outage sees the usual page and can ask again once Redis is back.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60 * 60
KEY_PREFIX = "password-reset-mails"


def _count(key: str) -> int | None:
    """This request counted in the hour's window of `key`; None when the cache is unreachable."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the key is missing: the outage-tolerant cache's answer while Redis is down
        return None


def password_reset_mail_allowed(*, email: str, ip_address: str | None) -> bool:
    """Counts a reset request for `email` from `ip_address`; whether a mail may be sent for it."""
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    per_address = _count(f"{KEY_PREFIX}:address:{address}")
    per_ip = _count(f"{KEY_PREFIX}:ip:{ip_address or 'unknown'}")
    if per_address is None or per_ip is None:
        logger.warning("Password-reset e-mail not sent: the throttle's cache is unreachable.")
        return False
    return (
        per_address <= settings.PASSWORD_RESET_MAILS_PER_ADDRESS
        and per_ip <= settings.PASSWORD_RESET_MAILS_PER_IP
    )
