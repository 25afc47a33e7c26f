"""The "My settings" page: each person changes their own name, phone, language, timezone, e-mail
of notifications and theme, validated; nothing is written when anything is refused."""

import pytest
from django.conf import settings
from django.urls import reverse

from apps.users.models import User
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/settings/"
HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE_QUERIES = 8


def form(**changes) -> dict:
    data = {
        "name": "Nguyễn Văn An",
        "phone": "+84 28 3823 4567",
        "language": "vi",
        "timezone": "Asia/Ho_Chi_Minh",
        "email_kinds": ["approval", "workflow"],
        "theme": "dark",
    }
    return {**data, **changes}


def test_the_page_is_reached_from_the_user_menu_and_shows_ones_own_settings(client, sales_user):
    client.force_login(sales_user)

    home = client.get(reverse("projects:list")).content.decode()
    page = client.get(URL).content.decode()

    assert reverse("my_settings:page") == URL
    assert f'href="{URL}"' in home
    assert f'value="{sales_user.name}"' in page
    assert 'list="timezone-names"' in page
    assert '<option value="Asia/Ho_Chi_Minh">' in page
    assert 'value="vi"' in page and "Tiếng Việt" in page


@pytest.mark.parametrize("htmx", [False, True])
def test_the_page_has_a_bounded_number_of_queries(
    client, sales_user, django_assert_max_num_queries, htmx
):
    client.force_login(sales_user)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(URL, **(HTMX if htmx else {}))

    assert response.status_code == 200


def test_saving_writes_the_settings_and_the_next_page_speaks_the_new_language(client, sales_user):
    client.force_login(sales_user)
    keep = {**sales_user.preferences, "dashboard_layout": "compact"}
    User.objects.filter(pk=sales_user.pk).update(preferences=keep)

    response = client.post(URL, form())
    next_page = client.get(response["Location"]).content.decode()

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    sales_user.refresh_from_db()
    assert (sales_user.name, sales_user.phone) == ("Nguyễn Văn An", "+84 28 3823 4567")
    assert sales_user.preferences == {
        "dashboard_layout": "compact",
        "language": "vi",
        "timezone": "Asia/Ho_Chi_Minh",
        "theme": "dark",
        "email_notifications": True,
        "email_muted_kinds": ["document", "message", "system"],
    }
    assert '<html lang="vi" data-bs-theme="dark">' in next_page
    assert "Cài đặt của tôi" in next_page
    assert "Đã lưu cài đặt của bạn." in next_page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone", "“Mars/Olympus” is not a timezone."),
        ({"timezone": "Asia/Saigon_Typo"}, "timezone", "is not a timezone"),
        ({"timezone": ""}, "timezone", "This field is required."),
        ({"language": "fr"}, "language", "Select a valid choice."),
        ({"name": "   "}, "name", "This field is required."),
        ({"name": "x" * 151}, "name", "at most 150 characters"),
        ({"email_kinds": ["spam"]}, "email_kinds", "Select a valid choice."),
        ({"theme": "neon"}, "theme", "Select a valid choice."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_refused_input_is_422_with_its_reason_and_nothing_is_written(
    client, sales_user, changes, field, message, htmx
):
    client.force_login(sales_user)
    before = User.objects.values("name", "phone", "preferences").get(pk=sales_user.pk)

    response = client.post(URL, form(**changes), **(HTMX if htmx else {}))

    body = response.content.decode()
    assert response.status_code == 422
    assert f'data-testid="error-{field}"' in body or message in body
    assert message in body
    assert "Nothing was saved" in body
    assert ("<html" in body) is not htmx
    assert User.objects.values("name", "phone", "preferences").get(pk=sales_user.pk) == before


def test_with_htmx_a_saved_form_redirects_the_whole_page(client, sales_user):
    client.force_login(sales_user)

    response = client.post(URL, form(language="en"), **HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == URL


def test_no_kind_chosen_means_no_email_at_all(client, sales_user):
    client.force_login(sales_user)

    client.post(URL, {key: value for key, value in form().items() if key != "email_kinds"})

    sales_user.refresh_from_db()
    assert sales_user.preferences["email_notifications"] is False
    assert len(sales_user.preferences["email_muted_kinds"]) == 5


def test_only_the_signed_in_person_is_changed_whatever_the_form_names(
    client, sales_user, admin_user, other_admin
):
    client.force_login(sales_user)
    others = {person.pk: (person.name, person.preferences) for person in (admin_user, other_admin)}

    client.post(URL, {**form(), "id": str(admin_user.pk), "user": str(other_admin.pk)})

    for person in User.objects.filter(pk__in=others):
        assert (person.name, person.preferences) == others[person.pk]


def test_the_page_requires_sign_in_and_takes_only_get_and_post(client, sales_user):
    anonymous = client.get(URL)
    client.force_login(sales_user)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_a_vietnamese_user_sees_the_page_in_vietnamese(client, tenant):
    person = UserFactory(organization=tenant, preferences={"language": "vi"})
    client.force_login(person)

    page = client.get(URL).content.decode()

    for label in ("Cài đặt của tôi", "Tên hiển thị", "Múi giờ", "Lưu cài đặt", "Giao diện"):
        assert label in page
