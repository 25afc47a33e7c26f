"""Password-reset e-mails are throttled per address and per client IP, answering the same page."""

import pytest
from django.core import mail
from django.test import Client

from apps.users.models import Role
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

RESET = "/accounts/password_reset/"
CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def ask_reset(email: str, *, ip: str = "10.0.0.1"):
    response = Client(REMOTE_ADDR=ip).post(RESET, {"email": email})
    return response.status_code, response["Location"]


def test_ten_requests_for_one_address_send_three_mails_and_answer_alike(sales_user, settings):
    answers = {ask_reset(sales_user.email, ip=f"10.0.0.{n}") for n in range(1, 11)}

    assert len(mail.outbox) == settings.PASSWORD_RESET_MAILS_PER_ADDRESS == 3
    assert {message.to[0] for message in mail.outbox} == {sales_user.email}
    assert (
        answers
        == {ask_reset("nobody@nowhere.example")}
        == {(302, "/accounts/password_reset/done/")}
    )


def test_one_ip_is_sent_at_most_its_hourly_mails_over_every_address(tenant, settings):
    settings.PASSWORD_RESET_MAILS_PER_IP = 4
    users = [
        UserFactory(organization=tenant, role=Role.SALES, email=f"user{n}@a.example.com")
        for n in range(6)
    ]

    for user in users:
        ask_reset(user.email, ip="10.9.9.9")
    assert len(mail.outbox) == 4

    ask_reset(users[5].email, ip="198.51.100.7")
    assert len(mail.outbox) == 5


def test_the_default_ip_limit_is_twenty(settings):
    assert settings.PASSWORD_RESET_MAILS_PER_IP == 20


def test_spelling_an_address_differently_counts_as_the_same_address(sales_user):
    for email in [sales_user.email, sales_user.email.upper(), f" {sales_user.email.title()}"] * 2:
        ask_reset(email)

    assert len(mail.outbox) == 3


def test_while_redis_is_down_no_mail_is_sent_and_the_page_is_the_same(sales_user, settings):
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": CLOSED_PORT}}

    answer = ask_reset(sales_user.email)

    assert answer == (302, "/accounts/password_reset/done/")
    assert mail.outbox == []
