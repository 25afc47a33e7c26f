"""What an approval can be about: a registry of subject types, filled by the apps that own them.

Approvals sit below projects and documents in the layers, so they cannot import them. Each app
that owns a kind of subject registers a `SubjectType` for its `ApprovalEntityType` in its
`AppConfig.ready()` (as apps register their models with Django's admin): which model it is, how
to find the project it belongs to, and what a decision does to it (approving a sub-stage's last
step completes the sub-stage, rejecting or cancelling sends it back to work). Approvals read the
subject only through here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext

from apps.approvals.models import Approval, ApprovalEntityType


class OnApproved(Protocol):
    def __call__(self, *, user, approval: Approval, now: datetime.datetime) -> None: ...


class OnWithdrawn(Protocol):
    """A rejection or a cancellation, with the reason the user gave."""

    def __call__(self, *, user, approval: Approval, reason: str) -> None: ...


def _no_sub_stage(subject: Any) -> None:
    return None


@dataclass(frozen=True)
class SubjectType:
    """One kind of thing an approval can be asked for.

    `project_of` and `sub_stage_progress_of` fill the approval's shortcuts to its project and
    sub-stage (for per-project lists). The callbacks run inside the decision's transaction, after
    the approval row is written: `on_approved` when the last step of a chain is approved,
    `on_rejected` and `on_cancelled` when any step is.
    """

    entity_type: ApprovalEntityType
    model: type[models.Model]
    project_of: Callable[[Any], Any]
    sub_stage_progress_of: Callable[[Any], Any] = _no_sub_stage
    on_approved: OnApproved | None = None
    on_rejected: OnWithdrawn | None = None
    on_cancelled: OnWithdrawn | None = None


_subject_types: dict[str, SubjectType] = {}


def subject_type_register(subject_type: SubjectType) -> None:
    """Register (or, on a second `ready()`, replace) the subject type of its entity type. Two
    models claiming one entity type is a programming error."""
    known = _subject_types.get(subject_type.entity_type)
    if known is not None and known.model is not subject_type.model:
        raise ImproperlyConfigured(
            f"Approval subjects “{subject_type.entity_type}” are already {known.model.__name__}."
        )
    _subject_types[subject_type.entity_type] = subject_type


def subject_type_of(subject: Any) -> SubjectType:
    """The subject type of an object approvals are asked for; a ValidationError for anything
    else."""
    for subject_type in _subject_types.values():
        if isinstance(subject, subject_type.model):
            return subject_type
    raise ValidationError(
        gettext("Approvals can be asked for projects, sub-stages and documents only.")
    )


def subject_type_for(approval: Approval) -> SubjectType | None:
    """The subject type of what `approval` is about (None if no app registered it)."""
    return _subject_types.get(approval.entity_type)


def subject_approved(*, user, approval: Approval, now: datetime.datetime) -> None:
    """Tell the approval's subject that its chain was approved (the last step)."""
    subject_type = subject_type_for(approval)
    if subject_type is not None and subject_type.on_approved is not None:
        subject_type.on_approved(user=user, approval=approval, now=now)


def subject_rejected(*, user, approval: Approval, reason: str) -> None:
    subject_type = subject_type_for(approval)
    if subject_type is not None and subject_type.on_rejected is not None:
        subject_type.on_rejected(user=user, approval=approval, reason=reason)


def subject_cancelled(*, user, approval: Approval, reason: str) -> None:
    subject_type = subject_type_for(approval)
    if subject_type is not None and subject_type.on_cancelled is not None:
        subject_type.on_cancelled(user=user, approval=approval, reason=reason)
