"""Who may open a document: the rule of its access level, as one SQL condition.

- organization: everyone in the factory (the tenant);
- customer: shared with the project's customer, so at least everyone in the factory (the
  customer portal will add the customer's contacts);
- project: the people on the project (its assignee, its creator, whoever is assigned one of its
  sub-stages) plus management and admins;
- restricted: the people named on the document (`restricted_user_ids`) plus admins, who hold
  every permission (`*`) and are the tenant's custodians.
Whoever uploaded a document can always open it.

The rule is one `Q`, so lists filter by it in the database (never row by row in Python) and the
access function answers "may this user open it?" in the same query that loads the document.
"""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext

from apps.documents.models import AccessLevel
from apps.projects.models import Project, ProjectSubStageProgress
from apps.users.models import Role

OPEN_TO_TENANT = (AccessLevel.ORGANIZATION, AccessLevel.CUSTOMER)
PROJECT_OVERSEERS = (Role.MANAGEMENT, Role.ADMIN)


def project_member_q(user, *, project_field: str = "project") -> Q:
    """The user is on the project named by `project_field` (assignee, creator or assigned to one
    of its sub-stages).

    Two lists of project ids, each read once (hashed subplans), rather than conditions on the
    joined project and a subquery per document: with those the documents page of a user who is
    not a manager joined every project of the tenant (120 ms for a deep page at load scale)."""
    led = Project.objects.filter(organization_id=user.organization_id).filter(
        Q(assigned_to_id=user.pk) | Q(created_by_id=user.pk)
    )
    assigned = ProjectSubStageProgress.objects.filter(
        organization_id=user.organization_id, assigned_to_id=user.pk
    )
    return Q(**{f"{project_field}_id__in": led.values("pk")}) | Q(
        **{f"{project_field}_id__in": assigned.values("project_id")}
    )


def document_visible_q(user) -> Q:
    """Documents (not deleted or deleted alike) this user may open."""
    if user.role == Role.ADMIN:
        return Q(pk__isnull=False)
    rule = Q(access_level__in=OPEN_TO_TENANT) | Q(uploaded_by_id=user.pk)
    rule |= Q(access_level=AccessLevel.RESTRICTED, restricted_user_ids__contains=[user.pk])
    if user.role in PROJECT_OVERSEERS:
        return rule | Q(access_level=AccessLevel.PROJECT)
    return rule | (Q(access_level=AccessLevel.PROJECT) & project_member_q(user))


def can_open_annotation(user) -> ExpressionWrapper:
    """`document_visible_q` as a boolean column, to load a document and its answer together."""
    return ExpressionWrapper(document_visible_q(user), output_field=BooleanField())


def denied_message(access_level: str) -> str:
    """Why a document of the user's own factory cannot be opened (the title is not revealed)."""
    if access_level == AccessLevel.PROJECT:
        return gettext(
            "This document is for the people on its project. Ask the project's owner or a "
            "manager for a copy."
        )
    return gettext(
        "This document is shared with named people only. Ask whoever uploaded it for access."
    )
