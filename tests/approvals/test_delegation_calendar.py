"""A delegation's days are the factory's (apps.core.calendar): "today or later" and "until the end
of the chosen day" follow the tenant's timezone at frozen instants on both sides of midnight in UTC
and in UTC+7, while the approver reads the clock in another zone."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.approvals.models import ApprovalStatus
from apps.users.models import Role
from tests.approvals.helpers import ask, by_user, fresh
from tests.factory_calendar import AROUND_MIDNIGHT, VIEWER_ZONE, factory_in, with_viewer_zone

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize(("instant", "zone", "factory_date"), AROUND_MIDNIGHT)
def test_a_delegation_runs_to_the_end_of_the_factorys_day(
    client, team, project, tenant, instant, zone, factory_date
):
    factory_in(tenant, zone)
    engineer = with_viewer_zone(team[Role.ENGINEERING], VIEWER_ZONE[zone])

    with time_machine.travel(instant, tick=False):
        approval = ask(team[Role.SALES], project, by_user(engineer))
        url = reverse("approvals:delegate", kwargs={"pk": approval.pk})
        client.force_login(engineer)
        form = client.get(url, {"fragment": "row"}, **HTMX).content.decode()
        yesterday = (factory_date - datetime.timedelta(days=1)).isoformat()
        refused = client.post(
            url, {"delegate": team[Role.QA].pk, "until": yesterday, "fragment": "row"}, **HTMX
        )
        refused_status = fresh(approval).status
        taken = client.post(
            url,
            {"delegate": team[Role.QA].pk, "until": factory_date.isoformat(), "fragment": "row"},
            **HTMX,
        )

    assert f'min="{factory_date.isoformat()}"' in form
    assert refused.status_code == 422
    assert "Choose today or a later day" in refused.content.decode()
    assert refused_status == ApprovalStatus.PENDING
    assert taken.status_code == 200
    end = datetime.datetime.combine(factory_date, datetime.time(23, 59, 59), ZoneInfo(zone))
    assert fresh(approval).delegated_until == end
