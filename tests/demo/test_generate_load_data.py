"""generate_load_data at tiny scale: the counts asked for, tenants that never share a row, the
same data for the same seed, and a refusal to load on top of existing projects."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from apps.activity.models import ActivityLog, EntityType
from apps.core.tenancy import tenant_context
from apps.organizations.models import Organization
from apps.projects.models import Project, ProjectSubStageProgress
from apps.users.models import User

TINY = {"scale": "tiny", "no_progress": True}
SUB_STAGES = 30  # the standard workflow's


def generate(**options):
    call_command(
        "generate_load_data",
        **{**TINY, "as_of": datetime.date(2026, 3, 2), **options},
        stdout=io.StringIO(),
    )


def scalar(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def fingerprint() -> str:
    """A digest of what the generator decides. Rows made by tenant_create (tenant, admin,
    workflow) get fresh ids from the service on every run, so they enter by slug or e-mail."""
    return scalar(
        """
        SELECT md5(
            (SELECT string_agg(concat_ws('|', p.id, t.slug, p.project_id, p.title, p.status,
                    p.priority_level, p.created_at, p.customer_organization_id, u.email),
                    ',' ORDER BY p.id)
               FROM projects p JOIN organizations t ON t.id = p.organization_id
               JOIN users u ON u.id = p.assigned_to_id)
         || (SELECT string_agg(concat_ws('|', r.id, s.slug, r.status, u.email, r.due_at,
                    r.completed_at), ',' ORDER BY r.id)
               FROM project_sub_stage_progress r JOIN workflow_sub_stages s ON s.id = r.sub_stage_id
               LEFT JOIN users u ON u.id = r.assigned_to_id)
         || (SELECT string_agg(concat_ws('|', id, status, requested_at), ',' ORDER BY id)
               FROM approvals)
         || (SELECT string_agg(concat_ws('|', n.id, u.email, n.is_read), ',' ORDER BY n.id)
               FROM notifications n JOIN users u ON u.id = n.user_id))
        """
    )


def wipe():
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_loads_the_counts_asked_for_with_every_table_filled():
    generate()

    assert Organization.objects.filter(organization_type="internal").count() == 2
    assert User.objects.count() == 24
    assert Project.objects.count() == 40
    assert ProjectSubStageProgress.objects.count() == 40 * SUB_STAGES
    for table in ("approvals", "approval_history", "documents", "document_versions",
                  "messages", "notifications", "activity_log", "contacts"):  # fmt: skip
        assert scalar(f"SELECT count(*) FROM {table}") > 0, table
    # Triggers did their part: search vectors filled; the bulk load left no audit rows.
    assert not Project.objects.filter(search_vector__isnull=True).exists()
    assert scalar("SELECT count(*) FROM activity_log WHERE description LIKE '%outside%'") == 0
    # The audit trail names its entities as the services do (activity.models.EntityType).
    entity_types = set(ActivityLog.objects.values_list("entity_type", flat=True).distinct())
    assert {EntityType.PROJECT, EntityType.APPROVAL} <= entity_types <= set(EntityType.values)


@pytest.mark.django_db(transaction=True)
def test_one_tenant_is_large_and_has_the_benchmark_manager():
    generate()

    sizes = sorted(
        Project.objects.values("organization_id")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert sum(sizes) == 40 and sizes[-1] > sizes[0]
    manager = User.objects.get(email__startswith="benchmark@")
    assert manager.role == "management" and manager.status == "active"
    assert Project.objects.filter(organization_id=manager.organization_id).count() == sizes[-1]


@pytest.mark.django_db(transaction=True)
def test_every_row_stays_inside_its_own_tenant():
    generate()

    # People referenced by a row belong to the row's tenant (these keys are not composite, so
    # only the generator keeps them right).
    references = (
        ("projects", "assigned_to_id"), ("projects", "created_by_id"),
        ("project_sub_stage_progress", "assigned_to_id"), ("approvals", "requested_by_id"),
        ("approvals", "decided_by_id"), ("approvals", "current_approver_user_id"),
        ("notifications", "user_id"), ("messages", "sender_id"), ("messages", "recipient_id"),
        ("documents", "uploaded_by_id"), ("activity_log", "user_id"),
    )  # fmt: skip
    for table, column in references:
        crossing = scalar(
            f"SELECT count(*) FROM {table} t JOIN users u ON u.id = t.{column} "
            "WHERE u.organization_id <> t.organization_id"
        )
        assert crossing == 0, f"{table}.{column}"
    # Under RLS each tenant sees exactly its own projects and progress.
    for tenant in Organization.objects.filter(organization_type="internal"):
        own = Project.objects.filter(organization=tenant).count()
        with tenant_context(tenant):
            assert Project.objects.count() == own
            assert ProjectSubStageProgress.objects.count() == own * SUB_STAGES
            assert not Project.objects.exclude(organization=tenant).exists()


@pytest.mark.django_db(transaction=True)
def test_same_seed_same_data_other_seed_other_data():
    generate(seed=7)
    first = fingerprint()
    wipe()
    generate(seed=7)
    assert fingerprint() == first
    wipe()
    generate(seed=8)
    assert fingerprint() != first


@pytest.mark.django_db(transaction=True)
def test_refuses_a_database_with_projects_unless_appending():
    generate()

    with pytest.raises(CommandError, match="--append"):
        generate()
    assert Project.objects.count() == 40

    generate(append=True, seed=3)
    assert Project.objects.count() == 80
    assert Organization.objects.filter(organization_type="internal").count() == 4
    assert ProjectSubStageProgress.objects.count() == 80 * SUB_STAGES
    # The appended rows were checked like the first ones: every key still holds.
    assert (
        scalar(
            "SELECT count(*) FROM approvals a LEFT JOIN project_sub_stage_progress p "
            "ON p.id = a.sub_stage_progress_id WHERE p.id IS NULL"
        )
        == 0
    )


@pytest.mark.django_db(transaction=True)
def test_refuses_too_few_users_for_the_tenants():
    with pytest.raises(CommandError, match="--users must be at least 20"):
        generate(users=19)
    assert not Organization.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("tenants", "--tenants must be at least 1"),
        ("projects", "--projects must be at least --tenants"),
        ("users", "--users must be at least"),
    ],
)
def test_an_explicit_zero_is_refused_not_taken_for_the_default(option, message):
    with pytest.raises(CommandError, match=message):
        generate(**{option: 0})
    assert not Organization.objects.exists()
