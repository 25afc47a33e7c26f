"""Messages: addressed to someone or some project, read state coherent, threads in one tenant."""

import pytest
from django.utils import timezone

from tests.dbchecks import refused_by
from tests.messaging.factories import MessageFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_message_goes_to_a_person_or_a_project(tenant):
    with refused_by("messages_has_recipient_or_project"):
        MessageFactory(project=None, organization=tenant, recipient=None)
    MessageFactory(project=None, organization=tenant, recipient=UserFactory(organization=tenant))
    MessageFactory(organization=tenant)


def test_read_state_and_read_time_agree(tenant):
    with refused_by("messages_read_has_read_at"):
        MessageFactory(organization=tenant, is_read=True)
    with refused_by("messages_read_has_read_at"):
        MessageFactory(organization=tenant, is_read=False, read_at=timezone.now())


def test_priority_and_content_are_checked(tenant):
    with refused_by("messages_priority_valid"):
        MessageFactory(organization=tenant, priority="asap")
    with refused_by("messages_content_not_empty"):
        MessageFactory(organization=tenant, content="")


def test_replies_and_projects_stay_in_the_messages_tenant(tenant, other_tenant):
    foreign = MessageFactory(organization=other_tenant)

    with refused_by("messages_parent_same_tenant_fk"):
        MessageFactory(organization=tenant, parent=foreign)
    with refused_by("messages_project_same_tenant_fk"):
        MessageFactory(organization=tenant, project=foreign.project)
