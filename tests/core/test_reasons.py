"""Free-text reasons: required ones must be given, optional ones may be empty; both are trimmed
and kept under the one limit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from apps.core.reasons import REASON_MAX, optional_reason, required_reason


def test_an_optional_reason_is_trimmed_and_may_be_empty():
    assert optional_reason("  scrapped after review \n") == "scrapped after review"
    assert optional_reason("   ") == ""
    assert optional_reason(None) == ""


def test_a_too_long_optional_reason_is_an_error_on_the_named_field():
    assert optional_reason("x" * REASON_MAX) == "x" * REASON_MAX
    with pytest.raises(ValidationError) as caught:
        optional_reason("x" * (REASON_MAX + 1), field="comments", what="comments")
    assert caught.value.message_dict == {
        "comments": [f"Keep comments under {REASON_MAX} characters."]
    }


def test_a_required_reason_asks_for_itself_and_has_the_same_limit():
    with pytest.raises(ValidationError) as caught:
        required_reason("  ", ask="Say why.")
    assert caught.value.message_dict == {"reason": ["Say why."]}
    with pytest.raises(ValidationError, match="Keep the reason under"):
        required_reason("x" * (REASON_MAX + 1), ask="Say why.")
    assert required_reason(" late delivery ", ask="Say why.") == "late delivery"
