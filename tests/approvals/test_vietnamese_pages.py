"""The approvals in Vietnamese: a Vietnamese user's approvals queue and the sign-in page show none
of the catalog's English strings, and an approval's notification is worded in its recipient's
language, not in that of the person who asked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from apps.notifications.models import Notification
from apps.users.models import Role
from tests.approvals.helpers import ask, by_role, by_user
from tests.i18n.catalog import compiled_locale_dir, english_to_vietnamese
from tests.i18n.visible_text import parse

pytestmark = pytest.mark.django_db(transaction=True)


def visible_texts(response) -> list[str]:
    return parse(response.content.decode()).pieces


@pytest.fixture
def vietnamese(settings) -> dict[str, str]:
    """The catalog, compiled; returns the English strings whose translation differs (those
    must never show on a Vietnamese page)."""
    settings.LOCALE_PATHS = [compiled_locale_dir()]  # the setting_changed handler drops caches
    return english_to_vietnamese()


def english_left(texts: list[str], english: dict[str, str]) -> list[str]:
    """Texts of the page that are one of our English strings (placeholders read as anything)."""
    patterns = [
        re.compile("^" + re.sub(r"%\\\(\w+\\\)[sd]", ".+", re.escape(msgid)) + "$")
        for msgid in english
    ]
    return [text for text in texts if any(pattern.match(text) for pattern in patterns)]


def test_the_sign_in_page_is_vietnamese_for_a_vietnamese_browser(client, vietnamese):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi")

    texts = visible_texts(response)
    assert response.status_code == 200
    assert "Đăng nhập" in texts
    assert "Quên mật khẩu?" in texts
    assert english_left(texts, vietnamese) == []


def test_a_vietnamese_users_approvals_queue_is_vietnamese(client, vietnamese, team, project):
    engineer = team[Role.ENGINEERING]
    engineer.preferences = {"language": "vi"}
    engineer.save(update_fields=["preferences"])
    ask(team[Role.SALES], project, by_role(Role.ENGINEERING), title="Báo giá khung phanh")
    ask(
        team[Role.SALES], project, by_user(engineer), title="Chi phí", approval_type="cost_approval"
    )
    client.force_login(engineer)

    response = client.get(reverse("approvals:queue"))

    texts = visible_texts(response)
    assert response.status_code == 200
    for label in ("Phê duyệt", "Duyệt", "Từ chối", "Ủy quyền", "Lịch sử", "Chờ xử lý"):
        assert label in texts, label
    assert "2 phê duyệt" in texts  # a count: Vietnamese has one plural form
    assert "Duyệt báo giá" in response.content.decode()  # the approval's type
    assert english_left(texts, vietnamese) == []


def test_an_approval_is_announced_in_each_recipients_language(vietnamese, team, project):
    sales, engineer, chief = team[Role.SALES], team[Role.ENGINEERING], team["chief"]
    engineer.preferences = {"language": "vi"}
    engineer.save(update_fields=["preferences"])
    chief.preferences = {"language": "en"}
    chief.save(update_fields=["preferences"])

    ask(sales, project, by_user(engineer), title="Khung phanh")
    ask(sales, project, by_user(chief), title="Brake caliper", approval_type="cost_approval")

    assert Notification.objects.get(user=engineer).title == "Cần phê duyệt: Khung phanh"
    assert Notification.objects.get(user=chief).title == "Approval needed: Brake caliper"
