import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.projects.services import project_create
from apps.workflow.models import WorkflowDefinition
from apps.workflow.selectors import definition_plan, workflow_definition_default
from apps.workflow.services import workflow_definition_new_version, workflow_install_standard
from tests.organizations.factories import CustomerFactory


@pytest.fixture
def running_project(admin_user):
    definition = workflow_install_standard(organization_id=admin_user.organization_id)
    customer = CustomerFactory(owner_organization=admin_user.organization)
    with tenant_context(admin_user.organization, admin_user):
        project = project_create(user=admin_user, title="Frame", customer_organization=customer)
    return definition, project


def test_a_new_version_is_a_draft_copy_and_the_published_default_stays(running_project, admin_user):
    definition, project = running_project

    with tenant_context(admin_user.organization, admin_user):
        copy = workflow_definition_new_version(definition=definition, user=admin_user)
        default = workflow_definition_default(admin_user.organization_id)

    assert (copy.name, copy.version, copy.status) == (definition.name, 2, "draft")
    assert default == definition  # until the draft is published as the default
    assert definition_plan(copy) == definition_plan(definition)
    project.refresh_from_db()
    assert project.workflow_definition == definition  # the running project keeps its version


@pytest.mark.django_db(transaction=True)
def test_the_admin_refuses_to_edit_a_used_definition_and_offers_a_new_version(
    client, running_project, admin_user
):
    definition, _ = running_project
    client.force_login(admin_user)
    change_url = reverse("admin:workflow_workflowdefinition_change", args=[definition.pk])

    page = client.get(change_url)
    client.post(change_url, {"name": "Hacked", "version": "1"})
    definition.refresh_from_db()
    response = client.post(
        reverse("admin:workflow_workflowdefinition_changelist"),
        {"action": "create_new_version", "_selected_action": [definition.pk]},
    )

    assert b"cannot be changed" in page.content
    assert definition.name != "Hacked"
    assert response.status_code == 302
    assert WorkflowDefinition.objects.filter(name=definition.name, version=2).exists()


@pytest.mark.django_db(transaction=True)
def test_two_new_versions_at_once_take_consecutive_numbers(admin_user):
    """Request A copies the workflow and has not committed yet; request B must wait for A's lock
    on the workflow's versions, then number its copy after A's (not both "latest + 1")."""
    definition = workflow_install_standard(organization_id=admin_user.organization_id)
    a_has_lock = threading.Event()
    release_a = threading.Event()
    outcome = {}

    def request_a():
        try:
            with tenant_context(admin_user.organization, admin_user):
                outcome["a"] = workflow_definition_new_version(
                    definition=definition, user=admin_user
                ).version
                a_has_lock.set()
                release_a.wait(timeout=10)
        finally:
            connection.close()

    def request_b():
        try:
            a_has_lock.wait(timeout=10)
            with tenant_context(admin_user.organization, admin_user):
                outcome["b"] = workflow_definition_new_version(
                    definition=definition, user=admin_user
                ).version
        except Exception as error:  # reported by the assertion below
            outcome["b"] = repr(error)
        finally:
            connection.close()

    thread_a = threading.Thread(target=request_a)
    thread_b = threading.Thread(target=request_b)
    thread_a.start()
    thread_b.start()
    a_has_lock.wait(timeout=10)
    thread_b.join(timeout=1)
    b_was_waiting = thread_b.is_alive()
    release_a.set()
    thread_a.join(timeout=10)
    thread_b.join(timeout=10)
    connections.close_all()

    assert b_was_waiting, "the second copy did not wait for the first one's lock"
    assert (outcome["a"], outcome["b"]) == (2, 3)
    assert sorted(
        WorkflowDefinition.objects.filter(name=definition.name).values_list("version", flat=True)
    ) == [1, 2, 3]
