"""Who reaches a project's pages: 404 for another tenant's project, sub-stage or approval, a
sub-stage of another project refused, 403 without the view permission.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import pytest
from django.urls import reverse

from apps.projects.models import ProjectSubStageProgress
from apps.users.models import Role
from apps.users.roles import ROLE_PERMISSIONS
from tests.projects.helpers import HTMX, login, make_projects

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT_URLS = [
    ("projects:detail", "get"),
    ("projects:activity", "get"),
    ("projects:edit", "get"),
    ("projects:cancel", "get"),
    ("projects:advance", "post"),
    ("projects:move_back", "post"),
    ("projects:board_move", "post"),
]


@pytest.mark.parametrize(("name", "method"), PROJECT_URLS)
def test_another_tenants_project_is_404(client, team, foreign_project, name, method):
    login(client, team[Role.MANAGEMENT])
    url = reverse(name, kwargs={"pk": foreign_project.pk})

    response = getattr(client, method)(url, {"reason": "x"})

    assert response.status_code == 404
    foreign_project.refresh_from_db()
    assert foreign_project.status == "inquiry"


def test_another_tenants_sub_stage_and_approval_urls_are_404(client, team, foreign_project):
    login(client, team[Role.MANAGEMENT])
    progress = ProjectSubStageProgress.objects.filter(project=foreign_project).first()

    step = client.post(
        reverse(
            "projects:sub_stage_action",
            kwargs={"pk": foreign_project.pk, "progress_pk": progress.pk, "action": "start"},
        )
    )

    assert step.status_code == 404
    progress.refresh_from_db()
    assert progress.status == "pending"


def test_a_sub_stage_of_another_project_is_refused(client, team, project):
    management = team[Role.MANAGEMENT]
    (other,) = make_projects(management, project.customer_organization, 1)
    progress = other.sub_stage_progress.get(sub_stage__slug="collect_documents")
    login(client, management)

    response = client.post(
        reverse(
            "projects:sub_stage_action",
            kwargs={"pk": project.pk, "progress_pk": progress.pk, "action": "start"},
        ),
        **HTMX,
    )

    assert response.status_code == 422
    assert "not part of this project" in response.content.decode()
    progress.refresh_from_db()
    assert progress.status == "pending"


@pytest.mark.parametrize(
    "name", ["projects:list", "projects:board", "projects:detail", "projects:activity"]
)
def test_read_pages_are_403_without_the_view_permission(client, team, project, monkeypatch, name):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.QA, ())
    login(client, team[Role.QA])
    kwargs = {"pk": project.pk} if name in ("projects:detail", "projects:activity") else {}

    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403
