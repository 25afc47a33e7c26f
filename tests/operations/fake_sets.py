"""Backup sets written by hand, for the rules that only read the directory (retention, health)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from apps.operations.backup_sets import FILE_NAMES, MANIFEST_FORMAT, BackupSet, sha256_of


def write_fake_set(directory: Path, finished_at: datetime.datetime, *, manifest: bool = True):
    """A set finished at `finished_at` with small files and a true manifest (or, without
    `manifest`, an unfinished one)."""
    directory.mkdir(parents=True, exist_ok=True)
    backup_set = BackupSet.for_time(directory, finished_at)
    files = {}
    for kind in FILE_NAMES:
        path = backup_set.path(kind)
        path.write_bytes(f"{kind} of {backup_set.stamp}".encode())
        files[path.name] = {"kind": kind, "bytes": path.stat().st_size, "sha256": sha256_of(path)}
    if manifest:
        backup_set.manifest_path.write_text(
            json.dumps(
                {"format": MANIFEST_FORMAT, "stamp": backup_set.stamp, "files": files,
                 "finished_at": finished_at.isoformat(), "tables": {}}
            )
        )  # fmt: skip
    return backup_set
