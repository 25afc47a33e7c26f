"""The one way dates, times, numbers and money read (apps/core/formatting.py), in English and in
Vietnamese, in the viewer's timezone; relative times counted from a frozen now, on both sides of
midnight in UTC and in Vietnam (UTC+7)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone, translation

from apps.core import formatting

UTC = datetime.UTC
SAIGON = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
# 23:30 UTC on 17 April is 06:30 on 18 April in Vietnam: the date itself depends on the viewer.
LATE_EVENING_UTC = datetime.datetime(2027, 4, 17, 23, 30, tzinfo=UTC)


def shown(language, zone, function, *args):
    with translation.override(language), timezone.override(zone):
        return function(*args)


@pytest.mark.parametrize(
    ("language", "zone", "date", "date_time"),
    [
        ("en", UTC, "17 Apr 2027", "17 Apr 2027, 23:30"),
        ("en", SAIGON, "18 Apr 2027", "18 Apr 2027, 06:30"),
        ("vi", SAIGON, "18/04/2027", "18/04/2027 06:30"),
        ("vi", CHICAGO, "17/04/2027", "17/04/2027 18:30"),
    ],
)
def test_a_moment_reads_in_the_viewers_language_and_timezone(language, zone, date, date_time):
    assert shown(language, zone, formatting.local_date, LATE_EVENING_UTC) == date
    assert shown(language, zone, formatting.local_datetime, LATE_EVENING_UTC) == date_time


def test_a_calendar_date_is_not_moved_by_the_timezone():
    day = datetime.date(2027, 4, 18)

    assert shown("en", CHICAGO, formatting.local_date, day) == "18 Apr 2027"
    assert shown("vi", SAIGON, formatting.local_datetime, day) == "18/04/2027"
    assert formatting.local_date(None) == ""


@pytest.mark.parametrize(
    ("language", "amount", "currency", "text"),
    [
        ("vi", Decimal("1628500"), "VND", "1.628.500\N{NO-BREAK SPACE}₫"),
        ("en", Decimal("1628500"), "VND", "1,628,500\N{NO-BREAK SPACE}₫"),
        ("en", Decimal("1628500"), "USD", "1,628,500.00\N{NO-BREAK SPACE}USD"),
        ("vi", Decimal("1628500.5"), "usd", "1.628.500,50\N{NO-BREAK SPACE}USD"),
        ("vi", Decimal("1628500.5"), "VND", "1.628.501\N{NO-BREAK SPACE}₫"),
        ("en", 0, "EUR", "0.00\N{NO-BREAK SPACE}EUR"),
        ("en", None, "USD", ""),
    ],
)
def test_money_has_thousands_separators_and_its_currency(language, amount, currency, text):
    assert shown(language, UTC, formatting.money, amount, currency) == text


def test_numbers_use_the_languages_separators():
    assert shown("en", UTC, formatting.number, 12345) == "12,345"
    assert shown("vi", UTC, formatting.number, 12345) == "12.345"
    assert shown("vi", UTC, formatting.number, Decimal("1234.56"), 1) == "1.234,6"
    assert shown("en", UTC, formatting.number, "not a number") == ""


@pytest.mark.parametrize(
    "now",
    [
        datetime.datetime(2027, 4, 17, 23, 59, tzinfo=UTC),  # before midnight UTC
        datetime.datetime(2027, 4, 18, 0, 1, tzinfo=UTC),  # after midnight UTC
        datetime.datetime(2027, 4, 17, 16, 59, tzinfo=UTC),  # 23:59 in Vietnam
        datetime.datetime(2027, 4, 17, 17, 1, tzinfo=UTC),  # 00:01 in Vietnam
    ],
)
def test_relative_times_are_counted_from_now_and_translated_with_plurals(now):
    with time_machine.travel(now, tick=False):
        three_days_ago = now - datetime.timedelta(days=3, minutes=5)
        in_two_hours = now + datetime.timedelta(hours=2, minutes=1)
        one_day_overdue = now - datetime.timedelta(hours=49)

        assert shown("en", SAIGON, formatting.relative_time, three_days_ago) == "3 days ago"
        assert shown("en", SAIGON, formatting.relative_time, in_two_hours) == "in 2 hours"
        assert shown("en", SAIGON, formatting.due_relative, three_days_ago) == "3 days overdue"
        assert shown("en", SAIGON, formatting.due_relative, in_two_hours) == "due in 2 hours"
        assert shown("en", UTC, formatting.due_relative, one_day_overdue) == "2 days overdue"
        assert (
            shown("en", UTC, formatting.relative_time, now - datetime.timedelta(minutes=1))
            == "1 minute ago"
        )
        assert shown("vi", SAIGON, formatting.relative_time, three_days_ago) == "3 ngày trước"
        assert shown("vi", SAIGON, formatting.relative_time, in_two_hours) == "sau 2 giờ nữa"
        assert shown("vi", SAIGON, formatting.due_relative, three_days_ago) == "quá hạn 3 ngày"
        assert shown("vi", SAIGON, formatting.relative_time, now) == "vừa xong"


def test_templates_show_them_through_the_formatting_filters():
    template = Template(
        "{% load formatting %}{{ when|local_datetime }} · {{ amount|money:'VND' }} · "
        "{{ count|number }}"
    )
    context = Context({"when": LATE_EVENING_UTC, "amount": Decimal("1628500"), "count": 1500})

    with translation.override("vi"), timezone.override(SAIGON):
        text = template.render(context)

    assert text == "18/04/2027 06:30 · 1.628.500\N{NO-BREAK SPACE}₫ · 1.500"


def test_no_template_formats_a_date_or_a_number_its_own_way():
    """One way: the formatting filters, not `|date:"…"`, `intcomma` or `floatformat` (machine
    formats in attributes, `|date:'c'` and the zone name `|date:'e'`, are not for reading)."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    own_way = re.compile(r"\|date:(?![\"']c[\"']|[\"']e[\"'])|\|intcomma|\|floatformat|\|timesince")
    offenders = [
        f"{path.relative_to(templates)}:{number}"
        for path in [*templates.rglob("*.html"), *templates.rglob("*.txt")]
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if own_way.search(line) and "stage_entered_at|timesince" not in line
    ]

    assert not offenders, offenders
