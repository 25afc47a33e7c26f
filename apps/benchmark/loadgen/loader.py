"""`generate_load_data`: many production-shaped tenants in one transaction.

Tenants are created through `tenant_create` (so each gets the standard workflow exactly as a real
one does); everything else is written with COPY as the owner role, which row-level security does
not restrict, every row carrying its tenant's id. See `bulk` for how the load stays checked.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from apps.benchmark.loadgen import bulk
from apps.benchmark.loadgen import vocabulary as words
from apps.benchmark.loadgen.copytext import Clock
from apps.benchmark.loadgen.people import (
    BENCHMARK_EMAIL_LOCAL,
    TenantData,
    add_customers,
    add_staff,
)
from apps.benchmark.loadgen.projects import add_project
from apps.benchmark.loadgen.records import (
    add_direct_messages,
    add_documents,
    add_notifications,
    add_project_messages,
)
from apps.benchmark.loadgen.scale import LoadScale, TenantShare, tenant_shares
from apps.benchmark.loadgen.stories import tenant_stories
from apps.benchmark.loadgen.tables import BULK_TABLES, CHECKED_TABLES, LOADED_TABLES, Buffers
from apps.benchmark.loadgen.workflow import tenant_workflow
from apps.core.sample_data import SAMPLE_PASSWORD
from apps.organizations.services import tenant_create

CHUNK_PROJECTS = 1_000
# Tables big enough that rebuilding their secondary indexes beats maintaining them row by row.
REBUILT_TABLES = ("projects", *BULK_TABLES)
ANALYZED_TABLES = (*LOADED_TABLES, "workflow_stages", "workflow_sub_stages")


@dataclass
class LoadResult:
    tenants: list[tuple[str, str, int, int]] = field(default_factory=list)  # id, slug, p, u
    benchmark_email: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    copy_seconds: dict[str, float] = field(default_factory=dict)  # time in COPY, per table
    phases: dict[str, float] = field(default_factory=dict)
    triggers_off: bool = False
    rebuilt_indexes: int = 0
    vacuumed: bool = False

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())


class _Phases:
    def __init__(self, result: LoadResult):
        self.result, self.started = result, time.monotonic()

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.result.phases[name] = round(self.result.phases.get(name, 0) + now - self.started, 2)
        self.started = now


def database_has_projects() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM projects)")
        return cursor.fetchone()[0]


def generate_load_data(
    scale: LoadScale,
    *,
    append: bool = False,
    as_of: datetime.date | None = None,
    progress: Callable[[int], None] = lambda done: None,
    vacuum: bool = True,
) -> LoadResult:
    """Load `scale` into the database; refuse a database that has projects unless `append`.

    `as_of` is the dataset's "today" (default: the current UTC date): with the same seed, scale,
    day and starting database the dataset is the same, ids included (except the tenant, admin
    and workflow rows, which tenant_create makes with fresh ids).
    """
    scale.validate()
    if not append and database_has_projects():
        raise ValidationError(
            "This database already has projects. Load into an empty database (after migrate), or "
            "pass --append to add new tenants beside the existing ones."
        )
    as_of = as_of or datetime.datetime.now(datetime.UTC).date()
    now = datetime.datetime.combine(as_of, datetime.time(), datetime.UTC).timestamp()
    result = LoadResult()
    phases = _Phases(result)
    can_vacuum = vacuum and not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.audit_source', 'bulk_load', true), "
            "set_config('synchronous_commit', 'off', true), "
            "set_config('maintenance_work_mem', '256MB', true)"
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        batch = _existing_tenants(cursor)
        rng = random.Random(f"{scale.seed}/{batch}")  # noqa: S311 - repeatable data, no secret
        result.triggers_off = bulk.replica_mode_allowed(cursor)
        empty = [table for table in REBUILT_TABLES if bulk.table_is_empty(cursor, table)]
        dropped = bulk.secondary_indexes(cursor, empty)
        bulk.drop_indexes(cursor, dropped)
        shares = tenant_shares(scale, rng)
        created = _create_tenants(shares, batch=batch, rng=rng)
        phases.lap("tenants")
        password_hash = make_password(SAMPLE_PASSWORD)
        for share, (organization, admin) in zip(shares, created, strict=True):
            tenant = TenantData(
                organization_id=organization.pk.hex,
                slug=organization.slug,
                workflow=tenant_workflow(organization.pk),
                rng=random.Random(rng.getrandbits(64)),  # noqa: S311
                clock=Clock(),
                now=now,
                buffers=Buffers(),
            )
            _load_tenant(cursor, tenant, share, admin.pk.hex, password_hash, result, progress)
            result.tenants.append((organization.pk.hex, organization.slug, share.projects,
                                   share.users))  # fmt: skip
            if share.is_large:
                result.benchmark_email = f"{BENCHMARK_EMAIL_LOCAL}@{organization.slug}.example.com"
        phases.lap("rows")
        for index in dropped:
            bulk.create_index(cursor, index)
        result.rebuilt_indexes = len(dropped)
        phases.lap("indexes")
        if result.triggers_off:
            keys = bulk.foreign_keys(cursor, BULK_TABLES)
            bulk.verify_foreign_keys(cursor, keys, [tenant_id for tenant_id, *_ in result.tenants])
        phases.lap("verify")
        if not can_vacuum:
            cursor.execute(f"ANALYZE {', '.join(ANALYZED_TABLES)}")
    result.vacuumed = can_vacuum and _vacuum_analyze()
    phases.lap("analyze")
    result.rows = _row_counts()
    return result


def _existing_tenants(cursor) -> int:
    cursor.execute("SELECT count(*) FROM organizations WHERE organization_type = 'internal'")
    return cursor.fetchone()[0]


def _create_tenants(shares: list[TenantShare], *, batch: int, rng: random.Random) -> list:
    """Through the real service: the organization, its first admin and the standard workflow."""
    created, names = [], set()
    for share in shares:
        name = (
            f"{rng.choice(words.PLACES)} {rng.choice(words.FACTORY_WORDS)} "
            f"{rng.choice(words.COMPANY_SUFFIXES)}"
        )
        if name in names:
            name = f"{name} {share.index + 1}"
        names.add(name)
        slug = f"load{batch}-{share.index:03d}"
        created.append(
            tenant_create(
                name=name,
                slug=slug,
                admin_email=f"admin@{slug}.example.com",
                admin_name=f"{name} Admin",
                admin_password=SAMPLE_PASSWORD,
                country="VN",
            )
        )
    return created


def _load_tenant(cursor, tenant: TenantData, share: TenantShare, admin_id: str,
                 password_hash: str, result: LoadResult, progress) -> None:  # fmt: skip
    add_staff(
        tenant,
        users=share.users,
        admin_id=admin_id,
        password_hash=password_hash,
        with_benchmark_user=share.is_large,
    )
    add_customers(tenant, projects=share.projects)
    tenant.buffers.copy(cursor, CHECKED_TABLES)
    stories = tenant_stories(tenant.workflow, share.projects, tenant.rng, tenant.now, tenant.clock)
    for start in range(0, len(stories), CHUNK_PROJECTS):
        chunk = stories[start : start + CHUNK_PROJECTS]
        for story in chunk:
            project_id, team = add_project(tenant, story)
            add_documents(tenant, story, project_id, team)
            add_project_messages(tenant, story, project_id, team)
        tenant.buffers.copy(cursor, CHECKED_TABLES)
        _copy_bulk(cursor, tenant.buffers, result.triggers_off)
        progress(len(chunk))
    add_direct_messages(tenant)
    add_notifications(tenant)
    _copy_bulk(cursor, tenant.buffers, result.triggers_off)
    for table, rows in tenant.buffers.tables.items():
        result.copy_seconds[table] = result.copy_seconds.get(table, 0.0) + rows.copy_seconds


def _copy_bulk(cursor, buffers: Buffers, triggers_off: bool) -> None:
    if triggers_off:
        cursor.execute(bulk.REPLICA)
    buffers.copy(cursor, BULK_TABLES)
    if triggers_off:
        cursor.execute(bulk.ORIGIN)


def _vacuum_analyze() -> bool:
    """VACUUM (ANALYZE) after commit, as autovacuum would soon do: fresh statistics for the
    planner and a visibility map for index-only scans. Not possible inside a transaction (tests
    that wrap everything in one): then the in-transaction ANALYZE has done the statistics."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(ANALYZED_TABLES)}")
    return True


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in LOADED_TABLES:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts
