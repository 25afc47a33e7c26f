"""`{% if approval|escalatable_by:user %}`, `{% approval_actions approval target as actions %}`:
which buttons to show. The services check the same rules (`apps.approvals.rules`) again, since a
form can be posted without the page."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from apps.approvals import presenters, rules
from apps.approvals.forms import ApproveForm, RejectForm
from apps.approvals.presenters import BADGE_BY_PRIORITY, BADGE_BY_STATUS, DEFAULT_BADGE

register = template.Library()
DECISION_FORMS = {"approve": ApproveForm, "reject": RejectForm}
# The one field each decision's form shows in the row (its other fields are the approval page's).
DECISION_FIELDS = {"approve": "comments", "reject": "reason"}
# Stands for the approval's id in the cached markup of a blank field.
_APPROVAL_ID = "approval-id-here"


@register.simple_tag(takes_context=True)
def approval_actions(context, approval, fragment: str, approvals_url: str = ""):
    """`{% approval_actions approval target approvals_url as actions %}`: what the actions partial
    shows, when its includer (the queue, which works it out with the row) did not pass it."""
    return presenters.approval_actions(
        context["user"], approval, fragment=fragment, approvals_url=approvals_url
    )


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


@register.simple_tag
def decision_field(name: str, approval, action_name: str = "", action_form=None) -> SafeString:
    """`{% decision_field "approve" approval action_name action_form %}`: the decision's field
    (label, input, errors) as `organizations/field.html` renders it from the `decision_form`
    form. A queue page shows two blank ones in each of its 25 rows; building and rendering two
    forms per row was a third of the page's time, so the blank field is rendered once per
    decision and language (it depends on nothing else) and only the approval's id is put in."""
    if action_name == name and action_form:
        return _field_markup(decision_form(name, approval, action_name, action_form), name)
    # Safe: the template's escaped output, with a UUID put in.
    markup = _blank_field_markup(name, get_language())
    return mark_safe(markup.replace(_APPROVAL_ID, str(approval.pk)))  # noqa: S308


@lru_cache(maxsize=32)
def _blank_field_markup(name: str, language: str) -> str:
    form = DECISION_FORMS[name]()
    form.auto_id = f"{name}-{_APPROVAL_ID}-%s"
    for field_name, field in form.fields.items():
        field.widget.attrs["data-testid"] = f"{name}-{field_name.replace('_', '-')}"
    return _field_markup(form, name)


def _field_markup(form, name: str) -> SafeString:
    context = {"field": form[DECISION_FIELDS[name]], "wrapper_class": "mb-1 small"}
    return render_to_string("organizations/field.html", context)


@register.filter
def status_badge(status: str) -> str:
    return BADGE_BY_STATUS.get(status, DEFAULT_BADGE)


@register.filter
def priority_badge(priority: str) -> str:
    return BADGE_BY_PRIORITY.get(priority, DEFAULT_BADGE)
