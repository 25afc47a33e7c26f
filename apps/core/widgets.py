"""Form widgets for choice lists that can be long (every customer, every colleague)."""

from __future__ import annotations

import html

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString


class FastSelect(forms.Select):
    """A <select> rendered in Python in one pass.

    Django renders each <option> through a template; with a few hundred customers or colleagues
    in a filter bar that alone costs tens of milliseconds per page. Same HTML, same attributes,
    no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        options = render_options(self.choices, self.format_value(value))
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def _escape(value) -> str:
    """conditional_escape without its overhead: safe strings as they are, others escaped as
    django.utils.html.escape escapes (which is html.escape)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def render_options(choices, selected_values) -> SafeString:
    """<option>s of (value, label) pairs; those among `selected_values` (compared as strings, as
    Django's Select compares them) are selected."""
    selected = {str(value) for value in selected_values}
    # One f-string per option with the standard library's escape: format_html's machinery
    # (conditional_escape, mark_safe, lazy checks per argument) cost 6 ms for 460 people.
    options = []
    for option, label in choices:
        text = "" if option is None else str(option)
        mark = " selected" if text in selected else ""
        options.append(f'<option value="{_escape(text)}"{mark}>{_escape(label)}</option>')
    return SafeString("".join(options))  # every part escaped above


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """A <select multiple> rendered like FastSelect; the submitted values are read like
    SelectMultiple's (every value of the name, and an absent name is an empty choice)."""

    allow_multiple_selected = True


class OnDemandSelect(FastSelect):
    """A <select> of a long list (every customer of the tenant) that the page renders with only its
    empty and chosen options; htmx loads the others from `options_url` once the reader points at
    it or moves to it with the keyboard. A page then reads and renders two options, not hundreds.

    `options_url` answers the full list of <option>s for the select's own value (htmx sends it).
    The surrounding filter form's hx-* attributes are inherited by the select, so the ones that
    would misdirect the answer are set here."""

    options_url = ""

    def render(self, name, value, attrs=None, renderer=None):
        if self.options_url:
            attrs = {
                **(attrs or {}),
                "hx-get": self.options_url,
                "hx-trigger": "mouseenter once, focus once, touchstart once",
                "hx-target": "this",
                "hx-swap": "innerHTML",
                "hx-push-url": "false",
                "hx-indicator": "this",
                "hx-sync": "this:drop",
            }
        return super().render(name, value, attrs, renderer)


class ValidatedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete <select>, which shows a refused value again without failing.

    Re-rendering a form, Django's widget looks the submitted value up as a key of the related
    table; a value that is not a key at all ("not-a-uuid") made that query raise and the admin
    answered 500 instead of showing the field's error. Values that cannot be a key are dropped
    before the lookup (the form field has already reported them)."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key_field = remote.model._meta.get_field(remote.field_name)
        return super().optgroups(name, [v for v in value if _is_key(key_field, v)], attr)


def _is_key(key_field, value) -> bool:
    try:
        key_field.run_validators(key_field.to_python(value))
    except ValidationError:
        return False
    return True
