"""A Vietnamese person of the sample factory works in Vietnamese: the sign-in page switches
language for a visitor, every main page speaks Vietnamese, and changing to English on "My
settings" turns the next page English.

`VIETNAMESE_LABELS` names what each page must show (the page walk of tests/i18n checks that no
English of ours is left on any of them)."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from apps.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nguyen.van.a@factorypulse.com"  # Nguyen Van A, management, language "vi"
PASSWORD = "FactoryPulse@2025"
# A date as the Vietnamese read it (dd/mm/yyyy), from the one date format of every page.
VIETNAMESE_DATE = re.compile(r"\b\d\d/\d\d/20\d\d\b")
# Labels of every signed-in page (the user menu), then of each page.
ON_EVERY_PAGE = ["Cài đặt của tôi"]
VIETNAMESE_LABELS = {
    "/": ["Việc của tôi"],
    "/projects/": ["Dự án", "Trạng thái", "Mức ưu tiên", "Khách hàng", "Hạn gần nhất"],
    "/projects/board/": ["Bảng"],
    "project": ["Quy trình", "Tin nhắn", "Hoạt động", "Khách hàng"],
    "/approvals/": ["Phê duyệt", "Lịch sử"],
    "/settings/": ["Cài đặt của tôi", "Tên hiển thị", "Ngôn ngữ", "Múi giờ", "Lưu cài đặt"],
}


@pytest.fixture
def sample_factory():
    call_command("seed_sample_data", stdout=io.StringIO())


def assert_speaks_vietnamese(page, labels):
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_test_id("user-menu").click()
    for label in ON_EVERY_PAGE:
        expect(page.get_by_test_id("my-settings")).to_have_text(label)
    page.keyboard.press("Escape")
    text = page.locator("main").inner_text()
    missing = [label for label in labels if label not in text]
    assert not missing, f"{page.url}: not shown {missing}"


def test_a_vietnamese_user_works_in_vietnamese_then_switches_to_english(page, sample_factory):
    project = Project.objects.filter(
        organization__slug="factory-pulse-vietnam", promised_delivery_date__isnull=False
    ).first()

    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_test_id("language-switch").get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    for path in ("/", "/projects/", "/projects/board/", "/approvals/"):
        page.goto(path)
        assert_speaks_vietnamese(page, VIETNAMESE_LABELS[path])
    page.goto(f"/projects/{project.pk}/")
    assert_speaks_vietnamese(page, VIETNAMESE_LABELS["project"])
    assert VIETNAMESE_DATE.search(page.locator("main").inner_text())

    page.goto("/projects/")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("my-settings").click()
    page.wait_for_url("**/settings/")
    assert_speaks_vietnamese(page, VIETNAMESE_LABELS["/settings/"])
    expect(page.locator("#id_timezone")).to_have_value("Asia/Ho_Chi_Minh")
    page.select_option("#id_language", "en")
    page.get_by_test_id("save-settings").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("My settings")
    expect(page.get_by_role("alert")).to_contain_text("Your settings are saved.")
    page.goto("/projects/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_test_id("my-settings")).to_have_text("My settings")
    assert page.console_errors == []


def test_a_refused_timezone_is_named_and_nothing_changes(page, sample_factory):
    page.goto("/accounts/login/")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/settings/")

    page.fill("#id_timezone", "Mars/Olympus")
    page.get_by_test_id("save-settings").click()

    expect(page.get_by_test_id("error-timezone")).to_contain_text("Mars/Olympus")
    expect(page.get_by_test_id("settings-refused")).to_be_visible()
    page.goto("/settings/")
    expect(page.locator("#id_timezone")).to_have_value("Asia/Ho_Chi_Minh")
