"""The workflow admin's own pages: the whole view with its diff, one stage edited at a time (with
a bounded number of inputs), publishing, the default switch, export and import."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.workflow.models import DefinitionStatus, WorkflowDefinition
from apps.workflow.selectors import definition_plan
from apps.workflow.services import (
    workflow_definition_export,
    workflow_definition_new_version,
    workflow_install_standard,
)

pytestmark = pytest.mark.django_db

INPUT = re.compile(rb"<(input|select|textarea|button)\b(?![^>]*type=\"hidden\")", re.I)


def inputs(response) -> int:
    return len(INPUT.findall(response.content))


@pytest.fixture
def standard(admin_user):
    with tenant_context(admin_user.organization, admin_user):
        return workflow_install_standard(organization_id=admin_user.organization_id)


@pytest.fixture
def draft(standard, admin_user):
    with tenant_context(admin_user.organization, admin_user):
        return workflow_definition_new_version(definition=standard, user=admin_user)


def url(name, *args):
    return reverse(f"admin:workflow_workflowdefinition_{name}", args=args)


def stage_post(stage, **extra):
    """The stage page's form as the browser sends it unchanged."""
    data = {}
    for sub in stage.sub_stages:
        prefix = f"s-{sub.sub_stage_id}"
        data[f"{prefix}-responsible_roles"] = list(sub.responsible_roles)
        data[f"{prefix}-duration"] = str(sub.estimated_duration_hours)
        data[f"{prefix}-unit"] = "hours"
        data[f"{prefix}-approval_roles"] = list(sub.approval_roles)
        for flag in ("requires_approval", "can_skip", "auto_advance"):
            if getattr(sub, flag):
                data[f"{prefix}-{flag}"] = "on"
    return {**data, **extra}


