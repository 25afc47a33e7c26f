"""`{% if approval|decidable_by:user %}`: which buttons to show. The services check the same rules
(`apps.approvals.rules`) again, since a form can be posted without the page."""

from __future__ import annotations

from django import template

from apps.approvals import rules
from apps.approvals.forms import ApproveForm, RejectForm

register = template.Library()
DECISION_FORMS = {"approve": ApproveForm, "reject": RejectForm}

BADGE_BY_STATUS = {
    "pending": "text-bg-secondary",
    "in_review": "text-bg-info",
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
    "cancelled": "text-bg-light border",
    "expired": "text-bg-light border",
    "delegated": "text-bg-primary",
    "escalated": "text-bg-warning",
}
BADGE_BY_PRIORITY = {
    "low": "text-bg-light border",
    "normal": "text-bg-secondary",
    "high": "text-bg-info",
    "urgent": "text-bg-warning",
    "critical": "text-bg-danger",
}


@register.filter
def decidable_by(approval, user) -> bool:
    return rules.may_decide(user, approval)


@register.filter
def routable_by(approval, user) -> bool:
    return rules.may_route(user, approval)


@register.filter
def escalatable_by(approval, user) -> bool:
    return rules.may_escalate(user, approval)


@register.filter
def cancellable_by(approval, user) -> bool:
    return rules.may_cancel(user, approval)


@register.filter
def attachable_by(approval, user) -> bool:
    return rules.may_attach(user, approval)


@register.simple_tag
def decision_form(name: str, approval, action_name: str = "", action_form=None):
    """`{% decision_form "approve" approval action_name action_form as form %}`: the form of one
    decision on `approval`: the refused one again (with its input and errors) when it is the one
    being re-rendered, else an empty one. Ids carry the approval, since a page lists many, and
    test ids name the decision and field (`approve-comments`, `reject-reason`)."""
    form = action_form if action_name == name and action_form else DECISION_FORMS[name]()
    form.auto_id = f"{name}-{approval.pk}-%s"
    for field_name, field in form.fields.items():
        field.widget.attrs["data-testid"] = f"{name}-{field_name.replace('_', '-')}"
    return form


@register.filter
def status_badge(status: str) -> str:
    return BADGE_BY_STATUS.get(status, "text-bg-secondary")


@register.filter
def priority_badge(priority: str) -> str:
    return BADGE_BY_PRIORITY.get(priority, "text-bg-secondary")
