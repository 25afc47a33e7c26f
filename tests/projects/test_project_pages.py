"""Project pages: list, board, intake, detail, edit, cancel — full pages, htmx partials, the 404
for another tenant's project, the 403 without permission, and query bounds that do not grow with
the number of projects.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.contacts.models import Contact
from apps.core.tenancy import tenant_context
from apps.organizations.models import Organization
from apps.projects.models import Project, ProjectSubStageProgress
from apps.projects.services import project_create
from apps.users.models import Role
from apps.users.roles import ROLE_PERMISSIONS
from tests.approvals.factories import ApprovalFactory
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, BEGIN, tenant settings, rows of the page, COMMIT — plus the filter's choice
# lists (stages, customers, assignees) on the full page.
LIST_QUERIES = 9
LIST_PARTIAL_QUERIES = 6
# + stages, counts per stage, capped cards
BOARD_QUERIES = 11
# + project, plan (2), progress, approvals
DETAIL_QUERIES = 10


def make_projects(user, customer, count, **fields):
    with tenant_context(user.organization_id, user):
        return [
            project_create(
                user=user, title=f"Bracket batch {index}", customer_organization=customer, **fields
            )
            for index in range(count)
        ]


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def sales(team):
    return team[Role.SALES]


@pytest.fixture
def auditor(team):
    return team[Role.AUDITOR]


@pytest.fixture
def foreign_project(other_tenant, other_admin):
    from apps.workflow.services import workflow_install_standard

    workflow_install_standard(organization_id=other_tenant.pk)
    customer = CustomerFactory(owner_organization=other_tenant, name="Foreign Widgets")
    with tenant_context(other_tenant, other_admin):
        return project_create(
            user=other_admin, title="Secret foreign job", customer_organization=customer
        )


# --- list ------------------------------------------------------------------------------------


def test_list_shows_the_tenants_running_projects_and_never_another_tenants(
    client, sales, project, foreign_project
):
    response = login(client, sales).get(reverse("projects:list"))

    assert response.status_code == 200
    body = response.content.decode()
    assert project.project_id in body
    assert "Secret foreign job" not in body
    assert 'data-testid="project-filters"' in body


def test_list_partial_is_the_table_only(client, sales, project):
    response = login(client, sales).get(reverse("projects:list"), **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="project-table"')
    assert "<html" not in body
    assert project.project_id in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"priority_level": "urgent"}, {"Urgent gearbox"}),
        ({"status": "inquiry"}, {"Urgent gearbox", "Brake caliper fixture", "Overdue housing"}),
        ({"q": "gearbox"}, {"Urgent gearbox"}),
        ({"q": "GEARB"}, {"Urgent gearbox"}),  # prefix match, any case
        ({"q": "honda"}, {"Urgent gearbox", "Overdue housing"}),  # the customer's name
        ({"overdue": "true"}, {"Overdue housing"}),
        ({"state": "closed"}, {"Cancelled cover"}),
    ],
)
def test_list_filters(client, team, tenant, project, params, expected):
    sales = team[Role.SALES]
    honda = CustomerFactory(owner_organization=tenant, name="Honda Vietnam")
    with tenant_context(tenant, sales):
        project_create(
            user=sales, title="Urgent gearbox", customer_organization=honda, priority_level="urgent"
        )
        overdue = project_create(user=sales, title="Overdue housing", customer_organization=honda)
        cancelled = project_create(user=sales, title="Cancelled cover", customer_organization=honda)
    ProjectSubStageProgress.objects.filter(project=overdue).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    Project.objects.filter(pk=cancelled.pk).update(status="cancelled")

    response = login(client, sales).get(reverse("projects:list"), params, **HTMX)

    body = response.content.decode()
    shown = {
        title
        for title in (
            "Urgent gearbox",
            "Overdue housing",
            "Cancelled cover",
            "Brake caliper fixture",
        )
        if title in body
    }
    assert shown == expected


def test_list_search_by_project_code(client, sales, project):
    other = make_projects(sales, project.customer_organization, 1)[0]
    code = project.project_id  # e.g. P-26110001

    response = login(client, sales).get(reverse("projects:list"), {"q": code}, **HTMX)

    body = response.content.decode()
    assert code in body
    assert other.project_id not in body


def test_list_filters_by_stage_assignee_and_customer(client, team, tenant, project):
    sales, engineer = team[Role.SALES], team[Role.ENGINEERING]
    honda = CustomerFactory(owner_organization=tenant, name="Honda Vietnam")
    (theirs,) = make_projects(sales, honda, 1, assigned_to=engineer)
    login(client, sales)

    by_assignee = client.get(reverse("projects:list"), {"assigned_to": engineer.pk}, **HTMX)
    by_customer = client.get(reverse("projects:list"), {"customer_organization": honda.pk}, **HTMX)
    by_stage = client.get(
        reverse("projects:list"), {"current_stage": project.current_stage_id}, **HTMX
    )

    assert theirs.project_id in by_assignee.content.decode()
    assert project.project_id not in by_assignee.content.decode()
    assert theirs.project_id in by_customer.content.decode()
    assert project.project_id not in by_customer.content.decode()
    assert project.project_id in by_stage.content.decode()
    assert theirs.project_id in by_stage.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"status": "exploded"},
        {"priority_level": "<script>"},
        {"current_stage": "not-a-uuid"},
        {"customer_organization": str(uuid.uuid4())},
        {"q": "x" * 201},
    ],
)
def test_list_refuses_bad_filter_values_with_422_and_no_rows(client, sales, project, params):
    response = login(client, sales).get(reverse("projects:list"), params, **HTMX)

    assert response.status_code == 422
    assert project.project_id not in response.content.decode()
    assert 'data-testid="filter-errors"' in response.content.decode()


def test_list_another_tenants_customer_is_an_invalid_filter(
    client, sales, project, foreign_project
):
    params = {"customer_organization": foreign_project.customer_organization_id}
    response = login(client, sales).get(reverse("projects:list"), params, **HTMX)

    assert response.status_code == 422


def test_list_is_sorted_and_paginated_without_counting(client, sales, project):
    make_projects(sales, project.customer_organization, 26)
    login(client, sales)

    first = client.get(reverse("projects:list"), {"sort": "project_id"}, **HTMX)
    second = client.get(reverse("projects:list"), {"sort": "project_id", "page": 2}, **HTMX)
    beyond = client.get(reverse("projects:list"), {"sort": "project_id", "page": 99}, **HTMX)
    garbage = client.get(reverse("projects:list"), {"sort": "project_id", "page": "x"}, **HTMX)

    codes = sorted(Project.objects.values_list("project_id", flat=True))
    assert codes[0] in first.content.decode() and codes[25] not in first.content.decode()
    assert codes[25] in second.content.decode() and codes[26] in second.content.decode()
    assert 'data-testid="next-page"' in first.content.decode()
    assert 'data-testid="next-page"' not in second.content.decode()
    for response in (beyond, garbage):  # a page that does not exist shows the first one
        assert response.status_code == 200 and codes[0] in response.content.decode()
    counts = [
        query["sql"]
        for query in _captured(client, reverse("projects:list"))
        if query["sql"].startswith("SELECT COUNT(*)")
    ]
    assert counts == []


def _captured(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **HTMX)
    return queries.captured_queries


def test_list_query_count_does_not_grow_with_projects(
    client, sales, project, django_assert_max_num_queries
):
    login(client, sales)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(reverse("projects:list")).status_code == 200
    make_projects(sales, project.customer_organization, 30)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(reverse("projects:list")).status_code == 200
    with django_assert_max_num_queries(LIST_PARTIAL_QUERIES):
        assert client.get(reverse("projects:list"), **HTMX).status_code == 200


# --- board -----------------------------------------------------------------------------------


def test_board_has_a_column_per_stage_with_counts_and_capped_cards(
    client, sales, project, monkeypatch, django_assert_max_num_queries
):
    from apps.projects.selectors import board

    monkeypatch.setattr(board, "BOARD_CARDS_PER_COLUMN", 3)
    make_projects(sales, project.customer_organization, 4)
    login(client, sales)

    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(reverse("projects:board"))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="board-column"') == 8
    assert body.count('data-testid="board-card"') == 3
    assert ">5</span>" in body  # the first column's count
    assert 'data-testid="column-more"' in body


def test_board_card_advance_goes_through_the_engine_rules(client, team, project):
    management = team[Role.MANAGEMENT]
    login(client, management)
    url = reverse("projects:board_move", kwargs={"pk": project.pk})

    refused = client.post(url, **HTMX)

    assert refused.status_code == 422
    assert "still has required work open" in refused["HX-Trigger"]
    project.refresh_from_db()
    assert project.current_stage.slug == "inquiry_received"


def test_board_drop_on_a_column_other_than_the_next_is_refused(client, team, project):
    management = team[Role.MANAGEMENT]
    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    ).update(status="skipped", completed_at=timezone.now())
    stages = [
        row.workflow_stage
        for row in project.workflow_definition.definition_stages.select_related(
            "workflow_stage"
        ).order_by("workflow_stage__stage_order")
    ]
    login(client, management)
    url = reverse("projects:board_move", kwargs={"pk": project.pk})

    skipping = client.post(url, {"stage": stages[3].pk}, **HTMX)
    moving = client.post(url, {"stage": stages[1].pk}, **HTMX)

    assert skipping.status_code == 422
    assert "can only move on to" in skipping["HX-Trigger"]
    assert moving.status_code == 200
    project.refresh_from_db()
    assert project.current_stage_id == stages[1].pk


# --- intake ----------------------------------------------------------------------------------


def intake_form(**overrides):
    data = {
        "customer_mode": "new",
        "customer_name": "Mekong Motors",
        "customer_country": "vn",
        "customer_industry": "Automotive",
        "new_contact_name": "Tran Thi Lan",
        "new_email": "lan@mekong.example.com",
        "new_phone": "+84 28 3812 3456",
        "title": "Gearbox housing, 200 pcs",
        "description": "Aluminium die-cast housing, machined.",
        "project_type": "manufacturing",
        "intake_type": "rfq",
        "intake_source": "email",
        "priority_level": "high",
        "requested_delivery_date": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
        "estimated_value": "125000.50",
        "assigned_to": "",
        "tags": "automotive, aluminium, automotive",
    }
    data.update(overrides)
    return data


def test_intake_for_a_new_customer_creates_customer_contact_and_project(client, sales):
    response = login(client, sales).post(reverse("projects:create"), intake_form())

    project = Project.objects.get(title="Gearbox housing, 200 pcs")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    assert project.customer_organization.name == "Mekong Motors"
    assert project.customer_organization.country == "VN"
    assert project.point_of_contact.contact_name == "Tran Thi Lan"
    assert project.point_of_contact.organization_id == project.customer_organization_id
    assert project.tags == ["automotive", "aluminium"]
    assert project.created_by == sales
    assert project.sub_stage_progress.count() == 30


def test_intake_for_an_existing_customer_and_contact(client, sales, customer):
    contact = ContactFactory(owner_organization=customer.owner_organization, organization=customer)
    data = intake_form(
        customer_mode="existing",
        customer_organization=customer.pk,
        point_of_contact=contact.pk,
        customer_name="",
    )

    response = login(client, sales).post(reverse("projects:create"), data)

    assert response.status_code == 302
    project = Project.objects.get(title="Gearbox housing, 200 pcs")
    assert (project.customer_organization, project.point_of_contact) == (customer, contact)
    assert not Organization.objects.filter(name="Mekong Motors").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 256}, "title", "at most 255 characters"),
        ({"customer_name": ""}, "customer_name", "company name"),
        ({"customer_country": "Vietnam"}, "customer_country", "two-letter"),
        ({"new_email": "not-an-email"}, "new_email", "valid email"),
        ({"new_contact_name": ""}, "new_contact_name", "contact's name"),
        ({"priority_level": "whenever"}, "priority_level", "Select a valid choice"),
        ({"estimated_value": "-5"}, "estimated_value", "greater than or equal to 0"),
        ({"estimated_value": "1e20"}, "estimated_value", ""),
        ({"requested_delivery_date": "2020-01-01"}, "requested_delivery_date", "in the past"),
        ({"requested_delivery_date": "2026-02-30"}, "requested_delivery_date", "valid date"),
        ({"tags": ",".join(f"t{i}" for i in range(21))}, "tags", "at most 20 tags"),
        ({"customer_mode": "existing", "customer_organization": ""}, "customer_organization",
         "Choose the customer"),
    ],
)  # fmt: skip
def test_intake_refuses_bad_input_per_field_and_saves_nothing(
    client, sales, overrides, field, message
):
    response = login(client, sales).post(reverse("projects:create"), intake_form(**overrides))

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Project.objects.exists()
    assert not Organization.objects.filter(name="Mekong Motors").exists()
    assert not Contact.objects.filter(contact_name="Tran Thi Lan").exists()


def test_intake_refused_by_the_engine_keeps_no_orphan_customer_or_contact(client, sales, tenant):
    # The tenant has no active workflow: the project is refused after the customer and contact
    # were created in the same transaction — neither may remain.
    from apps.workflow.models import WorkflowDefinition

    WorkflowDefinition.objects.filter(organization=tenant).update(is_active=False)

    response = login(client, sales).post(reverse("projects:create"), intake_form())

    assert response.status_code == 422
    assert "no active workflow" in response.content.decode()
    assert not Organization.objects.filter(name="Mekong Motors").exists()
    assert not Contact.objects.filter(contact_name="Tran Thi Lan").exists()


def test_intake_refuses_another_tenants_customer_and_contact(
    client, sales, customer, foreign_project
):
    foreign = foreign_project.customer_organization
    login(client, sales)

    response = client.post(
        reverse("projects:create"),
        intake_form(customer_mode="existing", customer_organization=foreign.pk),
    )
    assert response.status_code == 422
    assert "customer_organization" in response.context["form"].errors

    foreign_contact = ContactFactory(
        owner_organization=foreign.owner_organization, organization=foreign
    )
    response = client.post(
        reverse("projects:create"),
        intake_form(
            customer_mode="existing",
            customer_organization=customer.pk,
            point_of_contact=foreign_contact.pk,
        ),
    )
    assert response.status_code == 422
    assert "point_of_contact" in response.context["form"].errors
    assert not Project.objects.filter(organization=sales.organization).exists()


def test_intake_contact_options_follow_the_chosen_customer(client, sales, customer):
    ContactFactory(
        owner_organization=customer.owner_organization, organization=customer, contact_name="Ms Mai"
    )
    login(client, sales)

    response = client.get(
        reverse("projects:contact_options"), {"customer_organization": customer.pk}, **HTMX
    )
    malformed = client.get(
        reverse("projects:contact_options"), {"customer_organization": "nope"}, **HTMX
    )

    assert "Ms Mai" in response.content.decode()
    assert malformed.status_code == 200 and "Ms Mai" not in malformed.content.decode()


def test_intake_is_403_for_an_auditor(client, auditor):
    login(client, auditor)
    assert client.get(reverse("projects:create")).status_code == 403
    assert client.post(reverse("projects:create"), intake_form()).status_code == 403
    assert not Project.objects.exists()


def test_a_role_without_customers_create_cannot_add_a_customer_at_intake(client, team, customer):
    engineer = team[Role.ENGINEERING]
    engineer.extra_permissions = ["projects.create"]
    engineer.save(update_fields=["extra_permissions"])

    response = login(client, engineer).post(reverse("projects:create"), intake_form())

    assert response.status_code == 403
    assert not Organization.objects.filter(name="Mekong Motors").exists()


# --- detail ----------------------------------------------------------------------------------


def test_detail_shows_header_stepper_and_the_users_actions(
    client, sales, project, django_assert_max_num_queries
):
    login(client, sales)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))

    body = response.content.decode()
    assert response.status_code == 200
    assert project.project_id in body and "Toyota Vietnam" in body
    assert body.count('data-testid="step-upcoming"') == 7
    assert body.count('data-testid="step-current"') == 1
    assert body.count('data-testid="sub-stage"') == 30
    assert 'data-testid="action-start"' in body


def test_detail_query_count_does_not_grow_with_history(
    client, team, project, django_assert_max_num_queries
):
    management = team[Role.MANAGEMENT]
    make_projects(management, project.customer_organization, 10)
    with tenant_context(project.organization_id, management):
        from apps.projects.services.sub_stages import sub_stage_block, sub_stage_start

        for progress in project.sub_stage_progress.filter(workflow_stage=project.current_stage):
            sub_stage_start(user=management, progress_id=progress.pk)
            sub_stage_block(user=management, progress_id=progress.pk, reason="Waiting for drawing")
    kinds = ("technical_review", "quote_approval", "po_approval", "quality_review", "cost_approval")
    statuses = ("pending", "approved", "rejected", "in_review", "pending")
    for kind, status in zip(kinds, statuses, strict=True):
        decided = status in ("approved", "rejected")
        ApprovalFactory(
            project=project,
            approval_type=kind,
            requested_by=team[Role.SALES],
            status=status,
            decided_by=team[Role.ENGINEERING] if decided else None,
            requested_at=timezone.now() - datetime.timedelta(hours=2),
            decided_at=timezone.now() if decided else None,
            decision_reason="Tolerances missing" if status == "rejected" else "",
        )
    login(client, management)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))

    body = response.content.decode()
    assert body.count('data-testid="blocked-reason"') >= 1
    assert body.count('data-testid="open-approval"') == 3
    assert body.count('data-testid="approve-button"') == 3  # management may decide every one


def test_detail_offers_no_actions_to_an_auditor(client, auditor, project):
    body = login(client, auditor).get(reverse("projects:detail", kwargs={"pk": project.pk}))
    content = body.content.decode()

    assert 'data-testid="sub-stage-actions"' not in content
    assert 'data-testid="project-edit"' not in content


def test_detail_marks_overdue_work(client, sales, project):
    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    ).update(due_at=timezone.now() - datetime.timedelta(days=1))

    body = login(client, sales).get(reverse("projects:detail", kwargs={"pk": project.pk}))

    assert 'data-testid="overdue"' in body.content.decode()


def test_activity_partial_lists_what_happened(client, sales, project):
    response = login(client, sales).get(
        reverse("projects:activity", kwargs={"pk": project.pk}), **HTMX
    )

    assert response.status_code == 200
    assert f"Created {project.project_id}" in response.content.decode()


PROJECT_URLS = [
    ("projects:detail", "get"),
    ("projects:activity", "get"),
    ("projects:edit", "get"),
    ("projects:cancel", "get"),
    ("projects:advance", "post"),
    ("projects:move_back", "post"),
    ("projects:board_move", "post"),
]


@pytest.mark.parametrize(("name", "method"), PROJECT_URLS)
def test_another_tenants_project_is_404(client, team, foreign_project, name, method):
    login(client, team[Role.MANAGEMENT])
    url = reverse(name, kwargs={"pk": foreign_project.pk})

    response = getattr(client, method)(url, {"reason": "x"})

    assert response.status_code == 404
    foreign_project.refresh_from_db()
    assert foreign_project.status == "inquiry"


def test_another_tenants_sub_stage_and_approval_urls_are_404(client, team, foreign_project):
    login(client, team[Role.MANAGEMENT])
    progress = ProjectSubStageProgress.objects.filter(project=foreign_project).first()

    step = client.post(
        reverse(
            "projects:sub_stage_action",
            kwargs={"pk": foreign_project.pk, "progress_pk": progress.pk, "action": "start"},
        )
    )

    assert step.status_code == 404
    progress.refresh_from_db()
    assert progress.status == "pending"


def test_a_sub_stage_of_another_project_is_refused(client, team, project):
    management = team[Role.MANAGEMENT]
    (other,) = make_projects(management, project.customer_organization, 1)
    progress = other.sub_stage_progress.get(sub_stage__slug="collect_documents")
    login(client, management)

    response = client.post(
        reverse(
            "projects:sub_stage_action",
            kwargs={"pk": project.pk, "progress_pk": progress.pk, "action": "start"},
        ),
        **HTMX,
    )

    assert response.status_code == 422
    assert "not part of this project" in response.content.decode()
    progress.refresh_from_db()
    assert progress.status == "pending"


@pytest.mark.parametrize(
    "name", ["projects:list", "projects:board", "projects:detail", "projects:activity"]
)
def test_read_pages_are_403_without_the_view_permission(client, team, project, monkeypatch, name):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.QA, ())
    login(client, team[Role.QA])
    kwargs = {"pk": project.pk} if name in ("projects:detail", "projects:activity") else {}

    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


# --- edit and cancel -------------------------------------------------------------------------


def edit_form(project, **overrides):
    data = {
        "version": project.version,
        "title": project.title,
        "customer_organization": project.customer_organization_id,
        "point_of_contact": "",
        "description": "",
        "project_type": project.project_type,
        "intake_type": project.intake_type,
        "intake_source": project.intake_source,
        "priority_level": "urgent",
        "requested_delivery_date": "",
        "promised_delivery_date": "",
        "estimated_delivery_date": "",
        "estimated_value": "5000",
        "actual_value": "",
        "assigned_to": project.assigned_to_id or "",
        "tags": "rush",
        "notes": "Customer called twice.",
    }
    data.update(overrides)
    return data


def test_edit_saves_changes_and_records_them(client, sales, project):
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    login(client, sales)
    assert client.get(url).status_code == 200

    response = client.post(url, edit_form(project))

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.priority_level, project.tags, project.version) == ("urgent", ["rush"], 2)
    entry = project.activity.get(action="updated")
    assert entry.old_values["priority_level"] == "normal"
    assert entry.new_values["priority_level"] == "urgent"


def test_edit_refuses_a_stale_form_instead_of_overwriting(client, sales, project):
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    stale = edit_form(project, title="My title")
    Project.objects.filter(pk=project.pk).update(title="Their title", version=2)

    response = login(client, sales).post(url, stale)

    assert response.status_code == 422
    assert "Someone else changed this project" in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Their title"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"estimated_value": "abc"}, "estimated_value"),
        ({"promised_delivery_date": "2001-01-01"}, "promised_delivery_date"),
        ({"customer_organization": str(uuid.uuid4())}, "customer_organization"),
        ({"assigned_to": str(uuid.uuid4())}, "assigned_to"),
        ({"version": "0"}, "version"),
    ],
)
def test_edit_refuses_bad_input(client, sales, project, overrides, field):
    url = reverse("projects:edit", kwargs={"pk": project.pk})

    response = login(client, sales).post(url, edit_form(project, **overrides))

    assert response.status_code == 422
    assert field in response.context["form"].errors
    project.refresh_from_db()
    assert project.version == 1


def test_edit_is_403_for_qa(client, team, project):
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    response = login(client, team[Role.QA]).post(url, edit_form(project))

    assert response.status_code == 403


def test_cancel_needs_a_reason_and_cancels_open_approvals(client, team, project):
    from apps.approvals.models import Approval

    management = team[Role.MANAGEMENT]
    from apps.projects.services.sub_stages import sub_stage_complete, sub_stage_start

    with tenant_context(project.organization_id, management):
        for slug in ("collect_documents",):
            progress = project.sub_stage_progress.get(sub_stage__slug=slug)
            sub_stage_start(user=management, progress_id=progress.pk)
            sub_stage_complete(user=management, progress_id=progress.pk)
    url = reverse("projects:cancel", kwargs={"pk": project.pk})
    login(client, management)

    empty = client.post(url, {"reason": "  "})
    done = client.post(url, {"reason": "Customer chose another supplier"})

    assert empty.status_code == 422
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.status == "cancelled"
    assert not Approval.objects.filter(project=project, status="pending").exists()
    assert project.activity.filter(description__contains="another supplier").exists()


def test_cancel_is_403_for_sales(client, sales, project):
    url = reverse("projects:cancel", kwargs={"pk": project.pk})

    assert login(client, sales).post(url, {"reason": "No"}).status_code == 403
    project.refresh_from_db()
    assert project.status == "inquiry"


@pytest.mark.parametrize("value", ["nope", "1' OR '1'='1", str(uuid.uuid4())])
def test_intake_with_a_malformed_or_unknown_customer_id_is_a_422_not_a_500(client, sales, value):
    data = intake_form(customer_mode="existing", customer_organization=value, customer_name="")

    response = login(client, sales).post(reverse("projects:create"), data)

    assert response.status_code == 422
    assert "customer_organization" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_project_of_a_deactivated_customer_stays_editable_but_takes_no_new_customer(
    client, sales, project, tenant
):
    Organization.objects.filter(pk=project.customer_organization_id).update(is_active=False)
    retired = CustomerFactory(owner_organization=tenant, name="Retired Ltd", is_active=False)
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    login(client, sales)

    kept = client.post(url, edit_form(project))
    project.refresh_from_db()
    moved = client.post(url, edit_form(project, customer_organization=retired.pk))

    assert kept.status_code == 302
    assert moved.status_code == 422
    assert "deactivated" in moved.content.decode()
