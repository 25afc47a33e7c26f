import uuid

import factory

from apps.messaging.models import Message
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory
from tests.workflow.factories import TenantOwnedFactory


class MessageFactory(TenantOwnedFactory):
    """A message in a project's thread."""

    class Meta:
        model = Message

    project = factory.SubFactory(ProjectFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("project.organization")
    sender = factory.SubFactory(UserFactory, organization=factory.SelfAttribute("..organization"))
    subject = "Drawing question"
    content = "Is the hole pattern on rev A final?"
    id = factory.LazyFunction(uuid.uuid4)
    # A new conversation unless told otherwise (a reply passes its thread).
    thread_id = factory.SelfAttribute("id")
