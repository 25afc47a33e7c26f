"""Real Celery workers for tests: a `celery -A factorypulse worker` process consuming from the test
run's Redis and writing to pytest-django's test database, as a deployed worker does.

Tests that use one are `django_db(transaction=True)`: the worker is another process and sees only
committed rows. The worker's mail goes to files in `mail_dir`, which the test reads.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from factorypulse.celery import app as celery_app

START_TIMEOUT = 60  # seconds; a Django worker starts in a few, on a loaded machine in more
EFFECT_TIMEOUT = 60
_numbers = itertools.count(1)


def worker_database_url() -> str:
    """The URL of the database pytest-django created for this run (not DATABASE_URL's)."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def purge_queues() -> None:
    """Forget messages left by earlier tests (tasks queued after commit in pages' tests) and by
    killed workers, so a new worker starts on this test's work only."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")


def worker_backup_dir(mail_dir: Path) -> Path:
    """Where the worker's backups go: beside its mail, never the developer's `.data/`."""
    return mail_dir.parent / f"{mail_dir.name}-backups"


class Worker:
    """One worker process, in its own process group so that a kill reaches all of it."""

    def __init__(self, mail_dir: Path, *, pool: str = "solo", env: dict[str, str] | None = None):
        """`solo` runs tasks in the worker process (quick to start); `prefork`, as deployed,
        in a child process, which matters to when a message is acknowledged. `env` adds to (or
        overrides) the worker's environment."""
        self.hostname = f"test-worker-{os.getpid()}-{next(_numbers)}@localhost"
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "factorypulse", "worker"),
                *("--pool", pool, "--concurrency", "1", "--loglevel", "WARNING"),
                *("--without-gossip", "--without-mingle", "--hostname", self.hostname),
            ],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "factorypulse.settings.test",
                "DATABASE_URL": worker_database_url(),
                "REDIS_URL": settings.REDIS_URL,
                "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
                "TEST_MAIL_DIR": str(mail_dir),
                "BACKUP_DIR": str(worker_backup_dir(mail_dir)),
                **(env or {}),
            },
            start_new_session=True,
        )
        self._wait_until_it_answers()

    def _wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not celery_app.control.ping(timeout=0.5, destination=[self.hostname]):
            if self.process.poll() is not None:
                raise AssertionError(f"the Celery worker exited ({self.process.returncode})")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"the Celery worker did not answer within {START_TIMEOUT} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, as when the machine dies."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def eventually(condition: Callable[[], object], what: str, timeout: float = EFFECT_TIMEOUT):
    """Poll `condition` until it returns something true; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.2)


def sent_mail(mail_dir: Path) -> list[str]:
    """The messages the worker wrote, one string each (the file backend writes one file per
    connection, messages separated by a line of dashes)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        messages += [m for m in path.read_text().split("-" * 79 + "\n") if m.strip()]
    return messages
