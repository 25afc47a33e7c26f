"""The people an approval is routed to: a step's approver (a person or a role), and the checks
that whoever is named to decide (approver, delegate, escalation target) may take part."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from apps.approvals import rules
from apps.approvals.models import Approval
from apps.users.models import Role, User


@dataclass(frozen=True)
class ApproverSpec:
    """Who decides one step: a person or a role (any active user with it)."""

    user_id: uuid.UUID | None = None
    role: str | None = None

    def as_json(self) -> dict[str, str]:
        return {"user": str(self.user_id)} if self.user_id else {"role": str(self.role)}

    @classmethod
    def from_json(cls, data: Any) -> ApproverSpec:
        """A step of a stored plan; anything unreadable falls back to management."""
        if isinstance(data, dict):
            if data.get("user"):
                try:
                    return cls(user_id=uuid.UUID(str(data["user"])))
                except ValueError:
                    pass
            if data.get("role") in Role.values:
                return cls(role=data["role"])
        return cls(role=Role.MANAGEMENT)


def _take_part_refusal(approval: Approval, person: User | None, *, what: str) -> str | None:
    """Why `person` may not be named to decide `approval` (as approver, delegate or escalation
    target), or None when they may."""
    if person is None or person.organization_id != approval.organization_id:
        return gettext("Choose an active colleague of your factory as %(what)s.") % {"what": what}
    if not person.is_active:
        return gettext("%(name)s is not active and cannot be %(what)s.") % {
            "name": person.name,
            "what": what,
        }
    if person.pk == approval.requested_by_id:
        return gettext("%(name)s asked for this approval and cannot be %(what)s.") % {
            "name": person.name,
            "what": what,
        }
    if rules.is_read_only(person):
        return gettext("%(role)s users are read-only.") % {"role": person.get_role_display()}
    return None


def may_take_part(approval: Approval, person: User | None) -> bool:
    """`person` may be named to decide `approval`: an active user of its tenant who is not the
    requester and not read-only."""
    return _take_part_refusal(approval, person, what=gettext("an approver")) is None


def check_colleague(approval: Approval, person: User | None, *, field: str, what: str) -> User:
    """`person`, if they may take part in deciding `approval` (`may_take_part`); else a
    ValidationError on `field` saying why."""
    refusal = _take_part_refusal(approval, person, what=what)
    if refusal:
        raise ValidationError({field: refusal})
    assert person is not None
    return person


def clean_approver(
    spec: ApproverSpec,
    *,
    approval: Approval,
    field: str,
    people: Mapping[uuid.UUID, User] | None = None,
) -> User | None:
    """Check one step's approver: exactly one of a role that may approve or a person who may take
    part. Returns the person (None for a role). `people` are the users already loaded by id (a
    whole chain's, in one query); without it the person is read here."""
    if bool(spec.user_id) == bool(spec.role):
        raise ValidationError({field: gettext("Choose a person or a role, not both.")})
    if spec.role:
        if spec.role not in Role.values or spec.role in rules.NON_APPROVER_ROLES:
            raise ValidationError(
                {field: gettext("“%(role)s” cannot approve.") % {"role": spec.role}}
            )
        return None
    if people is None:
        people = {
            person.pk: person
            for person in User.objects.filter(
                organization_id=approval.organization_id, pk=spec.user_id
            )
        }
    return check_colleague(
        approval, people.get(spec.user_id), field=field, what=gettext("an approver")
    )
