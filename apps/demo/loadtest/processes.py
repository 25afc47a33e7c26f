"""The processes of a load test: gunicorn (with the project's gunicorn.conf.py), locust, and a
sampler of the CPU they and PostgreSQL use."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psutil
from django.conf import settings
from django.db import connection
from django.urls import reverse

GUNICORN_CONF = Path(settings.BASE_DIR) / "factorypulse" / "gunicorn.conf.py"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
READY_SECONDS = 60
PRODUCTION_SETTINGS = "factorypulse.settings.production"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class ServerOptions:
    workers: int
    worker_class: str  # "sync" or "gthread"
    threads: int
    settings_module: str


def database_url() -> str:
    """DATABASE_URL naming the database this process uses (under pytest, the test database)."""
    database = connection.settings_dict
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(database['NAME'], safe='')}"


def server_environment(options: ServerOptions, port: int) -> dict[str, str]:
    """Production settings, as the Dockerfile runs them, on plain HTTP on the loopback: the
    load tool is the TLS proxy's place, so the HTTPS redirect and secure-only cookies are off
    (everything else, DEBUG off included, is production's)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE=options.settings_module,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
        DJANGO_SECURE_COOKIES="false",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        EMAIL_URL=env.get("EMAIL_URL") or "smtp://127.0.0.1:25",
        SITE_URL=env.get("SITE_URL") or f"http://127.0.0.1:{port}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(options.workers),
    )
    return env


def collect_static(options: ServerOptions, port: int, log_path: Path) -> Path:
    """Production serves hashed static names from a manifest (the Dockerfile collects them at
    build time). Collecting and compressing takes a minute of CPU, so the collected files in
    STATIC_ROOT (`staticfiles/`, not in git) are reused while they are newer than every source."""
    static_root = Path(settings.STATIC_ROOT)
    if options.settings_module != PRODUCTION_SETTINGS:
        return static_root  # the other settings serve static files without a manifest
    manifest = static_root / "staticfiles.json"
    sources = [path for folder in settings.STATICFILES_DIRS for path in Path(folder).rglob("*")]
    newest = max((path.stat().st_mtime for path in sources if path.is_file()), default=0)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return static_root
    env = dict(server_environment(options, port), DJANGO_STATIC_ROOT=str(static_root))
    with log_path.open("w") as log:
        done = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"collectstatic failed; see {log_path}")
    return static_root


def start_gunicorn(options: ServerOptions, port: int, log_path: Path) -> subprocess.Popen:
    static_root = collect_static(options, port, log_path.with_name("collectstatic.log"))
    command = [
        sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF),
        "--worker-class", options.worker_class, "--threads", str(options.threads),
        "--access-logfile", str(log_path.with_suffix(".access.log")),
        "factorypulse.wsgi:application",
    ]  # fmt: skip
    log = log_path.open("w")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command,
        cwd=settings.BASE_DIR,
        env=dict(server_environment(options, port), DJANGO_STATIC_ROOT=str(static_root)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    ready_url = f"http://127.0.0.1:{port}{reverse('login')}"
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log_path}")
        try:
            # Not /health/: it also asks for a Celery worker and beat, which a load test needs not.
            with urllib.request.urlopen(ready_url, timeout=2) as answer:
                if answer.status == 200 and _workers_up(server, options.workers):
                    return server
        except OSError:
            pass
        time.sleep(0.3)
    stop(server)
    raise RuntimeError(
        f"gunicorn did not answer its sign-in page within {READY_SECONDS} s; see {log_path}"
    )


def _workers_up(server: subprocess.Popen, workers: int) -> bool:
    return len(psutil.Process(server.pid).children()) >= workers


def start_locust(plan_path: Path, results_path: Path, user_class: str, log_path: Path):
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "--only-summary", "--loglevel", "WARNING", user_class,
    ]  # fmt: skip
    env = dict(os.environ, LOADTEST_PLAN=str(plan_path), LOADTEST_RESULTS=str(results_path))
    # Locust must not inherit Django's settings module: it never imports Django.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Sample:
    at: float
    cpu: dict[str, float]  # CPU seconds so far, per group
    load_average: float


@dataclass
class CpuSampler:
    """Once a second: the CPU seconds used so far by gunicorn (master and workers), locust, the
    PostgreSQL backends serving this database, all other PostgreSQL processes, and the 1-minute
    load average. A step's CPU % is the difference over its window (100 % = one core)."""

    gunicorn_pid: int
    locust_pid: int
    database: str
    samples: list[Sample] = field(default_factory=list)
    interval: float = 1.0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        # A process that ended keeps what it used: remembered so totals never go backwards.
        self._seen: dict[int, tuple[str, float]] = {}

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self.sample())
            self._stop.wait(self.interval)

    def sample(self) -> Sample:
        for group, process in self._processes():
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            self._seen[process.pid] = (group, times.user + times.system)
        totals: dict[str, float] = {"gunicorn": 0.0, "locust": 0.0, "postgres_db": 0.0,
                                    "postgres_other": 0.0}  # fmt: skip
        for group, seconds in self._seen.values():
            totals[group] += seconds
        return Sample(time.time(), totals, os.getloadavg()[0])

    def _processes(self):
        for root, group in ((self.gunicorn_pid, "gunicorn"), (self.locust_pid, "locust")):
            try:
                parent = psutil.Process(root)
                yield group, parent
                for child in parent.children(recursive=True):
                    yield group, child
            except psutil.Error:
                continue
        for process in psutil.process_iter(["name", "cmdline"]):
            if process.info["name"] not in ("postgres", "postmaster"):
                continue
            title = " ".join(process.info["cmdline"] or ())
            yield (
                ("postgres_db" if f" {self.database} " in f"{title} " else "postgres_other"),
                process,
            )

    def window(self, started: float, ended: float) -> dict:
        """CPU % of each group and the load average (min/max) between two instants."""
        inside = [sample for sample in self.samples if started <= sample.at <= ended]
        if len(inside) < 2:
            return {}
        first, last = inside[0], inside[-1]
        elapsed = last.at - first.at
        cpu = {
            group: round(100 * (last.cpu[group] - first.cpu[group]) / elapsed, 1)
            for group in first.cpu
        }
        loads = [sample.load_average for sample in inside]
        return {"cpu_percent": cpu, "load_average": [round(min(loads), 2), round(max(loads), 2)]}
