"""Reads for the pages: the access function, a project's approvals for the project page (and the
actions partial rendered from them without further queries), delegate candidates."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory

from apps.approvals import selectors
from apps.approvals.services import approval_approve
from apps.core.tenancy import tenant_context
from apps.users.models import Role, UserStatus
from tests.approvals.factories import ApprovalFactory
from tests.approvals.helpers import act, ask, by_role, by_user
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_access_function_finds_only_the_tenants_approvals(team, project, other_tenant):
    mine = ask(team[Role.SALES], project, by_role(Role.QA))
    foreign = ApprovalFactory(organization=other_tenant)
    user = team[Role.QA]

    with tenant_context(user.organization_id, user):
        assert selectors.approval_get_for_user(user, mine.pk) == mine
        assert selectors.approval_get_for_user(user, str(mine.pk)) == mine
        for bad in (foreign.pk, "not-a-uuid", None):
            with pytest.raises(Http404):
                selectors.approval_get_for_user(user, bad)


def test_a_projects_approvals_render_their_actions_without_more_queries(
    team, project, django_assert_num_queries
):
    sales, engineer = team[Role.SALES], team[Role.ENGINEERING]
    decided = ask(sales, project, by_role(Role.FINANCE), title="Cost")
    act(team[Role.FINANCE], approval_approve, approval_id=decided.pk)
    ask(sales, project, by_user(engineer), title="Drawing", approval_type="engineering_change")
    ask(sales, project, by_role(Role.QA), title="First article", approval_type="quality_review")
    request = RequestFactory().get("/projects/")
    request.user = engineer

    with tenant_context(engineer.organization_id, engineer), django_assert_num_queries(1):
        approvals = selectors.approvals_for_project(engineer, project.pk)
        html = "".join(
            render_to_string(
                "approvals/_approval_actions.html",
                {"approval": approval, "user": engineer},
                request=request,
            )
            for approval in approvals
        )

    assert [a.title for a in approvals] == ["First article", "Drawing", "Cost"]  # open first
    assert html.count('data-testid="approve-button"') == 1  # only the engineer's own
    assert html.count('data-testid="approval-decision"') == 1
    assert 'value="actions"' in html


def test_delegate_candidates_are_active_colleagues_who_may_decide(team, project):
    engineer = team[Role.ENGINEERING]
    UserFactory(organization=project.organization, status=UserStatus.DISABLED, name="Gone")
    approval = ask(team[Role.SALES], project, by_user(engineer))

    with tenant_context(engineer.organization_id, engineer):
        names = {user.name for user in selectors.delegate_candidates(engineer, approval)}

    assert team[Role.QA].name in names and team["chief"].name in names
    for excluded in (engineer, team[Role.SALES], team[Role.AUDITOR]):
        assert excluded.name not in names
    assert "Gone" not in names
