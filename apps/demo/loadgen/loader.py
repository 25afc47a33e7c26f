"""`generate_load_data`: many production-shaped tenants in one transaction.

Tenants are created through `tenant_create` (so each gets the standard workflow exactly as a real
one does); everything else is written with COPY as the owner role, which row-level security does
not restrict, every row carrying its tenant's id. See `bulk` for how the load stays checked.
"""

from __future__ import annotations

import datetime
import os
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from apps.demo.loadgen import bulk
from apps.demo.loadgen import vocabulary as words
from apps.demo.loadgen.copytext import Clock
from apps.demo.loadgen.people import (
    BENCHMARK_EMAIL_LOCAL,
    TenantData,
    add_customers,
    add_staff,
)
from apps.demo.loadgen.projects import add_project
from apps.demo.loadgen.records import (
    add_direct_messages,
    add_documents,
    add_notifications,
    add_project_messages,
)
from apps.demo.loadgen.scale import LoadScale, TenantShare, tenant_shares
from apps.demo.loadgen.stories import tenant_stories
from apps.demo.loadgen.tables import BULK_TABLES, CHECKED_TABLES, LOADED_TABLES, Buffers
from apps.demo.loadgen.workflow import tenant_workflow
from apps.demo.loadgen.writer import CopyJob, CopyWriter
from apps.demo.sample_data import SAMPLE_PASSWORD
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
    python_cpu_seconds: float = 0.0
    server_phases: dict[str, float] = field(default_factory=dict)  # backend CPU per phase

    @property
    def server_cpu_seconds(self) -> float | None:
        return round(sum(self.server_phases.values()), 1) if self.server_phases else None

    phases: dict[str, float] = field(default_factory=dict)
    triggers_off: bool = False
    rebuilt: int = 0  # keys, indexes and foreign keys taken off and put back
    vacuumed: bool = False

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())


class Progress:
    """What the loader reports while it works (the command shows it as progress bars)."""

    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, done: int) -> None:
        pass

    def close(self) -> None:
        pass


def _backend_cpu_seconds(pid: int) -> float | None:
    """CPU time of a PostgreSQL backend on this machine (Linux), None when it is elsewhere.

    On a shared machine wall time says little; CPU time says what the load itself cost."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Phases:
    """Wall time of each phase, and the server's CPU time in it where it can be read."""

    def __init__(self, result: LoadResult):
        self.result, self.started = result, time.monotonic()
        self.backend: int | None = None
        self.server_started: float | None = None

    def watch(self, backend: int) -> None:
        self.backend, self.server_started = backend, _backend_cpu_seconds(backend)

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.result.phases[name] = round(now - self.started, 1)
        self.started = now
        server = _backend_cpu_seconds(self.backend) if self.backend else None
        if server is not None and self.server_started is not None:
            self.result.server_phases[name] = round(server - self.server_started, 1)
            self.server_started = server


def database_has_projects() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM projects)")
        return cursor.fetchone()[0]


