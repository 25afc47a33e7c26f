"""What the numbers were measured on: the machine, the server and the dataset."""

from __future__ import annotations

import os
import platform

import django
from django.conf import settings
from django.db import connection

from apps.benchmark.bench.context import BenchContext
from apps.benchmark.loadgen.tables import LOADED_TABLES

DATASET_TABLES = (*LOADED_TABLES, "workflow_stages", "workflow_sub_stages")
TENANT_TABLES = (
    "projects",
    "project_sub_stage_progress",
    "approvals",
    "notifications",
    "activity_log",
)


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers'), "
            "current_setting('work_mem')"
        )
        version, shared_buffers, work_mem = cursor.fetchone()
    return {
        "cpu_cores": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": version,
        "shared_buffers": shared_buffers,
        "work_mem": work_mem,
        "settings_module": os.environ.get("DJANGO_SETTINGS_MODULE", ""),
        "debug": settings.DEBUG,
    }


def dataset(ctx: BenchContext) -> dict:
    """Exact row counts of the whole database and of the benchmark's tenant."""
    tables, tenant = {}, {}
    with connection.cursor() as cursor:
        for table in DATASET_TABLES:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            tables[table] = cursor.fetchone()[0]
        for table in TENANT_TABLES:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE organization_id = %s', [ctx.organization.pk]
            )
            tenant[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM users WHERE organization_id = %s", [ctx.organization.pk]
        )
        tenant["users"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM organizations WHERE organization_type = 'internal'")
        tenants = cursor.fetchone()[0]
    return {
        "tenants": tenants,
        "tables": tables,
        "benchmark_tenant": {
            "name": ctx.organization.name,
            "slug": ctx.organization.slug,
            "rows": tenant,
        },
        "benchmark_user": {"email": ctx.user.email, "role": ctx.user.role},
    }
