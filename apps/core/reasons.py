"""The one rule for the free-text reasons the workflow asks for (block, reject, move back) and
the optional ones (a deletion's reason, an approval's comments)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

REASON_MAX = 2000


def optional_reason(reason: str | None, *, field: str = "reason", what: str | None = None) -> str:
    """The stripped reason ("" when none is given), or an error on `field` when it is too long.
    `what` names the text in the error (translated by the caller; default "the reason")."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                field: gettext("Keep %(what)s under %(limit)s characters.")
                % {"what": what or gettext("the reason"), "limit": REASON_MAX}
            }
        )
    return reason


def required_reason(reason: str | None, *, ask: str) -> str:
    """The stripped reason, or a field error saying `ask` when it is empty or too long."""
    reason = optional_reason(reason)
    if not reason:
        raise ValidationError({"reason": ask})
    return reason
