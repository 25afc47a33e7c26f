"""The tenant isolation matrix over the API, built from the OpenAPI schema so that every endpoint
is covered the day it exists: a token of tenant B gets 404 for every id of tenant A on every
endpoint that takes one (and changes nothing), and a read-only token cannot write anywhere."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.activity.models import ActivityLog
from apps.api.api import api
from apps.demo.sample_data.files import pdf_bytes
from tests.api.conftest import bearer, issue_token

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")
OPERATIONS = [
    (method.upper(), path) for path, methods in SCHEMA["paths"].items() for method in methods
]
WRITES = [(method, path) for method, path in OPERATIONS if method != "GET"]
WITH_IDS = [(method, path) for method, path in OPERATIONS if "{" in path]


def ids_of(world) -> dict[str, str]:
    """Every path parameter of the API, as one of `world`'s rows."""
    return {
        "project_id": str(world.project.pk),
        "progress_id": str(world.progress.pk),
        "customer_id": str(world.customer.pk),
        "contact_id": str(world.contact.pk),
        "approval_id": str(world.approval.pk),
        "document_id": str(world.document.pk),
        "notification_id": str(world.notification.pk),
        "user_id": str(world.admin.pk),
    }


def valid_body(method: str, path: str, caller) -> dict:
    """A body the endpoint accepts, so the answer is about the ids, not about the input."""
    if path.endswith("/move-back") or path.endswith("/reject"):
        return {"reason": "Checked by the isolation matrix"}
    if path.endswith("/delegate"):
        return {
            "delegate_id": str(caller.pk),
            "until": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
        }
    if path.endswith("/contacts") and method == "POST":
        return {"contact_name": "Isolation Probe"}
    if path == "/api/v1/projects/{project_id}" and method == "PATCH":
        return {"version": 1, "title": "Isolation probe"}
    if path == "/api/v1/customers/" and method == "POST":
        return {"name": "Isolation probe customer"}
    if path == "/api/v1/projects/" and method == "POST":
        return {"title": "Isolation probe", "new_customer": {"name": "Isolation probe customer"}}
    return {}


def call(client, method: str, path: str, ids: dict, caller, headers):
    url = re.sub(r"\{(\w+)\}", lambda match: ids[match.group(1)], path)
    if path.endswith("/versions"):
        upload = SimpleUploadedFile(
            "probe.pdf", pdf_bytes("Probe", ["isolation"]), content_type="application/pdf"
        )
        return client.post(url, {"change_summary": "probe", "file": upload}, **headers)
    if method == "GET":
        return client.get(url, **headers)
    return client.generic(
        method,
        url,
        data=json.dumps(valid_body(method, path, caller)),
        content_type="application/json",
        **headers,
    )


def test_the_matrix_knows_every_path_parameter_of_the_schema(world):
    named = {name for _method, path in WITH_IDS for name in re.findall(r"\{(\w+)\}", path)}

    assert named == set(ids_of(world))
    assert len(OPERATIONS) >= 30


@pytest.mark.parametrize("method, path", WITH_IDS, ids=[f"{m} {p}" for m, p in WITH_IDS])
def test_a_token_of_tenant_b_gets_404_for_tenant_a_ids(client, world, other_world, method, path):
    headers = bearer(issue_token(other_world.admin, "write"))
    entries_before = ActivityLog.objects.filter(organization=world.tenant).count()

    response = call(client, method, path, ids_of(world), other_world.admin, headers)

    assert response.status_code == 404, response.content
    assert response.json()["detail"]
    assert ActivityLog.objects.filter(organization=world.tenant).count() == entries_before


@pytest.mark.parametrize("method, path", WITH_IDS, ids=[f"{m} {p}" for m, p in WITH_IDS])
def test_the_same_call_with_tenant_a_ids_reaches_the_endpoint(client, world, method, path):
    """The control: the 404 above is about the tenant, not about a malformed call."""
    headers = bearer(issue_token(world.admin, "write"))

    response = call(client, method, path, ids_of(world), world.admin, headers)

    assert response.status_code != 404, response.content


def test_tenant_b_lists_none_of_tenant_a_rows(client, world, other_world):
    headers = bearer(issue_token(other_world.admin, "read"))
    foreign = set(ids_of(world).values())

    for method, path in OPERATIONS:
        if method == "GET" and "{" not in path:
            body = client.get(path, {"state": "all"} if "projects" in path else {}, **headers)
            assert body.status_code == 200, path
            assert not foreign & set(re.findall(r"[0-9a-f-]{36}", body.content.decode())), path


def test_an_id_of_tenant_a_in_a_body_is_404_too(client, world, other_world):
    headers = bearer(issue_token(other_world.admin, "write"))

    response = client.post(
        "/api/v1/projects/",
        {"title": "Stolen customer", "customer_id": str(world.customer.pk)},
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 404


@pytest.mark.parametrize("method, path", WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_a_read_only_token_cannot_write(client, world, method, path):
    headers = bearer(issue_token(world.admin, "read"))
    entries_before = ActivityLog.objects.filter(organization=world.tenant).count()

    response = call(client, method, path, ids_of(world), world.admin, headers)

    assert response.status_code == 403, response.content
    assert ActivityLog.objects.filter(organization=world.tenant).count() == entries_before
