import factory

from apps.portal.models import PortalDecision, PortalInquiry, PortalMessage
from apps.users.models import Role, User
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory
from tests.projects.factories import ProjectFactory
from tests.users.factories import DEFAULT_PASSWORD, UserFactory
from tests.workflow.factories import TENANT, TenantOwnedFactory, WorkflowStageFactory


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


class PortalInquiryFactory(TenantOwnedFactory):
    """A request for quote from a contact of a customer of the tenant, not yet a project."""

    class Meta:
        model = PortalInquiry

    organization = TENANT
    customer_organization = factory.SubFactory(
        CustomerFactory, owner_organization=factory.SelfAttribute("..organization")
    )
    submitted_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization")
    )
    title = "Welding fixture for the rear subframe"
    description = "Two fixtures, one per shift."


class PortalDecisionFactory(TenantOwnedFactory):
    """A contact's accept on a project in its current stage."""

    class Meta:
        model = PortalDecision

    project = factory.SubFactory(ProjectFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("project.organization")
    stage = factory.SubFactory(
        WorkflowStageFactory, organization=factory.SelfAttribute("..organization")
    )
    decided_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization")
    )
    decision = "accept"
