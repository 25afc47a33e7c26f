"""The project pages in Vietnamese: a user whose language is `vi` reads the list and the project
page in Vietnamese, none of the catalog's English sentences shows, and the workflow engine
refuses in Vietnamese.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from apps.core.tenancy import tenant_context
from apps.projects.services.sub_stages import sub_stage_complete
from apps.users.models import User
from tests.i18n.catalog import PLACEHOLDER, compiled_locale_dir, vietnamese_entries
from tests.projects.helpers import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vietnamese(tmp_path, settings):
    """The scratch catalog first in LOCALE_PATHS (changing the setting resets Django's
    translation caches, before and after the test)."""
    settings.LOCALE_PATHS = [compiled_locale_dir()]


@pytest.fixture
def vietnamese_sales(sales):
    User.objects.filter(pk=sales.pk).update(preferences={"language": "vi"})
    sales.refresh_from_db()
    return sales


def visible_text(body: str) -> str:
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def shows(english: str, text: str) -> str | None:
    """Where `english` shows in `text` as words of its own ("Customer" is not in "Customers",
    a menu item of another part), with some context; None when it does not."""
    found = re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text)
    return text[max(found.start() - 80, 0) : found.end() + 80] if found else None


def english_sentences() -> list[str]:
    """The catalog's English that could not be part of the sample data: several words, no
    placeholder."""
    return [
        entry.msgid
        for entry in vietnamese_entries()
        if entry.msgid.count(" ") >= 2 and not PLACEHOLDER.search(entry.msgid)
    ]


def test_a_vietnamese_user_reads_the_project_list_in_vietnamese(
    client, vietnamese, vietnamese_sales, project
):
    login(client, vietnamese_sales)

    body = client.get(reverse("projects:list")).content.decode()

    text = visible_text(body)
    for label in (
        "Dự án",
        "Yêu cầu mới",
        "Bảng",
        "Mã",
        "Khách hàng",
        "Giai đoạn",
        "Mức ưu tiên",
        "Tiến độ",
        "Hạn gần nhất",
        "Người phụ trách",
        "Bình thường",
    ):
        assert label in text, label
    assert 'placeholder="Mã, tiêu đề, khách hàng…"' in body
    for english in (
        "New inquiry",
        "Next due",
        "Any priority",
        "Any customer",
        "Assignee",
        "Progress",
        *english_sentences(),
    ):
        assert shows(english, text) is None, shows(english, text)


def test_a_vietnamese_user_reads_the_project_page_in_vietnamese(
    client, vietnamese, vietnamese_sales, project
):
    login(client, vietnamese_sales)

    body = client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()

    text = visible_text(body)
    for label in (
        "Quy trình",
        "Khách hàng",
        "Người liên hệ",
        "Giá trị ước tính",
        "Ngày hứa giao",
        "Bắt đầu",
        "Chờ xử lý",
        "Xem tài liệu",
        "Xem tin nhắn",
        "Xong 0/30 bước (0%)",
        "Tin nhắn",
        "Hoạt động",
    ):
        assert label in text, label
    for english in (  # not "Customer": the sample workflow has a stage "Customer Approval"
        "Workflow",
        "Contact",
        "Estimated value",
        "Start",
        "Pending",
        "sub-stages done",
        "Show the documents",
        *english_sentences(),
    ):
        assert shows(english, text) is None, shows(english, text)


def test_the_workflow_engine_refuses_in_the_users_language(vietnamese, sales, project):
    progress = project.sub_stage_progress.filter(workflow_stage=project.current_stage).first()

    with (
        tenant_context(project.organization_id, sales),
        translation.override("vi"),
        pytest.raises(ValidationError) as refused,
    ):
        sub_stage_complete(user=sales, progress_id=progress.pk)

    message = refused.value.messages[0]
    assert message.startswith(f"Không thể hoàn thành “{progress.sub_stage.name}”")
    assert message.endswith("đang ở trạng thái chờ xử lý.")
