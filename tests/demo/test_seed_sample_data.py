import hashlib
import io
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.activity.models import ActivityLog, EntityType
from apps.approvals.models import (
    OPEN_STATUSES,
    Approval,
    ApprovalEntityType,
    ApprovalHistory,
    ApprovalStatus,
)
from apps.contacts.models import Contact
from apps.core.models import tenant_models
from apps.core.tenancy import tenant_context
from apps.demo.sample_data import SAMPLE_PASSWORD
from apps.documents.models import Document, DocumentVersion
from apps.messaging.models import Message
from apps.notifications.models import Notification
from apps.organizations.calendar import tenant_date
from apps.organizations.models import Organization, OrganizationType
from apps.projects.models import ProgressStatus, Project, ProjectStatus, ProjectSubStageProgress
from apps.users.models import Role, User
from apps.users.roles import STAFF_ROLES
from apps.workflow.models import WorkflowStage
from tests.organizations.factories import CustomerFactory, TenantFactory
from tests.users.factories import UserFactory

MAIN = "factory-pulse-vietnam"
SECOND = "saigon-precision"
PASSWORD = "FactoryPulse@2025"
DONE = (ProgressStatus.COMPLETED, ProgressStatus.SKIPPED)
seed = pytest.mark.django_db(transaction=True)


def run(command="seed_sample_data", **options) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def sample_tenant(slug=MAIN) -> Organization:
    return Organization.objects.get(organization_type=OrganizationType.INTERNAL, slug=slug)


def row_counts() -> dict[str, int]:
    """Rows of every tenant table (read as the owner, across tenants)."""
    return {model._meta.db_table: model.objects.count() for model in tenant_models()}


def story_shape(slug=MAIN) -> list[tuple]:
    """What a rerun must reproduce: each project's stage, status and the status of its work."""
    projects = Project.objects.filter(organization=sample_tenant(slug)).order_by("title")
    work_order = ("sub_stage__workflow_stage__stage_order", "sub_stage__sub_stage_order")
    return [
        (
            project.title,
            project.current_stage.slug,
            project.status,
            tuple(
                project.sub_stage_progress.order_by(*work_order).values_list("status", flat=True)
            ),
        )
        for project in projects.select_related("current_stage")
    ]


@seed
def test_the_main_tenant_has_the_organizations_people_and_contacts_of_the_spec():
    out = run()

    factory = sample_tenant()
    assert factory.name == "Factory Pulse Vietnam Co., Ltd." and factory.country == "VN"
    assert factory.timezone == "Asia/Ho_Chi_Minh"
    organizations = Organization.objects.filter(owner_organization=factory)
    assert organizations.count() == 8
    assert Counter(organizations.values_list("organization_type", flat=True)) == {
        "internal": 1, "customer": 5, "supplier": 2,
    }  # fmt: skip
    users = User.objects.filter(organization=factory)
    assert users.count() == 15
    assert set(users.values_list("role", flat=True)) == set(STAFF_ROLES)
    # The 10 customer contacts sign in to the portal (issue 19), bound to contact and company.
    accounts = User.accounts.filter(organization=factory, role=Role.CUSTOMER)
    assert accounts.count() == 10
    for account in accounts.select_related("contact"):
        assert account.contact.email == account.email
        assert account.customer_organization_id == account.contact.organization_id
        assert account.check_password(SAMPLE_PASSWORD)
    john = users.get(email="john.smith@factorypulse.com")
    assert (john.role, john.department) == (Role.MANAGEMENT, "Executive")
    assert john.preferences["timezone"] == "America/New_York"
    assert users.get(email="tran.thi.b@factorypulse.com").direct_manager == john
    assert users.get(email="admin@factorypulse.com").role == Role.ADMIN
    assert all(user.check_password(PASSWORD) for user in users)
    contacts = Contact.objects.filter(owner_organization=factory)
    assert contacts.count() == 10
    for customer in organizations.filter(organization_type=OrganizationType.CUSTOMER):
        mine = contacts.filter(organization=customer)
        assert mine.count() == 2 and mine.filter(is_primary_contact=True).count() == 1
        domain = customer.website.split("//")[1].split("/")[0].removeprefix("www.")
        assert all(contact.email.endswith(domain) for contact in mine)
    assert "Sign in as john.smith@factorypulse.com / FactoryPulse@2025" in out


