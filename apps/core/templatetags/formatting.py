"""`{% load formatting %}`: the filters every template shows dates, numbers and money with
(apps/core/formatting.py says how each reads)."""

from django import template

from apps.core import formatting

register = template.Library()

register.filter("local_date", formatting.local_date)
register.filter("local_datetime", formatting.local_datetime)
register.filter("number", formatting.number)
register.filter("money", formatting.money)
register.filter("relative_time", formatting.relative_time)
register.filter("due_relative", formatting.due_relative)
