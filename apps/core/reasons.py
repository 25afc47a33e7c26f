"""The one rule for the free-text reasons the workflow asks for (block, reject, move back)."""

from django.core.exceptions import ValidationError

REASON_MAX = 2000


def required_reason(reason: str | None, *, ask: str) -> str:
    """The stripped reason, or a field error saying `ask` when it is empty or too long."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ask})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"Keep the reason under {REASON_MAX} characters."})
    return reason
