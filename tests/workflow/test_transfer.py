"""Templates between factories: export, import as a draft, the standard workflow's files, and
createtenant installing it in the tenant's language."""

import dataclasses
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from apps.core.tenancy import tenant_context
from apps.organizations.models import Organization
from apps.users.models import User
from apps.workflow.models import (
    DefinitionStatus,
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.selectors import definition_plan, workflow_definition_default
from apps.workflow.services import (
    workflow_definition_export,
    workflow_definition_import,
    workflow_definition_new_version,
    workflow_draft_sub_stage_add,
    workflow_draft_sub_stage_move,
    workflow_install_standard,
)
from apps.workflow.standard import standard_workflow_file

pytestmark = pytest.mark.django_db


def without_ids(plan):
    """A plan as its content: names, slugs, orders and rules, not the rows' ids."""
    return [
        (
            dataclasses.replace(stage, stage_id=None, sub_stages=()),
            [dataclasses.replace(sub, sub_stage_id=None) for sub in stage.sub_stages],
        )
        for stage in plan
    ]


def counts():
    return [
        model.objects.count()
        for model in (
            WorkflowDefinition,
            WorkflowDefinitionStage,
            WorkflowDefinitionSubStage,
            WorkflowStage,
            WorkflowSubStage,
        )
    ]


@pytest.fixture
def edited_draft(admin_user):
    """The standard workflow's v2 with a sub-stage moved and one added."""
    with tenant_context(admin_user.organization, admin_user):
        standard = workflow_install_standard(organization_id=admin_user.organization_id)
        draft = workflow_definition_new_version(definition=standard, user=admin_user)
        review = definition_plan(draft)[1]
        workflow_draft_sub_stage_move(
            definition=draft,
            sub_stage_id=review.sub_stages[2].sub_stage_id,
            user=admin_user,
            step=-1,
        )
        workflow_draft_sub_stage_add(
            definition=draft,
            stage_id=review.stage_id,
            user=admin_user,
            name="Customer drawing clarification",
            responsible_roles=["engineering", "sales"],
            estimated_duration_hours=6,
        )
    return draft


def test_export_then_import_into_another_tenant_gives_an_identical_draft(
    edited_draft, admin_user, other_admin
):
    exported = workflow_definition_export(edited_draft)

    with tenant_context(other_admin.organization, other_admin):
        workflow_install_standard(organization_id=other_admin.organization_id)
        imported = workflow_definition_import(
            organization_id=other_admin.organization_id, user=other_admin, content=exported
        )
        imported_plan = definition_plan(imported)
        again = workflow_definition_export(imported)

    assert imported.status == DefinitionStatus.DRAFT
    assert imported.organization_id == other_admin.organization_id
    assert (imported.name, imported.version) == (edited_draft.name, 2)
    assert without_ids(imported_plan) == without_ids(definition_plan(edited_draft))
    assert again == exported
    names = [sub.name for sub in imported_plan[1].sub_stages]
    assert names[1:3] == ["Quality and inspection requirements", "Material and process selection"]
    assert names[-1] == "Customer drawing clarification"


def test_an_export_carries_the_catalog_entries_it_uses(edited_draft):
    data = json.loads(workflow_definition_export(edited_draft))

    assert data["format"] == "factory-pulse-workflow"
    assert len(data["stages"]) == 8
    assert sum(len(stage["sub_stages"]) for stage in data["stages"]) == 31
    first = data["stages"][0]
    assert (first["slug"], first["color"], first["project_status"]) == (
        "inquiry_received",
        "#0D6EFD",
        "inquiry",
    )


def good_file():
    return json.loads(standard_workflow_file("en").read_text(encoding="utf-8"))


def malformed(change):
    data = good_file()
    change(data)
    return json.dumps(data)


MALFORMED = {
    "not json": ("{stages: [", "not valid JSON"),
    "another format": (json.dumps({"format": "bpmn"}), "not a Factory Pulse workflow file"),
    "unknown role": (
        malformed(lambda d: d["stages"][1]["sub_stages"][0].update(responsible_roles=["welder"])),
        r"stages\[2\].sub_stages\[1\].responsible_roles: unknown roles welder",
    ),
    "approval without approvers": (
        malformed(lambda d: d["stages"][0]["sub_stages"][0].update(requires_approval=True)),
        r"stages\[1\].sub_stages\[1\].approval_roles: an approval is required",
    ),
    "negative duration": (
        malformed(lambda d: d["stages"][2]["sub_stages"][1].update(estimated_duration_hours=-4)),
        r"stages\[3\].sub_stages\[2\].estimated_duration_hours: must be a whole number",
    ),
    "duplicate slug": (
        malformed(lambda d: d["stages"][1].update(slug="inquiry_received")),
        "the slug “inquiry_received” appears twice",
    ),
    "bad status": (
        malformed(lambda d: d["stages"][0].update(project_status="shipping")),
        r"stages\[1\].project_status: must be one of",
    ),
    "no stages": (malformed(lambda d: d.update(stages=[])), "stages: must be a non-empty list"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_importing_a_malformed_file_changes_nothing(case, other_admin):
    content, message = MALFORMED[case]
    before = counts()

    with (
        tenant_context(other_admin.organization, other_admin),
        pytest.raises(ValidationError, match=message),
    ):
        workflow_definition_import(
            organization_id=other_admin.organization_id, user=other_admin, content=content
        )

    assert counts() == before


def test_an_import_that_would_rename_a_catalog_stage_is_refused(admin_user):
    before = None
    with tenant_context(admin_user.organization, admin_user):
        workflow_install_standard(organization_id=admin_user.organization_id, language="vi")
        before = counts()
        with pytest.raises(ValidationError, match="Your stage “inquiry_received” is called"):
            workflow_definition_import(
                organization_id=admin_user.organization_id,
                user=admin_user,
                content=standard_workflow_file("en").read_text(encoding="utf-8"),
            )
    assert counts() == before


SHAPE_KEYS = (
    "slug",
    "responsible_roles",
    "estimated_duration_hours",
    "is_required",
    "can_skip",
    "auto_advance",
    "requires_approval",
    "approval_roles",
)


def test_the_standard_files_differ_only_in_words():
    def shape(data):
        return [
            (
                s["slug"],
                s["project_status"],
                s["responsible_roles"],
                s["color"],
                [[sub[key] for key in SHAPE_KEYS] for sub in s["sub_stages"]],
            )
            for s in data["stages"]
        ]

    english = good_file()
    vietnamese = json.loads(standard_workflow_file("vi").read_text(encoding="utf-8"))

    assert shape(english) == shape(vietnamese)
    assert len(english["stages"]) == 8
    assert sum(len(stage["sub_stages"]) for stage in vietnamese["stages"]) == 30
    assert [stage["name"] for stage in vietnamese["stages"]][:3] == [
        "Tiếp nhận yêu cầu",
        "Xem xét kỹ thuật",
        "Lập báo giá",
    ]


@pytest.mark.django_db(transaction=True)
def test_createtenant_installs_the_standard_workflow_in_the_tenants_language():
    call_command(
        "createtenant",
        "Cơ khí Bình Dương",
        admin_email="admin@cokhi.example",
        admin_password="Very-Long-Passphrase-42",
        language="vi",
    )

    tenant = Organization.objects.get(name="Cơ khí Bình Dương")
    with tenant_context(tenant):
        default = workflow_definition_default(tenant.pk)
        stages = [stage.name for stage in definition_plan(default)]
        admin = User.objects.get(email="admin@cokhi.example")
    assert default.status == DefinitionStatus.PUBLISHED
    assert stages[0] == "Tiếp nhận yêu cầu" and stages[-1] == "Giao hàng và lắp đặt"
    assert admin.preferences["language"] == "vi"
