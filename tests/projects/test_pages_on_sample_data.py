"""Every project page renders on the lived-in sample data (blocked, overdue, awaiting approval,
completed and cancelled projects), for a manager and for an auditor."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.projects.models import Project
from apps.users.models import Role, User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sample(db):
    call_command("seed_sample_data", stdout=io.StringIO())
    return Project.objects.filter(organization__slug="factory-pulse-vietnam")


@pytest.mark.parametrize("role", [Role.MANAGEMENT, Role.AUDITOR])
def test_every_page_renders_for_every_sample_project(client, sample, role):
    user = User.objects.filter(organization__slug="factory-pulse-vietnam", role=role).first()
    client.force_login(user)

    pages = [
        reverse("projects:list"),
        reverse("projects:board"),
        reverse("projects:list") + "?state=all",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    for project in sample:
        detail = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))
        activity = client.get(reverse("projects:activity", kwargs={"pk": project.pk}))
        assert detail.status_code == 200, project.project_id
        assert project.project_id in detail.content.decode()
        assert activity.status_code == 200


def test_sample_list_shows_running_projects_and_board_counts_them(client, sample):
    manager = User.objects.get(email="john.smith@factorypulse.com")
    client.force_login(manager)

    board = client.get(reverse("projects:board")).content.decode()

    running = sample.exclude(status__in=["completed", "cancelled"]).count()
    counts = [
        int(part.split("</span>")[0]) for part in board.split('data-testid="column-count">')[1:]
    ]
    assert sum(counts) == running
