"""The PostgreSQL client programs and connections that backups and restores use.

`pg_dump` and `pg_restore` must be of the server's major version: an older pg_dump refuses a newer
server, and a newer one writes archives an older pg_restore cannot read. The candidates, in order:
the embedded server's own binaries (the `pgserver` wheel, `factorypulse.devstack`), the programs
on PATH, then the usual per-version directories of Debian/Ubuntu and Homebrew.

Passwords never reach a command line (other local users can read those): the programs get a
conninfo string without it and the password through PGPASSWORD.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from factorypulse.devstack.servers import StackError, postgres_bin_dir

# libpq parameters a Django OPTIONS dict may carry (others, like `pool`, are Django's own).
LIBPQ_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslcrl",
    "target_session_attrs",
    "application_name",
    "options",
    "passfile",
    "service",
)


class OperationsError(RuntimeError):
    """A backup, restore or tenant move that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """Where to connect: libpq parameters (password included, never printed)."""

    params: dict[str, Any]

    @classmethod
    def from_settings(cls, alias: str = DEFAULT_DB_ALIAS) -> Database:
        settings_dict = connections[alias].settings_dict
        params = {
            "dbname": settings_dict["NAME"],
            "user": settings_dict.get("USER") or None,
            "password": settings_dict.get("PASSWORD") or None,
            "host": settings_dict.get("HOST") or None,
            "port": str(settings_dict["PORT"]) if settings_dict.get("PORT") else None,
        }
        options = settings_dict.get("OPTIONS", {})
        params.update({key: options[key] for key in LIBPQ_OPTIONS if key in options})
        return cls({key: value for key, value in params.items() if value is not None})

    @classmethod
    def from_url(cls, url: str) -> Database:
        try:
            return cls(conninfo_to_dict(url))
        except psycopg.ProgrammingError as exc:
            raise OperationsError(f"Not a PostgreSQL URL or conninfo: {exc}") from exc

    @property
    def name(self) -> str:
        return self.params.get("dbname", "")

    def describe(self) -> str:
        host = self.params.get("host", "local socket")
        port = self.params.get("port", "5432")
        return f"{self.name} on {host}:{port}"

    def connect(self, **kwargs: Any) -> psycopg.Connection:
        try:
            return psycopg.connect(**{"connect_timeout": 10, **self.params, **kwargs})
        except psycopg.OperationalError as exc:
            raise OperationsError(f"Cannot connect to {self.describe()}: {exc}") from exc

    def conninfo_without_password(self) -> str:
        return make_conninfo(**{k: v for k, v in self.params.items() if k != "password"})

    def url(self) -> str:
        """A postgres:// URL for DATABASE_URL of a child process (django-environ reads URLs)."""
        user = quote(self.params.get("user", ""), safe="")
        password = self.params.get("password")
        credentials = f"{user}:{quote(password, safe='')}@" if password else f"{user}@"
        host = self.params.get("host", "")
        port = f":{self.params['port']}" if self.params.get("port") else ""
        return f"postgres://{credentials if user else ''}{host}{port}/{quote(self.name)}"

    def program_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.params.get("password"):
            env["PGPASSWORD"] = self.params["password"]
        return env

    def server_version(self) -> tuple[int, str]:
        """(major version, full version string) of the server."""
        with self.connect(autocommit=True) as conn:
            number, text = conn.execute(
                "SELECT current_setting('server_version_num')::int, version()"
            ).fetchone()
        return number // 10000, text


@dataclass(frozen=True)
class PostgresTools:
    major: int
    bin_dir: Path
    version: str  # as `pg_dump --version` prints it

    @property
    def pg_dump(self) -> str:
        return str(self.bin_dir / "pg_dump")

    @property
    def pg_restore(self) -> str:
        return str(self.bin_dir / "pg_restore")

    @property
    def psql(self) -> str:
        return str(self.bin_dir / "psql")


def _candidate_dirs(major: int) -> list[Path]:
    candidates = []
    with contextlib.suppress(StackError):
        candidates.append(postgres_bin_dir())
    on_path = shutil.which("pg_dump")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates += [
        Path(f"/usr/lib/postgresql/{major}/bin"),
        Path(f"/opt/homebrew/opt/postgresql@{major}/bin"),
        Path(f"/usr/local/opt/postgresql@{major}/bin"),
    ]
    return list(dict.fromkeys(candidates))


def _client_version(bin_dir: Path) -> tuple[int, str] | None:
    if not all((bin_dir / program).is_file() for program in ("pg_dump", "pg_restore", "psql")):
        return None
    result = subprocess.run(
        [str(bin_dir / "pg_dump"), "--version"], capture_output=True, text=True, check=False
    )
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return (int(match.group(1)), result.stdout.strip()) if match else None


def postgres_tools(major: int, candidates: list[Path] | None = None) -> PostgresTools:
    """pg_dump and pg_restore of PostgreSQL `major`, or an error naming what to install."""
    seen = []
    for bin_dir in candidates if candidates is not None else _candidate_dirs(major):
        found = _client_version(bin_dir)
        if found is None:
            continue
        if found[0] == major:
            return PostgresTools(major=major, bin_dir=bin_dir, version=found[1])
        seen.append(f"{found[1]} in {bin_dir}")
    found_text = f" Found only: {'; '.join(seen)}." if seen else ""
    raise OperationsError(
        f"No pg_dump/pg_restore/psql of PostgreSQL {major} (the server's version).{found_text} "
        f"Install the PostgreSQL {major} client programs: `apt-get install "
        f"postgresql-client-{major}` on Debian/Ubuntu (from apt.postgresql.org if your release "
        f"lacks it), `brew install postgresql@{major}` on macOS."
    )


def run_program(
    args: list[str], *, env: dict[str, str], on_line: Callable[[str], None] | None = None
) -> None:
    """Run a client program, handing each line it writes to stderr (its --verbose progress) to
    `on_line`; a non-zero exit raises with the program's last lines."""
    last_lines: deque[str] = deque(maxlen=15)
    with subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stderr is not None
        for raw in process.stderr:
            line = raw.rstrip()
            last_lines.append(line)
            if on_line is not None:
                on_line(line)
    if process.returncode != 0:
        tail = "\n".join(line for line in last_lines if line)
        program = Path(args[0]).name
        raise OperationsError(f"{program} failed (exit code {process.returncode}):\n{tail}")
