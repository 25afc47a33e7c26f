"""The person locked out of sign-in sees why, and for how long."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_locked_account_sees_the_lockout_message(page, sales_user, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        page.goto("/accounts/login/")
        page.fill("#id_username", sales_user.email)
        page.fill("#id_password", "not-the-password")
        page.click("button[type=submit]")
        expect(page.get_by_test_id("login-error")).to_be_visible()

    page.fill("#id_username", sales_user.email)
    page.fill("#id_password", "not-the-password")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.click("button[type=submit]")

    locked = page.get_by_test_id("locked-out")
    assert answer.value.status == 429
    expect(locked).to_be_visible()
    expect(locked).to_contain_text("Too many failed sign-in attempts on this account.")
    expect(locked).to_contain_text("Try again in 60 minutes, or ask your administrator.")
