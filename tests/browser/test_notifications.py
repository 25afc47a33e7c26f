"""In a real browser: the bell's count follows new notifications without a reload, its dropdown
loads on opening, and a direct message can be written and answered, with no console errors."""

import pytest
from playwright.sync_api import expect

from apps.users.models import Role
from tests.notifications.factories import NotificationFactory
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user, password):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.get_by_test_id("landing-heading").wait_for()


def test_the_bell_count_follows_new_notifications_without_a_reload(
    page, sales_user, password, settings
):
    settings.NOTIFICATION_POLL_SECONDS = 1
    revalidations = []  # the If-None-Match of each poll: the browser keeps and revalidates
    page.on(
        "requestfinished",
        lambda request: (
            revalidations.append(request.all_headers().get("if-none-match"))
            if "/notifications/bell/" in request.url
            else None
        ),
    )
    sign_in(page, sales_user, password)
    count = page.get_by_test_id("notification-count")
    expect(count).to_have_attribute("data-unread", "0")
    page.evaluate("window.pageStamp = 'still the same page'")

    NotificationFactory(user=sales_user, title="Approval needed: PO review", priority="high")

    expect(count).to_have_text("1", timeout=10_000)
    expect(count).to_be_visible()
    assert page.evaluate("window.pageStamp") == "still the same page"
    page.wait_for_timeout(2500)  # more polls with nothing new: conditional, answered 304
    assert revalidations[-1] and revalidations[-1].startswith('"bell-'), revalidations

    page.get_by_test_id("notification-bell").click()
    item = page.get_by_test_id("notification-dropdown").get_by_test_id("notification-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Approval needed: PO review")
    assert page.console_errors == []


def test_marking_all_read_on_the_list_clears_the_bell_at_once(page, sales_user, password):
    NotificationFactory.create_batch(2, user=sales_user)
    sign_in(page, sales_user, password)
    page.goto("/notifications/")
    count = page.get_by_test_id("notification-count")
    expect(count).to_have_text("2")

    page.get_by_test_id("notification-mark-all-read").click()

    expect(count).to_have_attribute("data-unread", "0")
    expect(count).to_be_hidden()
    expect(page.locator('[data-testid="notification-item"][data-read="false"]')).to_have_count(0)
    assert page.console_errors == []


def test_writing_and_answering_a_direct_message(page, sales_user, tenant, password):
    engineer = UserFactory(organization=tenant, role=Role.ENGINEERING, name="Le Van C")
    sign_in(page, sales_user, password)

    page.get_by_test_id("nav-messages").click()
    page.get_by_test_id("message-compose").click()
    form = page.get_by_test_id("message-form")
    form.locator("#id_recipient").select_option(label=engineer.name)
    form.locator("#id_subject").fill("Rev B drawing")
    form.locator("#id_content").fill("Is the hole pattern final?\n<b>not bold</b>")
    page.get_by_test_id("message-send").click()

    items = page.get_by_test_id("message-item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Is the hole pattern final?")
    expect(items.first).to_contain_text("<b>not bold</b>")  # shown as text, not markup

    page.get_by_test_id("message-form").locator("#id_content").fill("One more question.")
    page.get_by_test_id("message-send").click()

    expect(items).to_have_count(2)
    expect(items.nth(1)).to_contain_text("One more question.")
    assert "/messages/thread/" in page.url
    assert page.console_errors == []
