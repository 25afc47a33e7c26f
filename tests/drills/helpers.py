"""What the Redis drills share: the pages to walk, timing, the task queue, workflow URLs."""

from __future__ import annotations

import time

import redis
from django.urls import reverse

from apps.projects.models import ProjectSubStageProgress

HTMX = {"HTTP_HX_REQUEST": "true"}
# A stopped Redis refuses connections at once and a frozen one is given up on after the socket
# timeouts of settings (1-2 s); the bound leaves room for a loaded CI machine, and is far below
# what an unbounded broker retry or socket read would take (minutes, or for ever).
SECONDS_PER_REQUEST = 4.0
TASK_QUEUE = "celery"


def main_pages(floor) -> list[tuple[str, dict]]:
    """(URL, headers) of the pages and dashboard panels a signed-in user moves between."""
    project, customer = floor["project"], floor["customer"]
    pages = [
        (reverse("home"), {}),
        *[(reverse(f"dashboard:{panel}"), HTMX) for panel in
          ("freshness", "kpis", "charts", "efficiency", "my-work")],
        (reverse("projects:list"), {}),
        (reverse("projects:board"), {}),
        (reverse("projects:detail", kwargs={"pk": project.pk}), {}),
        (reverse("projects:activity", kwargs={"pk": project.pk}), HTMX),
        (reverse("approvals:queue"), {}),
        (reverse("approvals:detail", kwargs={"pk": floor["approval"].pk}), {}),
        (reverse("documents:list"), {}),
        (reverse("documents:project_section", kwargs={"project_pk": project.pk}), HTMX),
        (reverse("messaging:inbox"), {}),
        (reverse("messaging:compose"), {}),
        (reverse("messaging:thread", kwargs={"thread_id": floor["thread_id"]}), {}),
        (reverse("messaging:project_thread", kwargs={"project_pk": project.pk}), HTMX),
        (reverse("notifications:list"), {}),
        (reverse("notifications:bell"), HTMX),
        (reverse("notifications:dropdown"), HTMX),
        (reverse("customers:list"), {}),
        (reverse("customers:detail", kwargs={"pk": customer.pk}), {}),
        (reverse("team:list"), {}),
    ]  # fmt: skip
    return pages


def timed(request):
    started = time.perf_counter()
    response = request()
    return response, time.perf_counter() - started


def queued_task_names(server) -> list[str]:
    broker = redis.Redis.from_url(server.url)
    return [raw.decode() for raw in broker.lrange(TASK_QUEUE, 0, -1)]


def step_url(project, slug, action) -> str:
    progress = ProjectSubStageProgress.objects.get(project=project, sub_stage__slug=slug)
    return reverse(
        "projects:sub_stage_action",
        kwargs={"pk": project.pk, "progress_pk": progress.pk, "action": action},
    )
