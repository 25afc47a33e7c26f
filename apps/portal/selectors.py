"""Reads of the portal pages, as the portal role.

The portal role may read named columns only (apps/portal/migrations/0001_initial.py): every
queryset here names the fields it loads, so a page never asks for a column the role is refused.
`portal_project_get_for_user` is the only way a portal view loads a project; the database shows a
contact only their company's projects, and the filter here says the same in Python.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.core.access import parse_uuid
from apps.documents.models import AccessLevel, Document, DocumentVersion
from apps.portal.models import PortalDecision, PortalMessage
from apps.projects.models import Project
from apps.users.models import Role, User
from apps.workflow.models import WorkflowStage

PROJECT_FIELDS = (
    "id",
    "organization_id",
    "project_id",
    "title",
    "description",
    "status",
    "customer_organization_id",
    "current_stage_id",
    "stage_entered_at",
    "requested_delivery_date",
    "promised_delivery_date",
    "estimated_delivery_date",
    "actual_delivery_date",
    "assigned_to_id",
    "created_by_id",
    "created_at",
    "updated_at",
    "version",
)
STAGE_FIELDS = ("id", "name", "slug", "stage_order")
# Stages in which the factory waits for the customer (the seed's "Customer Approval").
CUSTOMER_STAGE_SLUGS = ("customer_approval",)


@dataclass(frozen=True)
class StageStep:
    name: str
    state: str  # "done", "current" or "todo"


def portal_projects(user) -> QuerySet[Project]:
    """The contact's company's projects, newest first, with their current stage."""
    return (
        Project.objects.filter(
            organization_id=user.organization_id,
            customer_organization_id=user.customer_organization_id,
        )
        .select_related("current_stage")
        .only(*PROJECT_FIELDS, *(f"current_stage__{field}" for field in STAGE_FIELDS))
        .order_by("-created_at")
    )


def portal_project_get_for_user(user, pk) -> Project:
    """Access function: 404 for a malformed id, another tenant's or another customer's project."""
    key = parse_uuid(pk)
    if key is None or not getattr(user, "is_customer", False):
        raise Http404("Not found.")
    try:
        return portal_projects(user).get(pk=key)
    except Project.DoesNotExist:
        raise Http404("No such project.") from None


def stage_catalog(user) -> list[WorkflowStage]:
    """The factory's stages in order (the seed's 8): the steps of every stage bar."""
    return list(
        WorkflowStage.objects.filter(organization_id=user.organization_id, is_active=True)
        .only(*STAGE_FIELDS)
        .order_by("stage_order")
    )


def stage_bar(project: Project, stages: list[WorkflowStage]) -> list[StageStep]:
    current = project.current_stage
    finished = project.status == "completed"
    steps = []
    for stage in stages:
        if finished or (current is not None and stage.stage_order < current.stage_order):
            state = "done"
        elif current is not None and stage.pk == current.pk:
            state = "current"
        else:
            state = "todo"
        steps.append(StageStep(name=stage.name, state=state))
    return steps


def waits_for_customer(project: Project) -> bool:
    """Whether the factory waits for the customer: the project is in a customer stage."""
    stage = project.current_stage
    return stage is not None and stage.slug in CUSTOMER_STAGE_SLUGS


def latest_decision(project: Project) -> dict | None:
    """The contact's company's last decision on the project in its current stage (pending,
    applied or refused with the reason), or None. Only a customer stage has one: no query
    elsewhere."""
    if not waits_for_customer(project):
        return None
    return (
        PortalDecision.objects.filter(
            organization_id=project.organization_id,
            project_id=project.pk,
            stage_id=project.current_stage_id,
        )
        .order_by("-created_at")
        .values("decision", "status", "reason", "comment", "created_at", "decided_by__name")
        .first()
    )


def may_decide(project: Project, decision: dict | None) -> bool:
    """The page offers accept / reject only where the factory waits for the customer and no
    accept of this stage is being applied or was applied. After a refused decision, or a
    rejection the factory has (it may send a new quote), the contact may decide again."""
    if not waits_for_customer(project):
        return False
    if decision is None or decision["status"] == "refused":
        return True
    return decision["decision"] == "reject" and decision["status"] == "applied"


def stage_timeline(project: Project) -> list[dict]:
    """The project's moves forward, newest first (the portal may read no other activity)."""
    return list(
        ActivityLog.objects.filter(
            organization_id=project.organization_id,
            project_id=project.pk,
            entity_type=EntityType.PROJECT,
            action=ActivityAction.STAGE_ADVANCED,
        )
        .order_by("-created_at")
        .values("created_at", "new_values")[:50]
    )


def shared_documents(project: Project) -> list[dict]:
    return list(
        Document.objects.filter(
            organization_id=project.organization_id,
            project_id=project.pk,
            access_level=AccessLevel.CUSTOMER,
            is_deleted=False,
        )
        .order_by("-created_at")
        .values(
            "id",
            "title",
            "file_name",
            "category",
            "size_bytes",
            "current_version_number",
            "created_at",
            "uploaded_by__name",
        )
    )


def shared_document_version_get(user, project: Project, pk) -> DocumentVersion:
    """The current version of a document shared on `project`, or 404."""
    key = parse_uuid(pk)
    if key is None:
        raise Http404("Not found.")
    version = (
        DocumentVersion.objects.filter(
            organization_id=user.organization_id,
            document_id=key,
            document__project_id=project.pk,
            document__access_level=AccessLevel.CUSTOMER,
            document__is_deleted=False,
            is_current=True,
        )
        .select_related("document")
        .first()
    )
    if version is None:
        raise Http404("No such document.")
    return version


def conversation(project: Project) -> list[dict]:
    """The project's customer conversation, oldest first; authors by name only."""
    return list(
        PortalMessage.objects.filter(organization_id=project.organization_id, project_id=project.pk)
        .order_by("created_at")
        .values("id", "body", "created_at", "from_customer", "author__name")
    )


def project_state_etag(project: Project) -> str:
    """What the live stage section shows changes only with these: its ETag."""
    key = f"{project.current_stage_id}:{project.status}:{project.version}:{project.updated_at}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


# --- staff side (the app role) ---


def portal_accounts_of(user, customer) -> list[User]:
    """The customer's contacts who have a portal account, with their last sign-in."""
    return list(
        User.accounts.filter(
            organization_id=user.organization_id,
            role=Role.CUSTOMER,
            customer_organization_id=customer.pk,
        )
        .select_related("contact")
        .order_by("name")
    )


def portal_account_get_for_user(user, customer, pk) -> User:
    key = parse_uuid(pk)
    account = (
        User.accounts.filter(
            organization_id=user.organization_id,
            role=Role.CUSTOMER,
            customer_organization_id=customer.pk,
            pk=key,
        ).first()
        if key
        else None
    )
    if account is None:
        raise Http404("No such portal account.")
    return account
