"""What the numbers were measured on: the machine, the server and the dataset."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess

import django
from django.conf import settings
from django.db import connection

from apps.demo.bench.context import BenchContext
from apps.demo.loadgen.tables import LOADED_TABLES

DATASET_TABLES = (*LOADED_TABLES, "workflow_stages", "workflow_sub_stages")
TENANT_TABLES = (
    "projects",
    "project_sub_stage_progress",
    "approvals",
    "notifications",
    "activity_log",
)


def code_version() -> str:
    """The commit measured (with "+changes" when the work tree differs), or "" outside git."""
    git = shutil.which("git")
    if git is None:
        return ""
    try:
        commit = subprocess.run(  # noqa: S603 - fixed arguments, no input
            [git, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=settings.BASE_DIR,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603 - fixed arguments, no input
            [git, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=settings.BASE_DIR,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return f"{commit}+changes" if dirty else commit


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
        "code": code_version(),
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
