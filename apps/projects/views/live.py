"""The project page follows its project: one poll for the whole page (apps/core/live.py).

Unchanged: 304, from Redis alone while the page's pass is good (apps/core/live.py); the whole
way (the project through its access function), a 304 that renews the pass. Changed: 200 with an
empty body whose HX-Trigger names the parts that changed (`live-main`: header, stepper and
approvals; `live-documents`; `live-messages`), and each of those sections reloads itself from its
own app's URL. The documents and messages sections belong to apps above this one, so the page
asks them rather than this view rendering them.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.core import changefeed
from apps.core.live import (
    follows_project,
    live_etag,
    mark_live,
    not_modified,
    poll_context,
    polled_etag,
    renew_pass,
    tag_of_etag,
)
from apps.projects import selectors
from apps.projects.models import Project
from apps.users.permissions import require_permission


def project_poll(request: HttpRequest, project: Project, *, warn: bool = False) -> dict:
    """The poll element's context for a page showing `project` (read before the page renders)."""
    version = changefeed.project_version(project.organization_id, project.pk, check=False)
    url = reverse("projects:live", args=[project.pk])
    return poll_context(request, url, live_etag(request, version.tag), warn=warn)


@require_GET
@require_permission("projects.view")
@follows_project
def project_live_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.project_ref_get_for_user(request.user, pk)
    version = changefeed.project_version(project.organization_id, project.pk)
    etag = live_etag(request, version.tag)
    previous = polled_etag(request)
    if previous == etag:
        return renew_pass(request, not_modified(etag))
    changed = version.changed_parts(tag_of_etag(previous))
    response = HttpResponse(status=200)
    response["HX-Trigger"] = json.dumps({f"live-{part}": True for part in changed})
    return renew_pass(request, mark_live(response, etag))
