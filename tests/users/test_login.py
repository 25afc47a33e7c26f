import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from apps.users.models import UserStatus


@pytest.mark.django_db(transaction=True)
def test_sign_in_with_email_and_password_reaches_the_landing_page(client, sales_user, password):
    response = client.post(
        reverse("login"), {"username": "SALES@a.example.com ", "password": password}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("home")
    assert sales_user.name.split(" ")[0] in response.content.decode()
    sales_user.refresh_from_db()
    assert sales_user.last_login is not None


@pytest.mark.django_db(transaction=True)
def test_wrong_password_is_refused_with_a_message(client, sales_user):
    response = client.post(reverse("login"), {"username": sales_user.email, "password": "nope"})

    assert response.status_code == 200
    assert "correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_unknown_email_is_refused_like_a_wrong_password(client):
    response = client.post(reverse("login"), {"username": "ghost@nowhere.example", "password": "x"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_suspended_user_cannot_sign_in(client, sales_user, password):
    sales_user.status = UserStatus.SUSPENDED
    sales_user.save(update_fields=["status"])

    client.post(reverse("login"), {"username": sales_user.email, "password": password})

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_account_locks_after_repeated_failures(client, sales_user, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": sales_user.email, "password": "wrong"})

    response = client.post(reverse("login"), {"username": sales_user.email, "password": password})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_landing_page_requires_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db(transaction=True)
def test_sign_out_ends_the_session(client, sales_user):
    client.force_login(sales_user)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_staff_sign_in_on_the_admin_login_page_records_last_login(client, admin_user, password):
    response = client.post(
        reverse("admin:login"),
        {"username": admin_user.email, "password": password, "next": reverse("admin:index")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    admin_user.refresh_from_db()
    assert admin_user.last_login is not None


@pytest.mark.django_db(transaction=True)
def test_lockout_counts_every_spelling_of_the_same_email_together(
    client, sales_user, password, settings
):
    spellings = [sales_user.email, sales_user.email.upper(), f"  {sales_user.email.title()} "]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": spellings[attempt % len(spellings)], "password": "wrong"},
        )

    response = client.post(
        reverse("login"), {"username": " " + sales_user.email.upper(), "password": password}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_axes_username_is_the_stripped_lower_cased_email_from_credentials_or_form(rf):
    from apps.users.backends import axes_username

    form_post = rf.post("/accounts/login/", {"username": "  Sales@A.Example.com "})

    assert axes_username(rf.get("/"), {"username": " SALES@a.example.COM"}) == "sales@a.example.com"
    assert axes_username(form_post, None) == "sales@a.example.com"
    assert axes_username(rf.post("/accounts/login/", {}), None) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("bad_next", ["ADMIN", "home", "https://evil.example.com/x"])
def test_sign_in_with_a_next_that_is_not_a_local_path_lands_on_the_home_page(
    client, sales_user, password, bad_next
):
    response = client.post(
        f"{reverse('login')}?next={bad_next}",
        {"username": sales_user.email, "password": password, "next": bad_next},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db(transaction=True)
def test_sign_in_goes_on_to_a_local_next(client, sales_user, password):
    response = client.post(
        reverse("login"),
        {"username": sales_user.email, "password": password, "next": "/projects/?page=2"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/projects/?page=2"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_a_name_longer_than_any_email_is_a_form_error_and_records_nothing(client, login_url):
    """Before, it reached django-axes, whose varchar(255) failed the request with a 500."""
    name = "a" * 245 + "@example.com"  # 257 characters

    response = client.post(login_url, {"username": name, "password": "x" * 20})

    assert response.status_code == 200
    assert "An e-mail address has at most 254 characters." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()
