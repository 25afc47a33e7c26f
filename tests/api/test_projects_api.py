"""/api/v1/projects over the projects app's selectors, services and rules."""

from urllib.parse import parse_qs, urlsplit

import pytest

from apps.organizations.models import Organization
from apps.projects.models import ProgressStatus, Project
from tests.api.conftest import bearer, issue_token
from tests.projects.helpers import make_projects

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"


@pytest.fixture
def auth(world):
    return bearer(issue_token(world.admin, "write"))


def test_the_list_pages_with_a_cursor_and_keeps_its_query_count(
    client, world, auth, django_assert_max_num_queries
):
    make_projects(world.admin, world.customer, 4)

    with django_assert_max_num_queries(12):
        first = client.get(PROJECTS, {"page_size": 3}, **auth)
    body = first.json()
    cursor = parse_qs(urlsplit(body["next"]).query)["cursor"][0]
    second = client.get(PROJECTS, {"page_size": 3, "cursor": cursor}, **auth)

    assert first.status_code == 200 and len(body["results"]) == 3
    codes = [row["code"] for row in body["results"] + second.json()["results"]]
    assert len(codes) == 5 == len(set(codes))


def test_the_list_applies_the_list_pages_filters_and_search(client, world, auth):
    (rush,) = make_projects(world.admin, world.customer, 1, priority_level="urgent")

    by_priority = client.get(PROJECTS, {"priority_level": "urgent"}, **auth).json()
    by_search = client.get(PROJECTS, {"q": world.project.project_id}, **auth).json()

    assert [row["id"] for row in by_priority["results"]] == [str(rush.pk)]
    assert [row["id"] for row in by_search["results"]] == [str(world.project.pk)]


def test_an_invalid_filter_is_a_422_with_the_field(client, world, auth):
    response = client.get(PROJECTS, {"state": "sideways"}, **auth)

    assert response.status_code == 422
    assert "state" in response.json()["errors"]


def test_the_detail_shows_stages_sub_stages_and_the_callers_actions(client, world, auth):
    response = client.get(f"{PROJECTS}{world.project.pk}", **auth)

    body = response.json()
    assert response.status_code == 200
    assert body["code"] == world.project.project_id and body["version"] == 1
    current = [stage for stage in body["stages"] if stage["state"] == "current"]
    assert len(current) == 1 and current[0]["sub_stages"]
    assert any("start" in step["actions"] for step in current[0]["sub_stages"])


def test_intake_creates_the_project_with_a_new_customer_and_contact(client, world, auth):
    response = client.post(
        PROJECTS,
        {
            "title": "Gearbox housing",
            "new_customer": {"name": "Honda Vietnam", "country": "VN"},
            "new_contact": {"contact_name": "Tran Thi B", "email": "b@honda.example"},
            "priority_level": "high",
        },
        content_type="application/json",
        **auth,
    )

    assert response.status_code == 201, response.json()
    project = Project.objects.get(pk=response.json()["id"])
    assert project.customer_organization.name == "Honda Vietnam"
    assert project.point_of_contact.contact_name == "Tran Thi B"
    assert project.assigned_to == world.admin


def test_intake_refused_by_the_service_keeps_nothing(client, world, auth):
    response = client.post(
        PROJECTS,
        {"title": "Orphan", "customer_id": str(world.customer.pk), "new_customer": {"name": "X"}},
        content_type="application/json",
        **auth,
    )

    assert response.status_code == 422
    assert "customer_organization" in response.json()["errors"]
    assert not Organization.objects.filter(name="X").exists()
    assert not Project.objects.filter(title="Orphan").exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"customer_id": "not-a-uuid", "title": "A"}, "customer_id"),
        ({"title": "", "priority_level": "sometime"}, "priority_level"),
        ({"title": "x" * 300}, "title"),
        ({"title": "NUL\x00byte"}, "title"),
    ],
)
def test_bad_input_is_a_422_with_field_messages(client, world, auth, payload, field):
    response = client.post(PROJECTS, payload, content_type="application/json", **auth)

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_an_edit_from_a_stale_version_is_refused_and_changes_nothing(client, world, auth):
    url = f"{PROJECTS}{world.project.pk}"
    first = client.patch(
        url, {"version": 1, "title": "Caliper v2"}, content_type="application/json", **auth
    )
    stale = client.patch(
        url, {"version": 1, "title": "Caliper v3"}, content_type="application/json", **auth
    )

    assert first.status_code == 200 and first.json()["version"] == 2
    assert stale.status_code == 422 and "Someone else changed" in stale.json()["detail"]
    world.project.refresh_from_db()
    assert world.project.title == "Caliper v2"


def test_advance_is_refused_by_the_stage_table_while_required_work_is_open(client, world, auth):
    response = client.post(f"{PROJECTS}{world.project.pk}/advance", **auth)

    assert response.status_code == 422
    world.project.refresh_from_db()
    assert world.project.version == 1


def test_a_sub_stage_starts_and_blocks_through_the_engine(client, world, auth):
    progress = world.progress
    base = f"{PROJECTS}{world.project.pk}/sub-stages/{progress.pk}"

    started = client.post(f"{base}/start", {}, content_type="application/json", **auth)
    unreasoned = client.post(f"{base}/block", {}, content_type="application/json", **auth)
    blocked = client.post(
        f"{base}/block", {"reason": "Waiting for steel"}, content_type="application/json", **auth
    )

    assert started.status_code == 200
    assert unreasoned.status_code == 422
    assert blocked.status_code == 200
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.BLOCKED


def test_a_sub_stage_of_another_project_is_404(client, world, auth):
    (other,) = make_projects(world.admin, world.customer, 1)
    progress = other.sub_stage_progress.first()

    response = client.post(
        f"{PROJECTS}{world.project.pk}/sub-stages/{progress.pk}/start",
        {},
        content_type="application/json",
        **auth,
    )

    assert response.status_code == 404


def test_a_malformed_id_is_a_json_422_naming_the_parameter(client, world, auth):
    response = client.get(f"{PROJECTS}not-a-uuid", **auth)

    assert response.status_code == 422
    assert "project_id" in response.json()["errors"]
