import factory

from apps.contacts.models import Contact, ContactType
from tests.organizations.factories import CustomerFactory, TenantFactory


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact at a customer of the same tenant."""

    class Meta:
        model = Contact

    owner_organization = factory.SubFactory(TenantFactory)
    organization = factory.SubFactory(
        CustomerFactory, owner_organization=factory.SelfAttribute("..owner_organization")
    )
    type = ContactType.CUSTOMER
    contact_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@customer.example.com")
    role = "Buyer"
