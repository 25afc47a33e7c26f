"""A customer's decision in the "Customer Approval" stage, from the portal: accept advances the
workflow exactly as staff completing the same sub-stages and advancing; reject tells the owner."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from apps.activity.models import ActivityLog
from apps.core.tenancy import tenant_context
from apps.notifications.models import Notification
from apps.portal import selectors, services
from apps.portal.models import DecisionStatus, PortalDecision
from apps.projects.models import ProgressStatus, Project, ProjectSubStageProgress
from apps.projects.services import project_create
from apps.projects.services.stages import project_advance_stage
from apps.projects.services.sub_stages import sub_stage_complete, sub_stage_start
from apps.users.models import Role
from apps.workflow.selectors import definition_plan
from apps.workflow.services import workflow_install_standard
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory
from tests.portal.factories import portal_account
from tests.users.factories import UserFactory
from tests.workers import eventually

CUSTOMER_STAGE = "customer_approval"


def _project(tenant, owner, customer, title="Seat bracket") -> Project:
    with tenant_context(tenant, owner):
        return project_create(
            user=owner, title=title, customer_organization=customer, assigned_to=owner
        )


def _to_customer_stage(project: Project, *, also_done=("po_review",)) -> None:
    """The project in Customer Approval, the earlier stages' work done, and `also_done` (the
    factory's PO review, which needs finance's approval) completed."""
    plan = definition_plan(project.workflow_definition)
    index = next(i for i, stage in enumerate(plan) if stage.slug == CUSTOMER_STAGE)
    stage = plan[index]
    earlier = [s.stage_id for s in plan[:index]]
    Project.objects.filter(pk=project.pk).update(current_stage_id=stage.stage_id)
    moment = project.created_at
    ProjectSubStageProgress.objects.filter(project=project, workflow_stage_id__in=earlier).update(
        status=ProgressStatus.COMPLETED, started_at=moment, completed_at=moment
    )
    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage_id=stage.stage_id, sub_stage__slug__in=also_done
    ).update(status=ProgressStatus.COMPLETED, started_at=moment, completed_at=moment)
    project.refresh_from_db()


def _as_portal(account, project: Project) -> Project:
    """The project as a portal page loads it (the portal role reads named columns only)."""
    return selectors.portal_project_get_for_user(account, project.pk)


def _state(project: Project):
    project.refresh_from_db()
    progress = dict(
        ProjectSubStageProgress.objects.filter(project=project).values_list(
            "sub_stage__slug", "status"
        )
    )
    return project.current_stage.slug, project.status, progress


@pytest.fixture
def world(tenant):
    workflow_install_standard(organization_id=tenant.pk)
    owner = UserFactory(organization=tenant, role=Role.SALES)
    customer = CustomerFactory(owner_organization=tenant, name="Toyota Vietnam")
    contact = ContactFactory(owner_organization=tenant, organization=customer)
    return owner, customer, portal_account(contact)


def _accept_or_reject(client, account, project, **data):
    client.force_login(account)
    return client.post(reverse("portal:decision", args=[project.pk]), data)


def test_a_project_not_in_the_customer_stage_offers_no_buttons_and_refuses_a_forged_post(
    client, tenant, world
):
    owner, customer, account = world
    project = _project(tenant, owner, customer)
    client.force_login(account)

    page = client.get(reverse("portal:project", args=[project.pk]))
    assert b'data-testid="decision-form"' not in page.content

    response = _accept_or_reject(client, account, project, decision="accept")
    assert 400 <= response.status_code < 500
    assert not PortalDecision.objects.exists()
    # The database says the same, whatever Python allowed.
    with (
        tenant_context(tenant, account, customer=customer),
        pytest.raises(DatabaseError),
        transaction.atomic(),
    ):
        PortalDecision.objects.create(
            organization_id=tenant.pk,
            project_id=project.pk,
            stage_id=project.current_stage_id,
            decided_by=account,
            decision="accept",
        )


def test_another_companys_contact_gets_404(client, tenant, world):
    owner, customer, _ = world
    project = _project(tenant, owner, customer)
    _to_customer_stage(project)
    honda = CustomerFactory(owner_organization=tenant, name="Honda Vietnam")
    stranger = portal_account(ContactFactory(owner_organization=tenant, organization=honda))

    response = _accept_or_reject(client, stranger, project, decision="accept")
    assert response.status_code == 404
    assert not PortalDecision.objects.exists()


def test_the_page_offers_the_decision_and_a_reject_needs_a_comment(client, tenant, world):
    owner, customer, account = world
    project = _project(tenant, owner, customer)
    _to_customer_stage(project)
    client.force_login(account)

    page = client.get(reverse("portal:project", args=[project.pk]))
    assert b'data-testid="decision-form"' in page.content

    response = _accept_or_reject(client, account, project, decision="reject", comment=" ")
    assert response.status_code == 422
    assert not PortalDecision.objects.exists()


def test_a_decision_is_written_with_the_contact_as_actor(client, tenant, world, monkeypatch):
    owner, customer, account = world
    project = _project(tenant, owner, customer)
    _to_customer_stage(project)
    response = _accept_or_reject(client, account, project, decision="reject", comment="Too dear")
    assert response.status_code == 302
    row = PortalDecision.objects.get()
    assert (row.decision, row.comment, row.status) == ("reject", "Too dear", "pending")
    assert ActivityLog.objects.filter(user=account, project=project).exists()
    # A second one while the first is applied is not offered.
    again = _accept_or_reject(client, account, project, decision="accept")
    assert again.status_code == 409
    assert PortalDecision.objects.count() == 1


def test_a_refusal_of_the_engine_is_recorded_and_shown(client, tenant, world):
    owner, customer, account = world
    project = _project(tenant, owner, customer)
    _to_customer_stage(project)
    with tenant_context(tenant, account, customer=customer):
        row = services.portal_decision_submit(
            user=account, project=_as_portal(account, project), decision="accept"
        )
    status = project.status
    # Meanwhile the factory cancels the project.
    Project.objects.filter(pk=project.pk).update(status="cancelled")
    with tenant_context(tenant, account):
        services.portal_decision_apply(decision_id=row.pk)
    row.refresh_from_db()
    assert row.status == DecisionStatus.REFUSED and row.reason
    Project.objects.filter(pk=project.pk).update(status=status)
    client.force_login(account)
    page = client.get(reverse("portal:project", args=[project.pk]))
    assert row.reason.encode() in page.content


@pytest.mark.django_db(transaction=True)
def test_an_accept_from_the_portal_advances_exactly_as_staff_do(celery_worker, tenant, world):
    owner, customer, account = world
    by_portal = _project(tenant, owner, customer, "Accepted in the portal")
    by_staff = _project(tenant, owner, customer, "Accepted by phone")
    for project in (by_portal, by_staff):
        _to_customer_stage(project)
    before = _state(by_portal)

    # Staff: complete the customer's sub-stage ("PO received") and advance.
    with tenant_context(tenant, owner):
        po_received = ProjectSubStageProgress.objects.get(
            project=by_staff, sub_stage__slug="po_received"
        )
        sub_stage_start(user=owner, progress_id=po_received.pk)
        sub_stage_complete(user=owner, progress_id=po_received.pk)
        project_advance_stage(user=owner, project_id=by_staff.pk)

    # The customer: accept in the portal; a real worker applies it.
    with tenant_context(tenant, account, customer=customer):
        services.portal_decision_submit(
            user=account, project=_as_portal(account, by_portal), decision="accept"
        )
    eventually(
        lambda: PortalDecision.objects.filter(status=DecisionStatus.APPLIED).exists(),
        "the worker applies the decision",
    )

    after = _state(by_portal)
    assert before[0] == CUSTOMER_STAGE
    assert after == _state(by_staff)
    assert after[0] == "production_planning"
    assert after[2]["po_received"] == ProgressStatus.COMPLETED
    assert ActivityLog.objects.filter(
        project=by_portal, user=account, action="stage_advanced"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_a_reject_tells_the_owner_and_leaves_the_stage(celery_worker, tenant, world):
    owner, customer, account = world
    project = _project(tenant, owner, customer)
    _to_customer_stage(project)
    before = _state(project)

    with tenant_context(tenant, account, customer=customer):
        services.portal_decision_submit(
            user=account,
            project=_as_portal(account, project),
            decision="reject",
            comment="Price too high",
        )
    eventually(
        lambda: Notification.objects.filter(
            user=owner, message__contains="Price too high"
        ).exists(),
        "the owner hears of the rejection with its comment",
    )
    assert PortalDecision.objects.get().status == DecisionStatus.APPLIED
    assert _state(project) == before