def test_the_whole_view_shows_stages_sub_stages_and_lead_times(
    client, admin_user, standard, django_assert_max_num_queries
):
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(url("overview", standard.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="sub-stage"') == 30
    assert "Inquiry Received" in page and "Customer acceptance" in page
    assert "8 h lead time" in page  # Inquiry Received: 2 + 4 + 2 hours
    total = sum(stage.lead_time_hours for stage in definition_plan(standard))
    assert f"{total} h in total" in page
    assert "★" in page and "Default: new projects follow this version" in page


def test_another_tenants_definition_is_a_404_on_every_page(client, other_admin, standard):
    client.force_login(other_admin)
    stage_id = definition_plan(standard)[0].stage_id

    for page in (
        url("overview", standard.pk),
        url("stage", standard.pk, stage_id),
        url("export", standard.pk),
    ):
        assert client.get(page).status_code == 404, page
    assert client.post(url("lifecycle", standard.pk), {"action": "new_version"}).status_code == 404


def test_the_stage_page_fits_a_screen_whatever_the_workflows_size(
    client, admin_user, draft, django_assert_max_num_queries
):
    client.force_login(admin_user)
    plan = definition_plan(draft)

    counted = {}
    for stage in plan:
        with django_assert_max_num_queries(12):
            response = client.get(url("stage", draft.pk, stage.stage_id))
        counted[stage.name] = inputs(response)
    change_form = inputs(client.get(url("change", draft.pk)))

    # The largest stage has 4 sub-stages: about 30 inputs each, plus the new sub-stage's form.
    assert max(counted.values()) < 200, counted
    assert change_form < 300, change_form


def test_editing_a_stage_moves_adds_and_changes_sub_stages_of_the_draft_only(
    client, admin_user, standard, draft
):
    client.force_login(admin_user)
    review = definition_plan(draft)[1]
    quality = review.sub_stages[2]
    data = stage_post(review, move=f"{quality.sub_stage_id}:up")
    data[f"s-{quality.sub_stage_id}-duration"] = "1"
    data[f"s-{quality.sub_stage_id}-unit"] = "days"
    data.update(
        {
            "new-name": "Customer drawing clarification",
            "new-responsible_roles": ["engineering"],
            "new-duration": "6",
            "new-unit": "hours",
        }
    )

    response = client.post(url("stage", draft.pk, review.stage_id), data)

    assert response.status_code == 302
    after = definition_plan(draft)[1]
    assert [sub.name for sub in after.sub_stages] == [
        "Feasibility and manufacturability review",
        "Quality and inspection requirements",
        "Material and process selection",
        "Technical sign-off",
        "Customer drawing clarification",
    ]
    assert after.sub_stages[1].estimated_duration_hours == 24
    assert len(definition_plan(standard)[1].sub_stages) == 4  # v1 keeps its plan


def test_bad_input_on_the_stage_page_is_a_422_and_changes_nothing(client, admin_user, draft):
    client.force_login(admin_user)
    review = definition_plan(draft)[1]
    data = stage_post(review)
    first = review.sub_stages[0].sub_stage_id
    data[f"s-{first}-duration"] = "0"
    data[f"s-{first}-requires_approval"] = "on"
    data[f"s-{first}-approval_roles"] = []

    response = client.post(url("stage", draft.pk, review.stage_id), data)

    assert response.status_code == 422
    assert "Tick who approves it." in response.content.decode()
    assert definition_plan(draft)[1] == review


def test_a_published_versions_stage_page_is_read_only(client, admin_user, standard):
    client.force_login(admin_user)
    review = definition_plan(standard)[1]

    page = client.get(url("stage", standard.pk, review.stage_id))
    refused = client.post(url("stage", standard.pk, review.stage_id), stage_post(review))

    assert "is published and cannot change" in page.content.decode()
    assert refused.status_code == 403
    assert definition_plan(standard)[1] == review


def test_publishing_from_the_page_makes_the_default_and_the_diff_shows_the_changes(
    client, admin_user, standard, draft
):
    client.force_login(admin_user)
    review = definition_plan(draft)[1]
    client.post(
        url("stage", draft.pk, review.stage_id),
        stage_post(review, move=f"{review.sub_stages[2].sub_stage_id}:up"),
    )

    published = client.post(url("lifecycle", draft.pk), {"action": "publish", "make_default": "1"})
    diff = client.get(url("overview", draft.pk), {"compare": str(standard.pk)})

    draft.refresh_from_db()
    assert published.status_code == 302
    assert (draft.status, draft.is_default) == (DefinitionStatus.PUBLISHED, True)
    page = diff.content.decode()
    assert page.count('class="diff-moved"') == 1
    assert "Quality and inspection requirements" in page.split('id="diff"')[1]


def test_a_refused_publish_lists_the_problems(client, admin_user, tenant):
    client.force_login(admin_user)
    empty = WorkflowDefinition.objects.create(organization=tenant, name="Empty")

    response = client.post(url("lifecycle", empty.pk), {"action": "publish"}, follow=True)

    assert "The workflow has no stages" in response.content.decode()
    empty.refresh_from_db()
    assert empty.status == DefinitionStatus.DRAFT


def test_export_downloads_the_file_and_import_brings_it_in_as_a_draft(
    client, admin_user, other_admin, draft
):
    client.force_login(admin_user)
    exported = client.get(url("export", draft.pk))
    assert exported["Content-Disposition"].endswith('-v2.json"')

    client.force_login(other_admin)
    response = client.post(
        url("import"),
        {"file": SimpleUploadedFile("v2.json", exported.content, "application/json")},
    )

    imported = WorkflowDefinition.objects.get(organization=other_admin.organization)
    assert response.status_code == 302
    assert imported.status == DefinitionStatus.DRAFT
    assert workflow_definition_export(imported) == exported.content.decode()


def test_a_malformed_upload_is_a_400_with_the_reason_and_nothing_imported(client, other_admin):
    client.force_login(other_admin)
    response = client.post(
        url("import"), {"file": SimpleUploadedFile("x.json", b"{nope", "application/json")}
    )

    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()
    assert not WorkflowDefinition.objects.filter(organization=other_admin.organization).exists()


def test_the_list_shows_status_and_the_default_plainly(client, admin_user, standard, draft):
    client.force_login(admin_user)
    page = client.get(url("changelist")).content.decode()

    assert "★ Default" in page
    assert "Draft" in page and "Published" in page
    assert "Import a template" in page


def test_a_refused_button_on_the_stage_page_rolls_back_the_rules_saved_with_it(
    client, admin_user, draft, other_tenant
):
    client.force_login(admin_user)
    review = definition_plan(draft)[1]
    first = review.sub_stages[0].sub_stage_id
    data = stage_post(review, include="00000000-0000-0000-0000-000000000001")
    data[f"s-{first}-duration"] = "99"

    response = client.post(url("stage", draft.pk, review.stage_id), data)

    assert response.status_code == 422
    assert "not in your catalog" in response.content.decode()
    assert definition_plan(draft)[1] == review
