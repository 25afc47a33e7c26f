"""Sending and posting as a user would (inside their tenant), and the pages' URLs."""

from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.messaging import services

HTMX = {"HTTP_HX_REQUEST": "true"}


def send(sender, recipient, content="Is rev B final?", **kwargs):
    with tenant_context(sender.organization_id, sender):
        return services.message_send_direct(
            sender=sender, recipient=recipient, content=content, **kwargs
        )


def post(sender, project, content="Material cert missing", **kwargs):
    with tenant_context(sender.organization_id, sender):
        return services.message_post_to_project(
            sender=sender, project=project, content=content, **kwargs
        )


def thread_url(message):
    return reverse("messaging:thread", args=[message.thread_id])


def section_url(project):
    return reverse("messaging:project_thread", args=[project.pk])
