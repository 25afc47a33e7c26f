"""What several browser tests do the same way: sign in, and make a project with the standard
workflow for an engineer of the tenant."""

from apps.core.tenancy import tenant_context
from apps.projects.services import project_create
from apps.workflow.services import workflow_install_standard
from tests.organizations.factories import CustomerFactory


def sign_in(page, user, password):
    """Through the real sign-in form; returns once the browser has left it."""
    page.goto("/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def engineers_project(tenant, engineer):
    """A project on the standard workflow, assigned to `engineer`, for Toyota Vietnam."""
    workflow_install_standard(organization_id=tenant.pk)
    customer = CustomerFactory(owner_organization=tenant, name="Toyota Vietnam")
    with tenant_context(tenant, engineer):
        return project_create(
            user=engineer,
            title="Brake caliper fixture",
            customer_organization=customer,
            assigned_to=engineer,
        )
