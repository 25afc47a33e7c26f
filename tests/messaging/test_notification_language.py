"""Each person told about a message reads the notification in their own language, not the
sender's (the project's participants are loaded without their preferences: they are read
separately). Uses this part's Vietnamese catalog compiled into a scratch LOCALE_PATHS."""

import pytest
from django.utils import translation

from apps.core.tenancy import tenant_context
from apps.messaging import services
from apps.notifications.models import Notification
from apps.users.models import Role
from tests.i18n.catalog import compiled_locale_dir
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

VIETNAMESE = {"timezone": "Asia/Ho_Chi_Minh", "language": "vi"}


@pytest.fixture
def vietnamese(tmp_path, settings):
    settings.LOCALE_PATHS = [compiled_locale_dir()]


def test_a_project_post_is_announced_in_each_participants_language(tenant, vietnamese):
    sender = UserFactory(organization=tenant, role=Role.ENGINEERING, name="Le Van C")
    assignee = UserFactory(organization=tenant, name="Nguyen Thi A", preferences=VIETNAMESE)
    qa = UserFactory(organization=tenant, role=Role.QA, name="Quinn English")
    project = ProjectFactory(tenant=tenant, assigned_to=assignee, created_by=assignee)
    ProjectSubStageProgressFactory(tenant=tenant, project=project, assigned_to=qa)

    with tenant_context(tenant.pk, sender), translation.override("en"):
        services.message_post_to_project(sender=sender, project=project, content="Flatness?")

    titles = dict(Notification.objects.values_list("user__name", "title"))
    assert titles == {
        "Nguyen Thi A": f"{project.project_id}: tin nhắn mới từ Le Van C",
        "Quinn English": f"{project.project_id}: new message from Le Van C",
    }


def test_a_direct_message_is_announced_in_the_recipients_language(tenant, vietnamese):
    sender = UserFactory(organization=tenant, name="Quinn English")
    recipient = UserFactory(organization=tenant, name="Nguyen Thi A", preferences=VIETNAMESE)

    with tenant_context(tenant.pk, sender):
        services.message_send_direct(sender=sender, recipient=recipient, content="Hello")

    assert Notification.objects.get().title == "Tin nhắn mới từ Quinn English"
