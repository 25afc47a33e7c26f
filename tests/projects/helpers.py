"""Short ways for the project page tests to sign in, ask as htmx, and make more projects."""

from apps.core.tenancy import tenant_context
from apps.projects.services import project_create

HTMX = {"HTTP_HX_REQUEST": "true"}


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