@seed
def test_the_projects_cover_every_customer_and_every_stage_with_a_consistent_story():
    run()

    factory = sample_tenant()
    projects = Project.objects.filter(organization=factory).select_related("current_stage")
    assert Counter(projects.values_list("customer_organization__name", flat=True)) == {
        "Toyota Vietnam": 6, "Honda Vietnam": 3, "Boeing Vietnam": 3,
        "Samsung Vietnam": 3, "Airbus Vietnam": 2,
    }  # fmt: skip
    stages = WorkflowStage.objects.filter(organization=factory)
    assert stages.count() == 8
    assert set(projects.values_list("current_stage", flat=True)) == set(
        stages.values_list("pk", flat=True)
    )
    completed = projects.filter(status=ProjectStatus.COMPLETED)
    assert 1 <= completed.count() <= 2
    assert all(project.actual_delivery_date for project in completed)
    now = timezone.now()
    for project in projects:
        assert project.created_at < now - timezone.timedelta(hours=1)
        assert project.created_at > now - timezone.timedelta(days=190)
        # numbered in the factory's month (apps.core.calendar)
        created_month = f"{tenant_date(factory.pk, project.created_at):%y%m}"
        assert project.project_id == f"P-{created_month}{project.project_id[-4:]}"
        if project.status != ProjectStatus.COMPLETED:
            assert project.status == project.current_stage.project_status
        rows = list(project.sub_stage_progress.select_related("workflow_stage", "sub_stage"))
        assert len(rows) == 30
        order = project.current_stage.stage_order
        for row in rows:
            stage_order = row.workflow_stage.stage_order
            if stage_order < order or project.status == ProjectStatus.COMPLETED:
                assert row.status in DONE, (project.title, row.sub_stage.slug)
            elif stage_order > order:
                assert row.status == ProgressStatus.PENDING and row.started_at is None
            if row.assigned_to is not None:
                assert row.assigned_to.role in row.sub_stage.responsible_roles
            if row.status == ProgressStatus.COMPLETED:
                assert row.started_at <= row.completed_at <= now
        assert sum(row.status == ProgressStatus.IN_PROGRESS for row in rows) <= 1


@seed
def test_the_story_has_open_decided_overdue_and_blocked_work():
    run()

    factory = sample_tenant()
    now = timezone.now()
    progress = ProjectSubStageProgress.objects.filter(organization=factory)
    blocked = progress.filter(status=ProgressStatus.BLOCKED)
    assert blocked.count() >= 1 and all(row.blocked_reason for row in blocked)
    overdue = progress.filter(due_at__lt=now).exclude(status__in=DONE)
    assert overdue.count() >= 3

    approvals = Approval.objects.filter(organization=factory)
    pending = approvals.filter(status__in=OPEN_STATUSES)
    assert pending.count() >= 3
    for approval in pending:
        assert approval.entity_type == ApprovalEntityType.SUB_STAGE_PROGRESS
        assert approval.sub_stage_progress.status == ProgressStatus.IN_REVIEW
        assert approval.entity_id == approval.sub_stage_progress_id
    assert pending.filter(sla_due_at__lt=now).exists()
    rejected = approvals.get(status=ApprovalStatus.REJECTED)
    assert rejected.decision_reason
    assert rejected.sub_stage_progress.status == ProgressStatus.IN_PROGRESS
    assert list(rejected.history.values_list("action", flat=True)) == ["request", "reject"]
    approved = approvals.filter(status=ApprovalStatus.APPROVED)
    assert approved.count() >= 10
    for approval in approved.select_related("decided_by", "sub_stage_progress"):
        assert approval.decided_by.role == Role.MANAGEMENT
        assert approval.sub_stage_progress.status == ProgressStatus.COMPLETED
        assert approval.requested_at <= approval.decided_at <= now
        assert list(approval.history.values_list("action", flat=True)) == ["request", "approve"]
    assert ApprovalHistory.objects.filter(organization=factory).count() == (
        approvals.count() + approvals.exclude(status__in=OPEN_STATUSES).count()
    )

    notifications = Notification.objects.filter(organization=factory)
    assert notifications.count() >= 15
    assert notifications.filter(is_read=False).exists()
    assert notifications.filter(is_read=True).exists()
    assert set(notifications.values_list("type", flat=True)) == {
        "workflow", "approval", "document", "message", "system",
    }  # fmt: skip
    assert all(url.startswith("/") for url in notifications.values_list("action_url", flat=True))
    messages = Message.objects.filter(organization=factory)
    assert messages.filter(parent__isnull=False).exists()
    assert messages.filter(project__isnull=True).exists()
    assert messages.filter(is_read=False).exists()

    activity = ActivityLog.objects.filter(organization=factory)
    assert not activity.filter(created_at__gt=now).exists()
    actions = set(activity.values_list("action", flat=True))
    assert {"created", "sub_stage_completed", "stage_advanced", "approval_approved",
            "document_uploaded", "message_sent"} <= actions  # fmt: skip
    # The same entity types as the services write (activity.models.EntityType), sub-stages too.
    entity_types = set(activity.values_list("entity_type", flat=True))
    assert {EntityType.PROJECT, EntityType.SUB_STAGE_PROGRESS, EntityType.APPROVAL} <= entity_types
    assert entity_types <= set(EntityType.values)
    for project in Project.objects.filter(organization=factory):
        assert activity.get(project=project, action="created").created_at == project.created_at


