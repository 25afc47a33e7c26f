import factory

from apps.notifications.models import Notification, NotificationType
from tests.organizations.factories import TenantFactory
from tests.users.factories import UserFactory
from tests.workflow.factories import TenantOwnedFactory


class NotificationFactory(TenantOwnedFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(
        UserFactory,
        organization=factory.LazyAttribute(lambda o: o.factory_parent.tenant or TenantFactory()),
    )
    organization = factory.SelfAttribute("user.organization")
    type = NotificationType.WORKFLOW
    title = "Sub-stage assigned to you"
    message = "Technical review of P-25010001 is yours."
    action_url = "/projects/"
