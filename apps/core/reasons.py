"""The one rule for the free-text reasons the workflow asks for (block, reject, move back) and
the optional ones (a deletion's reason, an approval's comments)."""

from django.core.exceptions import ValidationError

REASON_MAX = 2000


def optional_reason(reason: str | None, *, field: str = "reason", what: str = "the reason") -> str:
    """The stripped reason ("" when none is given), or an error on `field` when it is too long."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({field: f"Keep {what} under {REASON_MAX} characters."})
    return reason


def required_reason(reason: str | None, *, ask: str) -> str:
    """The stripped reason, or a field error saying `ask` when it is empty or too long."""
    reason = optional_reason(reason)
    if not reason:
        raise ValidationError({"reason": ask})
    return reason
