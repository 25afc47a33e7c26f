"""Loading the sample tenants: one transaction, each tenant's rows written in its own context."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.approvals.models import OPEN_STATUSES, Approval
from apps.contacts.models import Contact
from apps.core.files import delete_stored_files
from apps.core.tenancy import tenant_context
from apps.demo.sample_data.build_people import build_directory, create_tenant
from apps.demo.sample_data.build_projects import build_projects
from apps.demo.sample_data.build_records import (
    build_documents,
    build_messages,
    build_notifications,
)
from apps.demo.sample_data.history import History
from apps.demo.sample_data.reset import tenants_delete
from apps.demo.sample_data.specs import TenantSpec
from apps.demo.sample_data.tenants import SAMPLE_PASSWORD, SAMPLE_TENANTS
from apps.documents.models import Document, DocumentVersion
from apps.messaging.models import Message
from apps.notifications.models import Notification
from apps.organizations.models import Organization, OrganizationType
from apps.projects.models import Project, ProjectSubStageProgress
from apps.users.models import User

RANDOM_SEED = 2025
# Serializes concurrent loaders (two `first_run`s at once): the second waits, then finds the data.
LOCK_KEY = "factorypulse:seed_sample_data"


@dataclass(frozen=True)
class TenantSummary:
    name: str
    slug: str
    counts: dict[str, int]

    def line(self) -> str:
        parts = ", ".join(f"{count} {label}" for label, count in self.counts.items())
        return f"{self.name} ({self.slug}): {parts}"


@dataclass(frozen=True)
class SeedOutcome:
    """What a run did: nothing (the tenants in `present` were there), or a load (after deleting
    `deleted_rows` rows on --reset)."""

    present: list[str]
    deleted_rows: int
    loaded: list[TenantSummary]

    def lines(self) -> list[str]:
        if not self.loaded:
            names = ", ".join(self.present)
            return [f"Sample data already loaded ({names}); use --reset to load it again."]
        deleted = [f"Deleted {self.deleted_rows} rows of the sample tenants."]
        return (deleted if self.deleted_rows else []) + [
            f"Loaded {summary.line()}" for summary in self.loaded
        ]


def sample_data_seed(*, reset: bool = False) -> SeedOutcome:
    """Load the sample tenants unless they are there; with `reset`, delete and load them again.

    One transaction under an advisory lock: two runs at once load once, and a failed reload
    leaves the previous sample data as it was.
    """
    with transaction.atomic():
        lock()
        existing = sample_tenants()
        if existing and not reset:
            return SeedOutcome(present=[t.name for t in existing], deleted_rows=0, loaded=[])
        deleted = sum(tenants_delete([t.pk for t in existing]).values()) if existing else 0
        return SeedOutcome(present=[], deleted_rows=deleted, loaded=load_sample_data())


def lock() -> None:
    """Hold the loader's advisory lock until the current transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [LOCK_KEY])


def sample_tenants() -> list[Organization]:
    """The sample tenants present in the database (read as the owner, across tenants)."""
    return list(
        Organization.objects.filter(
            organization_type=OrganizationType.INTERNAL,
            slug__in=[spec.slug for spec in SAMPLE_TENANTS],
        )
    )


def _emails_in_use() -> list[str]:
    emails = [user.email for spec in SAMPLE_TENANTS for user in spec.users]
    return sorted(User.objects.filter(email__in=emails).values_list("email", flat=True))


def load_sample_data(*, now: datetime.datetime | None = None) -> list[TenantSummary]:
    """Create both sample tenants with their whole story, or nothing.

    Deterministic in shape (a fixed random seed; times are relative to `now`). Files written
    before a failure are removed again, since the rollback cannot take them back.
    """
    taken = _emails_in_use()
    if taken:
        raise ValidationError(
            "These sample e-mail addresses already belong to other tenants: "
            + ", ".join(taken)
            + ". Remove those users first; the sample data never changes other tenants."
        )
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    rng = random.Random(RANDOM_SEED)  # noqa: S311 - a repeatable story, not a secret
    password_hash = make_password(SAMPLE_PASSWORD)
    written: list[str] = []
    try:
        with transaction.atomic():
            tenants = [
                _load_tenant(spec, rng=rng, now=now, password_hash=password_hash, written=written)
                for spec in SAMPLE_TENANTS
            ]
    except BaseException:
        delete_stored_files(written)
        raise
    return [tenant_summary(tenant) for tenant in tenants]


def _load_tenant(
    spec: TenantSpec,
    *,
    rng: random.Random,
    now: datetime.datetime,
    password_hash: str,
    written: list[str],
) -> Organization:
    tenant, admin = create_tenant(spec)
    with tenant_context(tenant, admin):
        directory = build_directory(
            spec, tenant=tenant, admin=admin, password_hash=password_hash, rng=rng, now=now
        )
        history = History(tenant.pk)
        projects = build_projects(spec, directory, rng=rng, now=now, history=history)
        uploads = build_documents(
            spec, directory, projects, rng=rng, now=now, history=history, written=written
        )
        build_messages(spec, directory, projects, rng=rng, now=now, history=history)
        build_notifications(spec, directory, projects, uploads=uploads, now=now)
        history.save()
    _backdate_creation_entries(tenant)
    return tenant


def _backdate_creation_entries(tenant: Organization) -> None:
    """Give each "project created" entry its project's creation time.

    `project_create` records it at the present moment, and the app role may not change the
    append-only trail, so this one correction runs as the owner, bounded by the tenant.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE activity_log AS entry SET created_at = project.created_at "
            "FROM projects AS project "
            "WHERE entry.organization_id = %s AND entry.project_id = project.id "
            "AND entry.entity_type = %s AND entry.action = %s",
            [tenant.pk, EntityType.PROJECT, ActivityAction.CREATED],
        )


def tenant_summary(tenant: Organization) -> TenantSummary:
    """Row counts of one tenant (read as the owner)."""
    approvals = Approval.objects.filter(organization=tenant)
    counts = {
        "organizations": Organization.objects.filter(owner_organization=tenant).count(),
        "users": User.objects.filter(organization=tenant).count(),
        "contacts": Contact.objects.filter(owner_organization=tenant).count(),
        "projects": Project.objects.filter(organization=tenant).count(),
        "sub-stage rows": ProjectSubStageProgress.objects.filter(organization=tenant).count(),
        "approvals": approvals.count(),
        "open approvals": approvals.filter(status__in=OPEN_STATUSES).count(),
        "documents": Document.objects.filter(organization=tenant).count(),
        "file versions": DocumentVersion.objects.filter(organization=tenant).count(),
        "messages": Message.objects.filter(organization=tenant).count(),
        "notifications": Notification.objects.filter(organization=tenant).count(),
        "activity entries": ActivityLog.objects.filter(organization=tenant).count(),
    }
    return TenantSummary(name=tenant.name, slug=tenant.slug, counts=counts)
