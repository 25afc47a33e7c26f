import factory

from apps.users.models import Role, User
from tests.organizations.factories import TenantFactory

DEFAULT_PASSWORD = "FactoryPulse@2025"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    organization = factory.SubFactory(TenantFactory)
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    role = Role.SALES
    preferences = factory.LazyFunction(lambda: {"timezone": "Asia/Ho_Chi_Minh", "language": "en"})

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])
