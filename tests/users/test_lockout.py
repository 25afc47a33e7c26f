"""Sign-in lockout under its three rules (apps/users/lockout.py): an e-mail from one IP, an e-mail
from any IP, one IP over every e-mail. Each client sets REMOTE_ADDR, the address axes counts."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.users.models import Role
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(email: str, password: str, *, ip: str) -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.response = client.post(reverse("login"), {"username": email, "password": password})
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_defaults_lock_an_account_at_10_and_a_network_address_at_50(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT == 10
    assert settings.SIGN_IN_NETWORK_FAILURE_LIMIT == 50


def test_guesses_spread_over_five_addresses_lock_the_account(sales_user, password, settings):
    for attempt in range(settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT):
        sign_in(sales_user.email, "wrong", ip=f"10.0.0.{attempt % 5 + 1}")

    owner = sign_in(sales_user.email, password, ip="192.0.2.50")

    assert owner.response.status_code == 429
    assert not signed_in(owner)
    page = owner.response.content.decode()
    assert "Too many failed sign-in attempts on this account" in page
    assert "Try again in 60 minutes" in page


def test_fewer_guesses_than_the_account_limit_over_many_addresses_do_not_lock(
    sales_user, password, settings
):
    for attempt in range(settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT - 1):
        sign_in(sales_user.email, "wrong", ip=f"10.0.0.{attempt % 5 + 1}")

    assert signed_in(sign_in(sales_user.email, password, ip="192.0.2.50"))


def test_a_locked_account_cannot_sign_in_from_another_address(sales_user, password, settings):
    for _ in range(settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT):
        sign_in(sales_user.email, "wrong", ip="10.0.0.1")

    elsewhere = sign_in(sales_user.email, password, ip="198.51.100.7")

    assert elsewhere.response.status_code == 429
    assert not signed_in(elsewhere)


def test_one_address_locking_an_account_leaves_its_owner_elsewhere_free(
    sales_user, password, settings
):
    """Below the account's limit, the lock is the guessing address's alone: one attacker's IP
    cannot lock the owner out."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(sales_user.email, "wrong", ip="10.0.0.1")

    assert sign_in(sales_user.email, password, ip="10.0.0.1").response.status_code == 429
    assert signed_in(sign_in(sales_user.email, password, ip="198.51.100.7"))


def test_one_password_tried_on_many_accounts_locks_the_address(
    tenant, sales_user, password, settings
):
    settings.SIGN_IN_NETWORK_FAILURE_LIMIT = 15
    for number in range(15):
        sign_in(f"worker{number}@a.example.com", "Summer2026!", ip="10.9.9.9")

    same_network = sign_in(sales_user.email, password, ip="10.9.9.9")
    other_network = sign_in(sales_user.email, password, ip="198.51.100.7")

    assert same_network.response.status_code == 429
    assert not signed_in(same_network)
    assert "from your network" in same_network.response.content.decode()
    assert signed_in(other_network)  # no account is locked: each saw one failure


def test_a_successful_sign_in_clears_the_accounts_failures(sales_user, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(sales_user.email, "wrong", ip="10.0.0.1")
    assert signed_in(sign_in(sales_user.email, password, ip="10.0.0.1"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(sales_user.email, "wrong", ip="10.0.0.1")

    assert signed_in(sign_in(sales_user.email, password, ip="10.0.0.1"))


def test_a_successful_sign_in_does_not_clear_other_accounts_failures_from_its_address(
    tenant, sales_user, password, settings
):
    settings.SIGN_IN_NETWORK_FAILURE_LIMIT = 6
    admin = UserFactory(organization=tenant, role=Role.ADMIN, email="boss@a.example.com")
    for number in range(5):
        sign_in(f"worker{number}@a.example.com", "Summer2026!", ip="10.9.9.9")
    assert signed_in(sign_in(sales_user.email, password, ip="10.9.9.9"))

    sign_in("worker5@a.example.com", "Summer2026!", ip="10.9.9.9")

    assert sign_in(admin.email, password, ip="10.9.9.9").response.status_code == 429


def test_normal_sign_in_still_works_after_a_typo(sales_user, password):
    sign_in(sales_user.email, "typo", ip="10.0.0.1")

    client = sign_in(sales_user.email, password, ip="10.0.0.1")

    assert client.response.status_code == 302
    assert signed_in(client)
