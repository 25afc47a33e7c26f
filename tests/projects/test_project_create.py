import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from apps.activity.models import ActivityLog
from apps.core.tenancy import tenant_context
from apps.projects.models import ProgressStatus, Project
from apps.projects.services import project_code_next, project_create
from apps.workflow.services import workflow_install_standard
from tests.organizations.factories import CustomerFactory

NOW = datetime.datetime(2025, 1, 15, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def standard(tenant):
    return workflow_install_standard(organization_id=tenant.pk)


def create(user, customer, **kwargs):
    with tenant_context(user.organization_id, user):
        return project_create(user=user, title="Bracket assembly", customer_organization=customer,
                              now=NOW, **kwargs)  # fmt: skip


def test_a_new_project_gets_one_progress_row_per_sub_stage_and_the_first_stage(
    standard, sales_user
):
    customer = CustomerFactory(owner_organization=sales_user.organization, name="Toyota Vietnam")

    project = create(sales_user, customer)

    assert project.project_id == "P-25010001"
    assert project.current_stage.slug == "inquiry_received"
    assert project.status == "inquiry"
    assert project.stage_entered_at == NOW
    rows = list(project.sub_stage_progress.order_by("due_at"))
    assert len(rows) == 30
    assert {row.status for row in rows} == {ProgressStatus.PENDING}
    # Due dates follow the estimated durations in order, as working hours in the factory's zone
    # (Ho Chi Minh City, 08:00-12:00 and 13:00-17:00): created Wednesday 15:00 local, the first
    # 2 h run out at 17:00; the next 4 h take Thursday morning.
    local = NOW.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert local.hour == 15 and local.weekday() == 2
    assert rows[0].due_at == local.replace(hour=17)
    assert rows[1].due_at == local.replace(day=16, hour=12)
    assert ActivityLog.objects.filter(project=project, action="created").count() == 1


def test_project_codes_count_up_per_tenant_and_month(standard, sales_user, other_tenant):
    customer = CustomerFactory(owner_organization=sales_user.organization)
    create(sales_user, customer)
    second = create(sales_user, customer)
    with tenant_context(other_tenant):
        other_first = project_code_next(organization_id=other_tenant.pk, now=NOW)

    assert second.project_id == "P-25010002"
    assert other_first == "P-25010001"


def test_a_customer_of_another_tenant_is_refused(standard, sales_user, other_tenant):
    foreign = CustomerFactory(owner_organization=other_tenant)

    with pytest.raises(ValidationError, match="your own customers"):
        create(sales_user, foreign)
    assert not Project.objects.exists()


def test_a_tenant_without_a_default_workflow_gets_a_clear_error(sales_user):
    customer = CustomerFactory(owner_organization=sales_user.organization)
    with pytest.raises(ValidationError, match="no default workflow"):
        create(sales_user, customer)


def test_installing_the_standard_workflow_twice_changes_nothing(standard, tenant):
    from apps.workflow.models import WorkflowStage, WorkflowSubStage

    counts = (WorkflowStage.objects.count(), WorkflowSubStage.objects.count())
    again = workflow_install_standard(organization_id=tenant.pk)
    assert again == standard
    assert (WorkflowStage.objects.count(), WorkflowSubStage.objects.count()) == counts == (8, 30)


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_draw_different_codes(sales_user):
    workflow_install_standard(organization_id=sales_user.organization_id)
    customer = CustomerFactory(owner_organization=sales_user.organization)
    codes, errors = [], []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            codes.append(create(sales_user, customer).project_id)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(codes) == [f"P-2501000{n}" for n in range(1, 5)]


@pytest.mark.parametrize(
    ("now", "first_due"),
    [
        # Friday 23:59 and Saturday 00:01 in Ho Chi Minh City: due Monday 10:00 there (03:00 UTC).
        (datetime.datetime(2026, 12, 4, 16, 59, tzinfo=datetime.UTC),
         datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)),
        (datetime.datetime(2026, 12, 4, 17, 1, tzinfo=datetime.UTC),
         datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)),
        # Friday 18:00 there (11:00 UTC).
        (datetime.datetime(2026, 12, 4, 11, 0, tzinfo=datetime.UTC),
         datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)),
        # Around midnight UTC on a Tuesday: 06:59 and 07:01 there, before the day starts.
        (datetime.datetime(2026, 12, 7, 23, 59, tzinfo=datetime.UTC),
         datetime.datetime(2026, 12, 8, 3, 0, tzinfo=datetime.UTC)),
        (datetime.datetime(2026, 12, 8, 0, 1, tzinfo=datetime.UTC),
         datetime.datetime(2026, 12, 8, 3, 0, tzinfo=datetime.UTC)),
        # Tuesday 09:30 there: the clock runs.
        (datetime.datetime(2026, 12, 8, 2, 30, tzinfo=datetime.UTC),
         datetime.datetime(2026, 12, 8, 4, 30, tzinfo=datetime.UTC)),
    ],
)  # fmt: skip
def test_a_new_projects_first_sub_stage_is_due_after_two_working_hours(
    standard, sales_user, now, first_due
):
    customer = CustomerFactory(owner_organization=sales_user.organization)

    with (
        time_machine.travel(now, tick=False),
        tenant_context(sales_user.organization_id, sales_user),
    ):
        project = project_create(user=sales_user, title="Bracket", customer_organization=customer)

    first = project.sub_stage_progress.order_by("due_at").first()
    assert first.due_at == first_due
