"""`/metrics` under gunicorn with two worker processes and a Celery worker, as deployed: every
scrape, whichever worker answers it, sums the requests of both workers and the worker's tasks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from prometheus_client.parser import text_string_to_metric_families

from apps.core.metrics import process_identifier
from apps.core.tasks import record_heartbeat
from tests.workers import eventually, worker_database_url

TOKEN = "gunicorn-scrape-token-77a1"
REQUESTS = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": "localhost"})  # noqa: S310
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def samples(url: str) -> dict[tuple[str, tuple], float]:
    status, body = get(url, TOKEN)
    assert status == 200, body[:500]
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


def login_page_count(url: str) -> float:
    labels = (("method", "GET"), ("status", "200"), ("view", "login"))
    return samples(url).get(("factorypulse_http_requests_total", labels), 0.0)


@pytest.fixture
def metrics_dir(tmp_path):
    return tmp_path / "prometheus"


@pytest.fixture
def gunicorn(transactional_db, metrics_dir):
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "-c", "factorypulse/gunicorn.conf.py"),
            *("--workers", "2", "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"),
            "factorypulse.wsgi:application",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factorypulse.settings.test",
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
            "METRICS_TOKEN": TOKEN,
        },
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        assert process.poll() is None, "gunicorn exited"
        try:
            return get(f"{base}/accounts/login/")[0] == 200
        except OSError:
            return False

    try:
        eventually(answers, "gunicorn answers", timeout=90)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def worker_pids(metrics_dir) -> set[str]:
    """The processes that wrote counters (files `counter_<host>-<pid>.db`)."""
    return {path.stem.removeprefix("counter_") for path in metrics_dir.glob("counter_*.db")}


def test_metrics_sum_both_gunicorn_workers_and_a_celery_worker(gunicorn, metrics_dir, start_worker):
    metrics = f"{gunicorn}/metrics"
    assert get(metrics)[0] == 401
    assert get(metrics, "wrong")[0] == 403
    before = login_page_count(metrics)

    # Concurrent requests: a sync worker answers one at a time, so both take their share.
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _: get(f"{gunicorn}/accounts/login/")[0], range(REQUESTS)))

    assert statuses == [200] * REQUESTS
    assert len(worker_pids(metrics_dir)) >= 2
    # Each scrape may be answered by either worker: all of them see the same sum.
    for _ in range(6):
        assert login_page_count(metrics) == before + REQUESTS

    start_worker(env={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)})
    record_heartbeat.delay()
    task = (
        ("factorypulse_celery_tasks_total",
         (("outcome", "succeeded"), ("task", "apps.core.tasks.record_heartbeat"))),
    )  # fmt: skip
    eventually(lambda: samples(metrics).get(task[0], 0) >= 1, "the worker's task in /metrics")
    assert (
        "factorypulse_celery_task_duration_seconds_count",
        (("task", "apps.core.tasks.record_heartbeat"),),
    ) in samples(metrics)


def test_a_killed_gunicorn_worker_keeps_its_counts_and_loses_its_live_gauge(gunicorn, metrics_dir):
    metrics = f"{gunicorn}/metrics"
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _: get(f"{gunicorn}/accounts/login/"), range(20)))
    counted = login_page_count(metrics)
    live = sorted(metrics_dir.glob("gauge_livesum_*.db"))
    assert live
    victim = int(live[0].stem.rsplit("-", 1)[1])

    os.kill(victim, signal.SIGKILL)

    gauge_file = metrics_dir / f"gauge_livesum_{process_identifier(victim)}.db"
    eventually(lambda: not gauge_file.exists(), "child_exit removed the dead worker's gauge")
    eventually(lambda: get(f"{gunicorn}/accounts/login/")[0] == 200, "a replacement answers")
    assert login_page_count(metrics) >= counted + 1
