import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_password_reset_by_email_end_to_end(client, sales_user):
    response = client.post("/accounts/password_reset/", {"email": sales_user.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Brand-New-Passphrase-77", "new_password2": "Brand-New-Passphrase-77"},
    )

    assert done.status_code == 302
    sales_user.refresh_from_db()
    assert sales_user.check_password("Brand-New-Passphrase-77")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@nowhere.example"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_a_forged_reset_link_is_refused(client, sales_user):
    response = client.get("/accounts/reset/not-base64/set-password/", follow=True)
    assert response.context["validlink"] is False


def test_signed_in_user_changes_password(client, sales_user, password):
    client.force_login(sales_user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": password,
            "new_password1": "Another-Long-Passphrase-5",
            "new_password2": "Another-Long-Passphrase-5",
        },
    )

    assert response.status_code == 302
    sales_user.refresh_from_db()
    assert sales_user.check_password("Another-Long-Passphrase-5")


def test_password_change_with_a_wrong_old_password_changes_nothing(client, sales_user, password):
    client.force_login(sales_user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "wrong",
            "new_password1": "X-long-enough-9",
            "new_password2": "X-long-enough-9",
        },
    )

    assert response.status_code == 200
    sales_user.refresh_from_db()
    assert sales_user.check_password(password)
