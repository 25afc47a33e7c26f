"""Actions on approvals from the pages: inline approve / reject / delegate (422 on bad input, 403
for people who may not), the history fragment, the detail page, and 404 for another tenant.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.approvals.models import Approval, ApprovalStatus
from apps.organizations.calendar import tenant_today
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory, ApprovalHistoryFactory
from tests.approvals.helpers import actions_of, ask, by_role, by_user, fresh

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, BEGIN, tenant settings, the approval, its history, its files, COMMIT
# (a single step: no chain query)
DETAIL_QUERIES = 8
# session, user, BEGIN, tenant settings, the approval (access); savepoint, lock, update, history,
# activity, notice, release; the fresh row for the fragment; COMMIT
ACTION_QUERIES = 14


def test_approve_inline_returns_the_updated_row_and_an_event(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    client.force_login(team[Role.ENGINEERING])

    response = client.post(
        reverse("approvals:approve", kwargs={"pk": approval.pk}),
        {"comments": "Looks right", "fragment": "row"},
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="approval-row-{approval.pk}"' in body and 'data-status="approved"' in body
    assert 'data-testid="approve-button"' not in body
    assert response["HX-Retarget"] == f"#approval-row-{approval.pk}"
    assert "approval-changed" in response["HX-Trigger"]
    assert fresh(approval).decision_comments == "Looks right"


def test_the_actions_fragment_for_the_project_page(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    client.force_login(team[Role.ENGINEERING])

    response = client.post(
        reverse("approvals:reject", kwargs={"pk": approval.pk}),
        {"reason": "Datum scheme unclear", "fragment": "actions"},
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<div id="approval-actions-{approval.pk}"')
    assert "approval-row" not in body and "Datum scheme unclear" in body
    assert response["HX-Retarget"] == f"#approval-actions-{approval.pk}"


def test_reject_without_a_reason_is_422_with_the_message_and_changes_nothing(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    client.force_login(team[Role.ENGINEERING])

    response = client.post(
        reverse("approvals:reject", kwargs={"pk": approval.pk}),
        {"reason": "   ", "fragment": "row"},
        **HTMX,
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "Say why it is rejected" in body and 'data-testid="error-reason"' in body
    assert fresh(approval).status == ApprovalStatus.PENDING
    assert actions_of(approval) == ["request"]


def test_a_decision_already_taken_is_422_with_the_reason(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    client.force_login(team[Role.ENGINEERING])
    url = reverse("approvals:approve", kwargs={"pk": approval.pk})
    client.post(url, {"fragment": "row"}, **HTMX)

    response = client.post(url, {"fragment": "row"}, **HTMX)

    assert response.status_code == 422
    assert "This approval is already approved." in response.content.decode()


def test_a_plain_post_redirects_back_with_a_message(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    client.force_login(team[Role.ENGINEERING])

    response = client.post(
        reverse("approvals:approve", kwargs={"pk": approval.pk}),
        {"next": reverse("approvals:queue")},
    )

    assert response.status_code == 302 and response["Location"] == reverse("approvals:queue")
    response = client.post(
        reverse("approvals:reject", kwargs={"pk": approval.pk}),
        {"reason": "x", "next": "https://evil.example.com/"},
    )
    assert response.status_code == 422  # already approved: the detail page with the message
    assert "already approved" in response.content.decode()


def test_a_plain_post_to_an_open_approval_ignores_a_foreign_next(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    client.force_login(team[Role.ENGINEERING])

    response = client.post(
        reverse("approvals:approve", kwargs={"pk": approval.pk}),
        {"next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("approvals:detail", kwargs={"pk": approval.pk})


@pytest.mark.parametrize(
    "bad_next",
    ["ADMIN", "approvals:queue", "//evil.example.com/", "/\\evil.example.com", "javascript:x"],
)
def test_a_plain_post_with_a_next_that_is_not_a_local_path_goes_to_the_approval(
    client, team, project, bad_next
):
    """Before, `next=ADMIN` was taken for a URL name: a 500 after the approval was approved."""
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    client.raise_request_exception = False
    client.force_login(team[Role.ENGINEERING])

    response = client.post(
        reverse("approvals:approve", kwargs={"pk": approval.pk}),
        {"comments": "ok", "next": bad_next},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:detail", kwargs={"pk": approval.pk})
    assert fresh(approval).status == ApprovalStatus.APPROVED


def test_the_delegate_form_offers_only_a_local_next(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    client.force_login(team[Role.ENGINEERING])
    url = reverse("approvals:delegate", kwargs={"pk": approval.pk})

    kept = client.get(url, {"next": "/projects/"}).content.decode()
    dropped = client.get(url, {"next": "ADMIN"}).content.decode()

    assert 'name="next" value="/projects/"' in kept
    assert 'name="next"' not in dropped


def test_someone_who_may_not_decide_gets_403(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    for user in (team[Role.AUDITOR], team[Role.QA], team[Role.SALES]):
        client.force_login(user)
        response = client.post(reverse("approvals:approve", kwargs={"pk": approval.pk}))
        assert response.status_code == 403
    assert fresh(approval).status == ApprovalStatus.PENDING


def test_delegate_inline_form_then_post(client, team, project):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    client.force_login(engineer)
    url = reverse("approvals:delegate", kwargs={"pk": approval.pk})

    form = client.get(url, {"fragment": "row"}, **HTMX)
    body = form.content.decode()
    assert form.status_code == 200 and body.lstrip().startswith("<form")
    assert qa.name in body and team[Role.SALES].name not in body  # never the requester
    assert team[Role.AUDITOR].name not in body

    until = tenant_today(project.organization_id) + datetime.timedelta(days=3)
    response = client.post(
        url, {"delegate": qa.pk, "until": until.isoformat(), "fragment": "row"}, **HTMX
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#approval-row-{approval.pk}"
    approval = fresh(approval)
    assert (approval.status, approval.delegated_to) == ("delegated", qa)
    # until the end of the chosen day in the factory's calendar (apps.core.calendar)
    local_end = approval.delegated_until.astimezone(ZoneInfo(engineer.organization.timezone))
    assert (local_end.date(), local_end.time()) == (until, datetime.time(23, 59, 59))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"until": "2001-01-01"}, "Choose today or a later day"),
        ({"until": "someday"}, "Give a date like"),
        ({"delegate": str(uuid.uuid4())}, "Choose one of the listed colleagues"),
        ({"delegate": ""}, "Choose who decides in your place"),
    ],
)
def test_delegate_with_bad_input_is_422_with_the_form(client, team, project, data, message):
    engineer = team[Role.ENGINEERING]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    client.force_login(engineer)
    fields = {
        "delegate": team[Role.QA].pk,
        "until": (tenant_today(project.organization_id) + datetime.timedelta(days=3)).isoformat(),
        "fragment": "row",
        **data,
    }

    response = client.post(reverse("approvals:delegate", kwargs={"pk": approval.pk}), fields,
                           **HTMX)  # fmt: skip

    assert response.status_code == 422
    body = response.content.decode()
    assert message in body and 'data-testid="delegate-form"' in body
    assert fresh(approval).status == ApprovalStatus.PENDING


def test_the_delegate_form_is_403_for_people_who_may_not_delegate(client, team, project):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    url = reverse("approvals:delegate", kwargs={"pk": approval.pk})
    until = (tenant_today(project.organization_id) + datetime.timedelta(days=3)).isoformat()

    for user in (qa, team[Role.AUDITOR], team[Role.SALES]):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(url, {"fragment": "row"}, **HTMX).status_code == 403
        response = client.post(url, {"delegate": team[Role.FINANCE].pk, "until": until})
        assert response.status_code == 403
    client.force_login(engineer)
    assert client.get(url).status_code == 200
    assert fresh(approval).status == ApprovalStatus.PENDING


def test_the_history_fragment_lists_every_action(client, team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    ApprovalHistoryFactory(approval=approval, action="comment", comments="Called the customer")
    client.force_login(team[Role.QA])

    response = client.get(reverse("approvals:history", kwargs={"pk": approval.pk}), **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="history-entry"') == 2
    assert "Called the customer" in body and "<html" not in body


# --- the detail page ---


def test_the_detail_page_shows_the_approval_history_and_actions(
    client, team, project, django_assert_max_num_queries
):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))
    for index in range(5):
        ApprovalHistoryFactory(approval=approval, action="comment", comments=f"Note {index}")
    client.force_login(team[Role.ENGINEERING])

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("approvals:detail", kwargs={"pk": approval.pk}))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="history-entry"') == 6
    assert 'data-testid="approve-button"' in body and 'data-testid="attachment-form"' in body
    assert "hx-post" not in body.split('data-testid="approval-actions"')[1].split("</form>")[0]


def test_the_detail_page_of_a_chain_lists_its_steps(client, team, project):
    step1 = ask(team[Role.SALES], project, by_role(Role.ENGINEERING), by_role(Role.FINANCE))
    client.force_login(team[Role.ENGINEERING])
    client.post(reverse("approvals:approve", kwargs={"pk": step1.pk}))
    step2 = Approval.objects.get(first_step=step1)

    response = client.get(reverse("approvals:detail", kwargs={"pk": step2.pk}))

    body = response.content.decode()
    assert 'data-testid="approval-chain"' in body
    assert "Finance" in body.split('data-testid="approval-chain"')[1]


@pytest.mark.parametrize(
    "name", ["detail", "history", "approve", "reject", "delegate", "escalate", "cancel", "attach"]
)
def test_another_tenants_approval_is_404_everywhere(client, team, other_tenant, name):
    foreign = ApprovalFactory(organization=other_tenant, current_approver_role=Role.ENGINEERING)
    client.force_login(team[Role.ADMIN])
    url = reverse(f"approvals:{name}", kwargs={"pk": foreign.pk})

    response = client.post(url, {"reason": "x"}) if name not in ("detail", "history") else (
        client.get(url))  # fmt: skip

    assert response.status_code == 404
    assert fresh(foreign).status == ApprovalStatus.PENDING


def test_an_approval_action_costs_a_fixed_number_of_queries(
    client, team, project, django_assert_max_num_queries
):
    approval = ask(team[Role.SALES], project, by_user(team[Role.ENGINEERING]))
    client.force_login(team[Role.ENGINEERING])

    with django_assert_max_num_queries(ACTION_QUERIES):
        response = client.post(reverse("approvals:approve", kwargs={"pk": approval.pk}),
                               {"fragment": "row"}, **HTMX)  # fmt: skip

    assert response.status_code == 200
