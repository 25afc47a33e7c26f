"""The one way dates, times, numbers and money are shown: in the active language's formats
(factorypulse/formats/<language>/formats.py) and the active timezone, which the request (the
viewer's settings) or `users.locale.user_locale` (an e-mail's reader) has set.

Templates use them as filters (`{% load formatting %}`: local_date, local_datetime, number,
money, relative_time, due_relative); Python code that writes text for a person calls them here.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

# Currencies with no minor unit in use (ISO 4217 exponent 0) and the signs people write them
# with. Any other currency shows two decimals and its ISO code after the amount.
ZERO_DECIMAL_CURRENCIES = frozenset({"VND", "JPY", "KRW", "CLP", "ISK"})
CURRENCY_SIGNS = {"VND": "₫"}


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def local_date(value) -> str:
    """The date, in the viewer's timezone when it is a moment ("18 Apr 2027", "18/04/2027")."""
    if not isinstance(value, datetime.date):
        return ""
    return formats.date_format(_local(value), "DATE_FORMAT")


def local_datetime(value) -> str:
    """Date and time in the viewer's timezone ("18 Apr 2027, 14:30", "18/04/2027 14:30")."""
    if not isinstance(value, datetime.datetime):
        return local_date(value)
    return formats.date_format(_local(value), "DATETIME_FORMAT")


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def number(value, decimals=None) -> str:
    """A number with the language's separators ("1,628,500.5", "1.628.500,5"); `decimals` rounds
    to that many places."""
    amount = _decimal(value)
    if amount is None:
        return ""
    if decimals not in (None, ""):
        places = int(decimals)
        amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return formats.number_format(amount, places, use_l10n=True, force_grouping=True)
    return formats.number_format(amount, use_l10n=True, force_grouping=True)


def money(value, currency: str = "") -> str:
    """An amount and its currency after it: "1,628,500.00 USD" in English, "1.628.500 ₫" (the
    dong has no decimals) in Vietnamese. One order for every currency and language, so a column
    of amounts lines up."""
    amount = _decimal(value)
    if amount is None:
        return ""
    code = (currency or "").strip().upper()
    decimals = 0 if code in ZERO_DECIMAL_CURRENCIES else 2
    text = number(amount, decimals)
    sign = CURRENCY_SIGNS.get(code, code)
    return f"{text}\N{NO-BREAK SPACE}{sign}" if sign else text


def _units(seconds: float) -> tuple[str, int]:
    minutes = int(seconds // 60)
    if minutes < 60:
        return "minutes", minutes
    hours = minutes // 60
    if hours < 48:
        return "hours", hours
    return "days", hours // 24


def relative_time(value, now: datetime.datetime | None = None) -> str:
    """How far a moment is from now: "3 days ago", "in 2 hours", "just now"."""
    if not isinstance(value, datetime.datetime):
        return ""
    seconds = ((now or timezone.now()) - value).total_seconds()
    unit, count = _units(abs(seconds))
    if count == 0 and unit == "minutes":
        return gettext("just now")
    if seconds >= 0:
        texts = {
            "minutes": ngettext("%(count)d minute ago", "%(count)d minutes ago", count),
            "hours": ngettext("%(count)d hour ago", "%(count)d hours ago", count),
            "days": ngettext("%(count)d day ago", "%(count)d days ago", count),
        }
    else:
        texts = {
            "minutes": ngettext("in %(count)d minute", "in %(count)d minutes", count),
            "hours": ngettext("in %(count)d hour", "in %(count)d hours", count),
            "days": ngettext("in %(count)d day", "in %(count)d days", count),
        }
    return texts[unit] % {"count": count}


def due_relative(value, now: datetime.datetime | None = None) -> str:
    """A deadline seen from now: "due in 2 hours", "3 days overdue", "due now"."""
    if not isinstance(value, datetime.datetime):
        return ""
    seconds = (value - (now or timezone.now())).total_seconds()
    unit, count = _units(abs(seconds))
    if count == 0 and unit == "minutes":
        return gettext("due now")
    if seconds > 0:
        texts = {
            "minutes": ngettext("due in %(count)d minute", "due in %(count)d minutes", count),
            "hours": ngettext("due in %(count)d hour", "due in %(count)d hours", count),
            "days": ngettext("due in %(count)d day", "due in %(count)d days", count),
        }
    else:
        texts = {
            "minutes": ngettext("%(count)d minute overdue", "%(count)d minutes overdue", count),
            "hours": ngettext("%(count)d hour overdue", "%(count)d hours overdue", count),
            "days": ngettext("%(count)d day overdue", "%(count)d days overdue", count),
        }
    return texts[unit] % {"count": count}
