"""Every documents URL checks its permission: signed out → the login page, signed in without the
permission → 403, never the page."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from apps.users.models import Role
from apps.users.roles import PERMISSIONS, ROLE_PERMISSIONS
from tests.documents.conftest import upload

pytestmark = pytest.mark.django_db(transaction=True)


def documents_patterns():
    resolver = get_resolver()
    (namespace,) = [p for p in resolver.url_patterns if getattr(p, "namespace", "") == "documents"]
    return namespace.url_patterns


def test_every_documents_view_requires_a_documents_permission():
    for pattern in documents_patterns():
        required = getattr(pattern.callback, "required_permission", None)
        assert required in PERMISSIONS and required.startswith("documents."), pattern.name


@pytest.fixture
def urls(project, people):
    document = upload(people["creator"], project=project, access_level="organization")
    pk = {"pk": document.pk}
    return {
        "list": reverse("documents:list"),
        "detail": reverse("documents:detail", kwargs=pk),
        "download": reverse("documents:download", kwargs=pk),
        "download_version": reverse(
            "documents:download_version", kwargs={**pk, "version_number": 1}
        ),
        "project_section": reverse("documents:project_section", kwargs={"project_pk": project.pk}),
        "upload": reverse("documents:upload"),
        "project_upload": reverse("documents:project_upload", kwargs={"project_pk": project.pk}),
        "new_version": reverse("documents:new_version", kwargs=pk),
        "delete": reverse("documents:delete", kwargs=pk),
    }


def test_the_fixture_covers_every_documents_url(urls):
    assert set(urls) == {pattern.name for pattern in documents_patterns()}


def test_signed_out_visitors_are_sent_to_the_login_page(client, urls):
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_a_role_without_documents_view_gets_403_everywhere(client, urls, people, monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.ENGINEERING, ("projects.view",))
    client.force_login(people["outsider"])  # engineering

    for name, url in urls.items():
        assert client.get(url).status_code == 403, name
        if name in {"upload", "project_upload", "new_version", "delete"}:
            assert client.post(url).status_code == 403, name


def test_the_auditor_reads_but_cannot_upload_or_delete(client, urls, people):
    client.force_login(people["auditor"])

    for name in ("list", "detail", "download", "download_version", "project_section"):
        assert client.get(urls[name]).status_code == 200, name
    for name in ("upload", "project_upload", "new_version", "delete"):
        assert client.get(urls[name]).status_code == 403, name
        assert client.post(urls[name]).status_code == 403, name


def test_staff_upload_but_only_management_and_admins_delete(client, urls, people):
    client.force_login(people["sub_stage"])  # production
    assert client.get(urls["new_version"]).status_code == 200
    assert client.get(urls["delete"]).status_code == 403

    client.force_login(people["management"])
    assert client.get(urls["delete"]).status_code == 200
