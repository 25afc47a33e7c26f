"""The one-pass selects give the HTML Django's own widgets give, and read the same values."""

from __future__ import annotations

import uuid

from django import forms
from django.http import QueryDict
from django.test.html import parse_html

from apps.core.widgets import FastSelect, FastSelectMultiple

FIRST, SECOND = uuid.uuid4(), uuid.uuid4()
CHOICES = [("", "Anyone"), (FIRST, "An <Engineer>"), (SECOND, "Bảo & Co")]


def rendered(widget_class, value) -> str:
    widget = widget_class(attrs={"class": "form-select", "size": 6})
    widget.choices = CHOICES
    return widget.render("people", value, attrs={"id": "id_people"})


def test_fast_select_renders_what_select_renders():
    for value in (None, "", FIRST, str(SECOND)):
        assert parse_html(rendered(FastSelect, value)) == parse_html(rendered(forms.Select, value))


def test_fast_select_multiple_renders_what_select_multiple_renders():
    for value in ([], [FIRST], [str(FIRST), str(SECOND)]):
        fast = rendered(FastSelectMultiple, value)
        assert parse_html(fast) == parse_html(rendered(forms.SelectMultiple, value))
        assert " multiple" in fast
    assert "An &lt;Engineer&gt;" in rendered(FastSelectMultiple, [])


def test_fast_select_multiple_reads_every_value_of_its_name():
    widget = FastSelectMultiple()
    data = QueryDict(f"people={FIRST}&people={SECOND}")

    assert widget.value_from_datadict(data, {}, "people") == [str(FIRST), str(SECOND)]
    assert widget.value_from_datadict(QueryDict(""), {}, "people") == []
    assert widget.value_omitted_from_data(QueryDict(""), {}, "people") is False
