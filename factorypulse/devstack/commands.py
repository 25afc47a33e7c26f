"""The commands of `python -m factorypulse.devstack run|test|smoke|services` (see the README)."""

from __future__ import annotations

import argparse
import contextlib
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from factorypulse.catalogs import compile_catalogs
from factorypulse.devstack.servers import BASE_DIR, DATA_DIR, StackError, say, services


def manage(env: dict[str, str], *args: str, check: bool = True) -> int:
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, check=check
    ).returncode


def metrics_environment(env: dict[str, str]) -> None:
    """/metrics for the web process, the worker and beat together: one prometheus-client
    directory (emptied: the previous run's processes are gone) and a bearer token, kept in
    .data/metrics-token so that a scraper configured once keeps working."""
    directory = Path(env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(DATA_DIR / "prometheus")))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    if not env.get("METRICS_TOKEN"):
        token_file = DATA_DIR / "metrics-token"
        if not token_file.exists():
            token_file.write_text(secrets.token_urlsafe(24))
            token_file.chmod(0o600)
        env["METRICS_TOKEN"] = token_file.read_text().strip()


def command_run(args: argparse.Namespace) -> int:
    compile_catalogs()  # the .mo files are built here, not committed (factorypulse/catalogs.py)
    with services() as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "factorypulse.settings.local")
        metrics_environment(env)
        manage(env, "migrate", "--noinput")
        manage(env, "first_run")
        children = [
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{args.port}"],
                cwd=BASE_DIR,
                env=env,
            ),
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "factorypulse",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "2",
                ],
                cwd=BASE_DIR,
                env=env,
            ),
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "factorypulse",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(DATA_DIR / "celerybeat-schedule"),
                ],
                cwd=BASE_DIR,
                env=env,
            ),
        ]
        say(f"Factory Pulse is at http://127.0.0.1:{args.port}/ (Ctrl-C stops everything)")
        say(
            f"Prometheus metrics: curl -H 'Authorization: Bearer {env['METRICS_TOKEN']}' "
            f"http://127.0.0.1:{args.port}/metrics"
        )
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            say("a process exited; stopping the rest")
        except KeyboardInterrupt:
            say("stopping")
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(15)
                except subprocess.TimeoutExpired:
                    child.kill()
    return 0


def command_test(args: argparse.Namespace) -> int:
    compile_catalogs()
    with services() as env:
        env["DJANGO_SETTINGS_MODULE"] = "factorypulse.settings.test"
        return subprocess.run(
            [sys.executable, "-m", "pytest", *args.pytest_args], cwd=BASE_DIR, env=env
        ).returncode


def command_smoke(args: argparse.Namespace) -> int:
    """Start the embedded services regardless of the environment, migrate, and check health."""
    with services(force_embedded=True) as env:
        env["DJANGO_SETTINGS_MODULE"] = "factorypulse.settings.test"
        manage(env, "migrate", "--noinput")
        return manage(env, "smoke_check", check=False)


def command_services(args: argparse.Namespace) -> int:
    with services() as env:
        print(f"export DATABASE_URL={env['DATABASE_URL']}")
        print(f"export REDIS_URL={env['REDIS_URL']}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factorypulse.devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help="migrate, load first data, serve with a Celery worker and beat"
    )
    run.add_argument("--port", type=int, default=8000)
    run.set_defaults(handler=command_run)
    test = sub.add_parser("test", help="run the test suite (extra arguments go to pytest)")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test.set_defaults(handler=command_test)
    sub.add_parser("smoke", help="prove the embedded services work").set_defaults(
        handler=command_smoke
    )
    sub.add_parser("services", help="only start the services and print their URLs").set_defaults(
        handler=command_services
    )
    args = parser.parse_args(argv)
    # SIGTERM (CI, process managers) takes the same clean path as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        return args.handler(args)
    except StackError as exc:
        print(f"[factorypulse] error: {exc}", file=sys.stderr)
        return 2