def generate_load_data(
    scale: LoadScale,
    *,
    append: bool = False,
    as_of: datetime.date | None = None,
    progress: Progress | None = None,
    vacuum: bool = True,
) -> LoadResult:
    """Load `scale` into the database; refuse a database that has projects unless `append`.

    `as_of` is the dataset's "today" (default: the current UTC date): with the same seed, scale,
    day and starting database the dataset is the same, ids included (except the tenant, admin
    and workflow rows, which tenant_create makes with fresh ids).
    """
    scale.validate()
    progress = progress or Progress()
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
    python_started = time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        phases.watch(cursor.fetchone()[0])
        cursor.execute(
            "SELECT set_config('app.audit_source', 'bulk_load', true), "
            "set_config('synchronous_commit', 'off', true), "
            # The keys and indexes are rebuilt after the load: sorts of 3M rows in memory, with
            # a parallel worker on the core the Python loader no longer uses by then.
            "set_config('maintenance_work_mem', '1GB', true), "
            "set_config('max_parallel_maintenance_workers', '2', true)"
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        batch = _existing_tenants(cursor)
        rng = random.Random(f"{scale.seed}/{batch}")  # noqa: S311 - repeatable data, no secret
        empty = [table for table in REBUILT_TABLES if bulk.table_is_empty(cursor, table)]
        taken = bulk.take_apart(cursor, empty)
        # Tables that kept their rows (--append) also keep their keys: copy them without the
        # per-row key triggers and verify the new rows' keys afterwards.
        kept = tuple(table for table in BULK_TABLES if table not in empty)
        result.triggers_off = bool(kept) and bulk.replica_mode_allowed(cursor)
        shares = tenant_shares(scale, rng)
        progress.start("Tenants", len(shares))
        created = _create_tenants(shares, batch=batch, rng=rng, progress=progress)
        phases.lap("tenants")
        password_hash = make_password(SAMPLE_PASSWORD)
        progress.start("Projects", scale.projects)
        with CopyWriter() as writer:
            for share, (organization, admin) in zip(shares, created, strict=True):
                writer.wait()  # the main thread reads the workflow: nothing may be in flight
                tenant = TenantData(
                    organization_id=organization.pk.hex,
                    slug=organization.slug,
                    workflow=tenant_workflow(organization.pk),
                    rng=random.Random(rng.getrandbits(64)),  # noqa: S311
                    clock=Clock(),
                    now=now,
                    buffers=Buffers(),
                )
                _load_tenant(writer, tenant, share, admin.pk.hex, password_hash,
                             result.triggers_off, progress)  # fmt: skip
                result.tenants.append((organization.pk.hex, organization.slug, share.projects,
                                       share.users))  # fmt: skip
                if share.is_large:
                    result.benchmark_email = (
                        f"{BENCHMARK_EMAIL_LOCAL}@{organization.slug}.example.com"
                    )
            writer.wait()
        result.copy_seconds = {table: round(sec, 1) for table, sec in writer.seconds.items()}
        phases.lap("rows")
        progress.start("Keys and indexes", len(taken))
        bulk.put_back(cursor, taken, done=lambda: progress.advance(1))
        result.rebuilt = len(taken)
        phases.lap("keys and indexes")
        if result.triggers_off:
            keys = bulk.foreign_keys(cursor, kept)
            bulk.verify_foreign_keys(cursor, keys, [tenant_id for tenant_id, *_ in result.tenants])
            phases.lap("verify")
        if not can_vacuum:
            cursor.execute(f"ANALYZE {', '.join(ANALYZED_TABLES)}")
    progress.start("VACUUM ANALYZE" if can_vacuum else "ANALYZE", 1)
    if can_vacuum:
        _vacuum_analyze()
    result.vacuumed = can_vacuum
    progress.advance(1)
    phases.lap("analyze")
    progress.close()
    result.python_cpu_seconds = round(time.process_time() - python_started, 1)
    result.rows = _row_counts()
    return result


def _existing_tenants(cursor) -> int:
    cursor.execute("SELECT count(*) FROM organizations WHERE organization_type = 'internal'")
    return cursor.fetchone()[0]


def _create_tenants(
    shares: list[TenantShare], *, batch: int, rng: random.Random, progress: Progress
) -> list:
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
        progress.advance(1)
    return created


def _load_tenant(writer: CopyWriter, tenant: TenantData, share: TenantShare, admin_id: str,
                 password_hash: str, triggers_off: bool, progress: Progress) -> None:  # fmt: skip
    add_staff(
        tenant,
        users=share.users,
        admin_id=admin_id,
        password_hash=password_hash,
        with_benchmark_user=share.is_large,
    )
    add_customers(tenant, projects=share.projects)
    writer.submit(tenant.buffers.take(CHECKED_TABLES))
    stories = tenant_stories(tenant.workflow, share.projects, tenant.rng, tenant.now, tenant.clock)
    for start in range(0, len(stories), CHUNK_PROJECTS):
        chunk = stories[start : start + CHUNK_PROJECTS]
        for story in chunk:
            project_id, team = add_project(tenant, story)
            add_documents(tenant, story, project_id, team)
            add_project_messages(tenant, story, project_id, team)
        writer.submit(_jobs(tenant.buffers, triggers_off))
        progress.advance(len(chunk))
    add_direct_messages(tenant)
    add_notifications(tenant)
    writer.submit(_jobs(tenant.buffers, triggers_off))


def _jobs(buffers: Buffers, triggers_off: bool) -> list[CopyJob]:
    """The chunk's rows in reference order; the bulk tables without per-row key triggers when
    they kept their keys (--append)."""
    jobs = buffers.take(CHECKED_TABLES)
    if triggers_off:
        jobs.append(CopyJob("", bulk.REPLICA, None, 0))
    jobs += buffers.take(BULK_TABLES)
    if triggers_off:
        jobs.append(CopyJob("", bulk.ORIGIN, None, 0))
    return jobs


def _vacuum_analyze() -> None:
    """VACUUM (ANALYZE) after commit, as autovacuum would soon do: fresh statistics for the
    planner and a visibility map for index-only scans. Not possible inside a transaction (tests
    that wrap everything in one): then the in-transaction ANALYZE has done the statistics."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(ANALYZED_TABLES)}")


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in LOADED_TABLES:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts
