import factory

from apps.portal.models import PortalMessage
from apps.users.models import Role, User
from tests.contacts.factories import ContactFactory
from tests.projects.factories import ProjectFactory
from tests.users.factories import DEFAULT_PASSWORD, UserFactory
from tests.workflow.factories import TenantOwnedFactory


class PortalMessageFactory(TenantOwnedFactory):
    """A staff member's message in a project's customer conversation."""

    class Meta:
        model = PortalMessage

    project = factory.SubFactory(ProjectFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("project.organization")
    author = factory.SubFactory(UserFactory, organization=factory.SelfAttribute("..organization"))
    body = "The first article is ready for your inspection."


def portal_account(contact=None, *, password: str = DEFAULT_PASSWORD, **fields) -> User:
    """A portal account for `contact` (a new contact of a new customer by default)."""
    contact = contact or ContactFactory()
    user = User.accounts.create_user(
        email=fields.pop("email", None) or contact.email or f"{contact.pk}@customer.example.com",
        password=password,
        name=contact.contact_name,
        organization_id=contact.owner_organization_id,
        role=Role.CUSTOMER,
        contact=contact,
        customer_organization_id=contact.organization_id,
        **fields,
    )
    return user
