"""The audit events of messaging write the entry they name."""

import pytest

from apps.activity.models import ActivityAction, EntityType
from apps.core.tenancy import tenant_context
from apps.messaging.events import project_message_sent_event
from tests.activity.helpers import entries_by
from tests.messaging.factories import MessageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("subject", "description"),
    [("Drawing question", "Message: Drawing question"), ("", "Message: Is rev A final?")],
)
def test_project_message_sent_event(tenant, admin_user, subject, description):
    message = MessageFactory(tenant=tenant, sender=admin_user, subject=subject)

    with tenant_context(tenant, admin_user):
        project_message_sent_event(message=message, excerpt="Is rev A final?")

    assert entries_by(admin_user) == [
        {
            "organization_id": tenant.pk,
            "user_id": admin_user.pk,
            "project_id": message.project_id,
            "entity_type": EntityType.MESSAGE,
            "entity_id": message.pk,
            "action": ActivityAction.MESSAGE_SENT,
            "description": description,
            "old_values": None,
            "new_values": None,
        }
    ]
