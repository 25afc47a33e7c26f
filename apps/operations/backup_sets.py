"""Backup sets on disk: their names, their manifest, their checksums, and retention.

A set is the files of one backup, named as the seed's backup script names them, with one UTC
timestamp (`YYYYMMDD_HHMMSS`):

    factory_pulse_schema_backup_20250901_093043.sql     schema only (plain SQL, for reading)
    factory_pulse_data_backup_20250901_093043.sql       data only (plain SQL, triggers disabled)
    factory_pulse_complete_backup_20250901_093043.dump  everything (pg_dump custom format)
    factory_pulse_backup_manifest_20250901_093043.json  what the set holds and its checksums

Files are written under a `.partial` name and renamed when whole; the manifest is written last,
so a set without a manifest never finished and is never used (retention removes it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from apps.operations.pg_tools import OperationsError

MANIFEST_FORMAT = "factorypulse-backup/1"
STAMP_FORMAT = "%Y%m%d_%H%M%S"
PARTIAL_SUFFIX = ".partial"
FILE_NAMES = {
    "schema": "factory_pulse_schema_backup_{stamp}.sql",
    "data": "factory_pulse_data_backup_{stamp}.sql",
    "complete": "factory_pulse_complete_backup_{stamp}.dump",
}
MANIFEST_NAME = "factory_pulse_backup_manifest_{stamp}.json"
SET_FILE = re.compile(
    r"^factory_pulse_(?:schema_backup|data_backup|complete_backup|backup_manifest)"
    r"_(?P<stamp>\d{8}_\d{6})\.(?:sql|dump|json)(?:\.partial)?$"
)


@dataclass(frozen=True)
class BackupSet:
    directory: Path
    stamp: str

    @classmethod
    def for_time(cls, directory: Path, moment: datetime) -> BackupSet:
        return cls(directory, moment.strftime(STAMP_FORMAT))

    def path(self, kind: str) -> Path:
        return self.directory / FILE_NAMES[kind].format(stamp=self.stamp)

    @property
    def manifest_path(self) -> Path:
        return self.directory / MANIFEST_NAME.format(stamp=self.stamp)

    @property
    def is_complete(self) -> bool:
        return self.manifest_path.is_file()

    def files_on_disk(self) -> list[Path]:
        return [
            path
            for path in self.directory.iterdir()
            if (match := SET_FILE.match(path.name)) and match["stamp"] == self.stamp
        ]


def backup_sets(directory: Path) -> list[BackupSet]:
    """Every set in `directory` (complete or not), newest first."""
    if not directory.is_dir():
        return []
    matches = (SET_FILE.match(path.name) for path in directory.iterdir())
    stamps = {match["stamp"] for match in matches if match}
    return [BackupSet(directory, stamp) for stamp in sorted(stamps, reverse=True)]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def write_json_atomically(path: Path, content: dict[str, Any]) -> None:
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    partial.write_text(json.dumps(content, indent=2, sort_keys=True) + "\n")
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.rename(path)


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise OperationsError(f"No backup manifest at {path}.") from exc
    except (OSError, ValueError) as exc:
        raise OperationsError(f"The backup manifest {path} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise OperationsError(f"{path} is not a Factory Pulse backup manifest.")
    return manifest


def manifest_finished_at(manifest: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(manifest["finished_at"])


def file_problems(manifest_path: Path, manifest: dict[str, Any], *, checksums: bool) -> list[str]:
    """What is wrong with the set's files: missing, another size or (with `checksums`) another
    SHA-256 than the manifest records. Empty when the set is intact."""
    problems = []
    for name, recorded in sorted(manifest["files"].items()):
        path = manifest_path.parent / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != recorded["bytes"]:
            size = path.stat().st_size
            problems.append(f"{name} is {size} bytes, the manifest says {recorded['bytes']}")
        elif checksums and sha256_of(path) != recorded["sha256"]:
            problems.append(f"{name} does not match its SHA-256 checksum (corrupted)")
    return problems


def newest_intact_set(directory: Path) -> tuple[BackupSet, dict[str, Any]] | None:
    """The newest set whose manifest reads and whose files are all there at their recorded size
    (cheap enough for every health check; restore compares the full checksums)."""
    for backup_set in backup_sets(directory):
        if not backup_set.is_complete:
            continue
        try:
            manifest = read_manifest(backup_set.manifest_path)
        except OperationsError:
            continue
        if not file_problems(backup_set.manifest_path, manifest, checksums=False):
            return backup_set, manifest
    return None


def retention_prune(directory: Path, keep: int) -> list[BackupSet]:
    """Keep the newest `keep` complete sets; delete every other set, including unfinished ones.
    Files that are not named like a set are never touched."""
    if keep < 1:
        raise OperationsError("Keep at least one backup set (--keep 1 or more).")
    kept = 0
    removed = []
    for backup_set in backup_sets(directory):
        if backup_set.is_complete and kept < keep:
            kept += 1
            continue
        for path in backup_set.files_on_disk():
            path.unlink(missing_ok=True)
        removed.append(backup_set)
    return removed
