"""The backups' part of `/health/`: the age of the newest good backup set in BACKUP_DIR.

Unhealthy (503) when that set is older than BACKUP_MAX_AGE_HOURS: the nightly job has stopped
(beat, a worker, pg_dump or the disk). "No backup yet" is reported but stays healthy unless
BACKUP_REQUIRED is set: a fresh install (`make run`, a new deployment whose load balancer polls
`/health/`) must be healthy before its first night, and an operator who relies on the check sets
BACKUP_REQUIRED=true once backups are in place, after which losing every set is an alarm.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from apps.core.health import CheckResult
from apps.operations.backup_sets import manifest_finished_at, newest_intact_set

NO_BACKUP_YET = "no backup yet"


def check_backup_age() -> CheckResult:
    directory = Path(settings.BACKUP_DIR)
    newest = newest_intact_set(directory)
    if newest is None:
        if settings.BACKUP_REQUIRED:
            return {"ok": False, "error": f"{NO_BACKUP_YET} in {directory} (BACKUP_REQUIRED)"}
        return {"ok": True, "note": NO_BACKUP_YET}
    backup_set, manifest = newest
    finished = manifest_finished_at(manifest)
    age_hours = max(0.0, (timezone.now() - finished).total_seconds() / 3600)
    limit = settings.BACKUP_MAX_AGE_HOURS
    result = {
        "ok": age_hours <= limit,
        "last_backup": backup_set.stamp,
        "finished_at": finished.isoformat(),
        "age_hours": round(age_hours, 1),
    }
    if not result["ok"]:
        result["error"] = f"the newest backup is {age_hours:.0f} h old (limit {limit} h)"
    return result