@seed
def test_every_document_version_is_a_stored_file_with_its_checksum():
    run()

    factory = sample_tenant()
    documents = Document.objects.filter(organization=factory)
    assert 10 <= documents.count() <= 14
    versions = DocumentVersion.objects.filter(organization=factory)
    assert versions.count() > documents.count()
    for version in versions.select_related("document"):
        assert version.file.name.startswith(f"tenants/{factory.pk}/documents/")
        assert version.file_name not in version.file.name
        with default_storage.open(version.file.name) as stored:
            content = stored.read()
        assert len(content) == version.file_size
        assert hashlib.sha256(content).hexdigest() == version.checksum_sha256
    for document in documents:
        current = document.versions.get(is_current=True)
        assert current.version_number == document.current_version_number
        assert current.checksum_sha256 == document.checksum


@seed
def test_running_it_again_changes_nothing():
    run()
    before = row_counts()

    out = run()

    assert "already loaded" in out
    assert row_counts() == before


@seed
def test_reset_loads_the_same_story_again_and_leaves_other_tenants_alone():
    other = TenantFactory(name="Other Factory Ltd.")
    UserFactory(organization=other, email="boss@other.example")
    CustomerFactory(owner_organization=other, name="Toyota Vietnam")
    run()
    before, shape = row_counts(), story_shape()
    old_files = list(DocumentVersion.objects.values_list("file", flat=True))

    out = run(reset=True)

    assert "Deleted" in out and "Loaded" in out
    assert row_counts() == before
    assert story_shape() == shape
    assert not any(default_storage.exists(name) for name in old_files)
    assert Organization.objects.filter(owner_organization=other).count() == 2
    assert User.objects.filter(organization=other).count() == 1


@seed
def test_john_smith_signs_in_and_reaches_the_home_page(client):
    run()

    response = client.post(
        "/accounts/login/", {"username": "john.smith@factorypulse.com", "password": PASSWORD}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert client.get("/").status_code == 200


@seed
def test_the_second_tenant_sees_none_of_the_first_tenants_rows():
    run()
    main_projects = set(
        Project.objects.filter(organization=sample_tenant()).values_list("pk", flat=True)
    )
    second = sample_tenant(SECOND)
    admin = User.objects.get(email="admin@saigonprecision.vn")

    with tenant_context(second, admin):
        visible = set(Project.objects.values_list("pk", flat=True))
        names = set(Organization.objects.values_list("name", flat=True))
        people = User.objects.count()
        stage_names = list(
            WorkflowStage.objects.order_by("stage_order").values_list("name", flat=True)
        )

    assert len(visible) == 2 and not visible & main_projects
    assert "Toyota Vietnam" not in names and "Factory Pulse Vietnam Co., Ltd." not in names
    assert 3 <= people <= 4
    # A Vietnamese-speaking shop: its standard workflow was installed in Vietnamese.
    assert stage_names[:3] == ["Tiếp nhận yêu cầu", "Xem xét kỹ thuật", "Lập báo giá"]
    assert WorkflowStage.objects.get(
        organization=sample_tenant(), slug="technical_review"
    ).name == ("Technical Review")
    assert Organization.objects.filter(owner_organization=second).count() >= 2


@seed
def test_the_schema_check_still_passes_after_loading():
    run()

    call_command("check_schema", stdout=io.StringIO())


@seed
def test_a_sample_email_used_by_another_tenant_stops_the_load_with_nothing_written():
    other = TenantFactory(name="Other Factory Ltd.")
    UserFactory(organization=other, email="john.smith@factorypulse.com")

    with pytest.raises(CommandError, match=r"john\.smith@factorypulse\.com"):
        run()

    assert not Organization.objects.filter(slug__in=[MAIN, SECOND]).exists()


@seed
def test_first_run_loads_the_sample_data_once_and_always_says_how_to_sign_in():
    first = run("first_run")
    counts = row_counts()
    second = run("first_run")

    assert "Loaded Factory Pulse Vietnam" in first
    assert "Loaded" not in second and row_counts() == counts
    for out in (first, second):
        assert out.count("Sign in as john.smith@factorypulse.com / FactoryPulse@2025") == 1


@seed
def test_first_run_leaves_a_database_that_has_a_tenant_alone(tenant):
    out = run("first_run")

    assert not Organization.objects.filter(slug=MAIN).exists()
    assert "Sign in as john.smith@factorypulse.com" in out
