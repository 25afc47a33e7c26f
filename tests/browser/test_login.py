import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_user_signs_in_through_the_login_page_and_sees_the_landing_page(page, sales_user, password):
    page.goto("/")
    assert "/accounts/login/" in page.url

    page.fill("#id_username", sales_user.email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")

    heading = page.get_by_test_id("landing-heading")
    heading.wait_for()
    assert sales_user.get_short_name() in heading.inner_text()
    assert page.console_errors == []


def test_wrong_password_shows_an_error_on_the_login_page(page, sales_user):
    page.goto("/accounts/login/")
    page.fill("#id_username", sales_user.email)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")

    assert page.get_by_test_id("login-error").is_visible()
    assert "/accounts/login/" in page.url


def test_signing_out_says_so_on_the_sign_in_page(page, sales_user, password):
    page.goto("/accounts/login/")
    page.fill("#id_username", sales_user.email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.get_by_test_id("landing-heading").wait_for()

    page.get_by_test_id("logout").dispatch_event("click")  # the button sits in the user menu

    page.wait_for_url("**/accounts/login/")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
