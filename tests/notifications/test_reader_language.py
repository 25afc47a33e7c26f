"""Notifications and their e-mail are written for their reader: in the reader's language and
timezone (not those of whoever caused them), and by e-mail only for the kinds the reader chose on
their settings page."""

import datetime
import email
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.core.i18n import for_reader
from apps.core.tenancy import tenant_context
from apps.notifications import mailing
from apps.notifications.models import Notification
from apps.notifications.services import notification_notify
from apps.projects.services import project_create
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from tests.notifications.factories import NotificationFactory
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory
from tests.workers import eventually, sent_mail

VIETNAMESE = {"language": "vi", "timezone": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def email_in_memory(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.mark.django_db
def test_one_notice_is_written_in_each_readers_language(tenant, admin_user):
    vietnamese = UserFactory(organization=tenant, preferences=VIETNAMESE)
    english = UserFactory(organization=tenant, preferences={"language": "en"})

    with tenant_context(tenant, admin_user):
        notification_notify(
            organization_id=tenant.pk,
            recipients=[vietnamese, english],
            type="approval",
            title=for_reader(gettext_lazy("Approved: %(title)s"), title="Bản vẽ BV-01"),
            message=for_reader(
                gettext_lazy("The delegation to %(name)s ended without a decision."),
                name="Trần Thị Bích",
            ),
        )

    stored = dict(Notification.objects.values_list("user_id", "title"))
    assert stored[vietnamese.pk] == "Đã phê duyệt: Bản vẽ BV-01"
    assert stored[english.pk] == "Approved: Bản vẽ BV-01"
    assert Notification.objects.get(user=vietnamese).message == (
        "Việc ủy quyền cho Trần Thị Bích đã hết hạn mà chưa có quyết định."
    )


@pytest.mark.django_db
def test_plain_texts_cost_no_query_for_the_readers(tenant, admin_user, django_assert_num_queries):
    reader = UserFactory(organization=tenant, preferences=VIETNAMESE)

    with tenant_context(tenant, admin_user), django_assert_num_queries(1):
        notification_notify(
            organization_id=tenant.pk, recipients=[reader], type="system", title="P-25010001"
        )


@pytest.mark.django_db
def test_only_the_kinds_the_reader_chose_are_emailed(tenant, email_in_memory):
    reader = UserFactory(
        organization=tenant,
        preferences={**VIETNAMESE, "email_muted_kinds": ["message", "document"]},
    )
    deliveries = {
        kind: mailing.notification_email_deliver(
            organization_id=tenant.pk,
            notification_id=NotificationFactory(user=reader, priority="high", type=kind).pk,
        )
        for kind in ("approval", "workflow", "message", "document")
    }

    assert deliveries == {
        "approval": "sent",
        "workflow": "sent",
        "message": "recipient does not get e-mail",
        "document": "recipient does not get e-mail",
    }
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_sweep_leaves_out_the_kinds_the_reader_muted(tenant, email_in_memory):
    reader = UserFactory(organization=tenant, preferences={"email_muted_kinds": ["message"]})
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    for kind in ("message", "approval"):
        notice = NotificationFactory(user=reader, priority="high", type=kind)
        Notification.objects.filter(pk=notice.pk).update(created_at=an_hour_ago)

    with tenant_context(tenant):
        waiting = mailing.notifications_awaiting_email(organization_id=tenant.pk)

    assert list(Notification.objects.filter(pk__in=waiting).values_list("type", flat=True)) == [
        "approval"
    ]


@pytest.mark.django_db(transaction=True)
def test_an_english_managers_action_reaches_a_vietnamese_owner_in_vietnamese_through_the_worker(
    client, tenant, celery_worker, mail_dir
):
    workflow_install_standard(organization_id=tenant.pk)
    owner = UserFactory(
        organization=tenant, role=Role.SALES, email="owner@vi.example", preferences=VIETNAMESE
    )
    manager = UserFactory(
        organization=tenant,
        role=Role.MANAGEMENT,
        preferences={"language": "en", "timezone": "America/Chicago"},
    )
    with tenant_context(tenant, owner):
        project = project_create(
            user=owner,
            title="Đồ gá kẹp phanh",
            customer_organization=CustomerFactory(owner_organization=tenant),
            assigned_to=owner,
        )
    client.force_login(manager)

    response = client.post(
        reverse("projects:cancel", kwargs={"pk": project.pk}), {"reason": "Customer withdrew"}
    )

    assert response.status_code == 302
    notice = Notification.objects.get(user=owner, priority="high")
    assert notice.title == f"{project.project_id} đã bị hủy"
    eventually(lambda: sent_mail(mail_dir), "the worker e-mailed the notification")
    (message,) = sent_mail(mail_dir)
    assert "To: owner@vi.example" in message
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d \(Asia/Ho_Chi_Minh\)", message), message
    html = next(
        part.get_payload(decode=True).decode()
        for part in email.message_from_string(message).walk()
        if part.get_content_type() == "text/html"
    )
    assert '<html lang="vi">' in html
