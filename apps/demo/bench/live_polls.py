"""The cost of open pages following the change feed: N simulated pages polling every T seconds
against a running gunicorn, measuring the CPU seconds its workers and their PostgreSQL backends
spend (docs/performance.md, "Live pages").

Runs as its own process (no Django), so its own CPU is not counted:

    python apps/demo/bench/live_polls.py --base http://127.0.0.1:8123 --sessions sessions.json \
        --gunicorn-pid 1234 --database fp_load_copy --pages 200 --interval 10 --duration 120

`sessions.json`: `[{"cookie": "<sessionid>", "projects": ["<uuid>", ...]}, ...]`, one entry per
signed-in person (see the docs for the one-liner that makes it). Each person keeps ten pages
open: four project pages, two boards, two project lists, the approvals queue and "my work".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import threading
import time
from collections import Counter

import psutil
import psycopg
import requests

ETAG = re.compile(r'data-live-etag="([^"]*)"')
POLL_HEADERS = {"HX-Request": "true", "X-Live-Poll": "1"}


def pages_of(person: dict) -> list[tuple[str, str]]:
    """(page to open, URL it polls) for one person's ten open pages."""
    pages = [(f"/projects/{pk}/", f"/projects/{pk}/live/") for pk in person["projects"][:4]]
    pages += [("/projects/board/", "/projects/board/")] * 2
    pages += [("/projects/", "/projects/")] * 2
    pages += [
        ("/approvals/", "/approvals/"),
        ("/dashboard/panels/my-work/", "/dashboard/panels/my-work/"),
    ]
    return pages


def html_unescape(value: str) -> str:
    return value.replace("&quot;", '"').replace("&amp;", "&")


class Person(threading.Thread):
    """One signed-in person's open pages, polled in turn so their polls spread evenly."""

    def __init__(self, base, person, interval, start_at, stop_at, results):
        super().__init__(daemon=True)
        self.base = base
        self.session = requests.Session()
        self.session.cookies.set("sessionid", person["cookie"])
        self.pages = pages_of(person)
        self.interval = interval
        self.start_at = start_at
        self.stop_at = stop_at
        self.results = results
        self.etags: list[str] = []

    def open_pages(self) -> None:
        for page, _poll in self.pages:
            response = self.session.get(self.base + page, timeout=60)
            found = ETAG.search(response.text)
            if response.status_code != 200 or not found:
                raise SystemExit(f"{page}: {response.status_code}, no poll element")
            self.etags.append(html_unescape(found.group(1)))

    def run(self) -> None:
        step = self.interval / len(self.pages)
        tick = self.start_at
        index = 0
        while True:
            tick += step
            pause = tick - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            if time.monotonic() >= self.stop_at:
                return
            _page, url = self.pages[index]
            headers = {**POLL_HEADERS, "If-None-Match": self.etags[index]}
            began = time.monotonic()
            response = self.session.get(self.base + url, headers=headers, timeout=30)
            self.results.append((response.status_code, time.monotonic() - began))
            if response.status_code == 200:
                self.etags[index] = response.headers.get("ETag", self.etags[index])
            index = (index + 1) % len(self.pages)


class Backends(threading.Thread):
    """The PostgreSQL backends of the database, sampled twice a second: a worker renews its
    connection (CONN_MAX_AGE), so backends come and go during the run. A backend born during
    the run counts from zero; one that ends counts up to its last sample."""

    def __init__(self, database: str, dsn: str):
        super().__init__(daemon=True)
        self.database = database
        self.connection = psycopg.connect(dsn, autocommit=True)
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.started = time.time()
        self.running = True
        self.sample()

    def sample(self) -> None:
        pids = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [self.database],
        ).fetchall()
        for (pid,) in pids:
            try:
                process = psutil.Process(pid)
                times = process.cpu_times()
                born = process.create_time()
            except psutil.NoSuchProcess:
                continue
            seconds = times.user + times.system
            if pid not in self.first:
                self.first[pid] = 0.0 if born > self.started else seconds
            self.last[pid] = seconds

    def run(self) -> None:
        while self.running:
            time.sleep(0.5)
            self.sample()

    def stop(self) -> float:
        self.running = False
        self.join()
        self.sample()
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def gunicorn_processes(gunicorn_pid: int) -> list[psutil.Process]:
    master = psutil.Process(gunicorn_pid)
    return [master, *master.children()]


def cpu_seconds(processes: list[psutil.Process]) -> dict[int, float]:
    seconds = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        seconds[process.pid] = times.user + times.system
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--gunicorn-pid", type=int, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--dsn", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--duration", type=float, default=120.0)
    options = parser.parse_args()

    with open(options.sessions) as handle:
        people = json.load(handle)[: max(1, options.pages // 10)]
    results: list[tuple[int, float]] = []
    start_at = time.monotonic() + 2
    stop_at = start_at + options.duration
    threads = [
        Person(options.base, person, options.interval, start_at, stop_at, results)
        for person in people
    ]
    for thread in threads:
        thread.open_pages()  # the page loads themselves are not what is measured
    # Spread the people over the first interval, as pages opened at different moments would be.
    for number, thread in enumerate(threads):
        thread.start_at = time.monotonic() + 1 + number * options.interval / len(threads)
        thread.stop_at = thread.start_at + options.duration
    processes = gunicorn_processes(options.gunicorn_pid)
    before = cpu_seconds(processes)
    backends = Backends(options.database, options.dsn)
    backends.start()
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    after = cpu_seconds(processes)
    used_by = {
        "gunicorn": sum(after[pid] - before[pid] for pid in after if pid in before),
        "postgresql": backends.stop(),
    }
    used = sum(used_by.values())
    statuses = Counter(status for status, _ in results)
    latencies = sorted(latency for _, latency in results)
    report = {
        "open_pages": len(threads) * 10,
        "interval_s": options.interval,
        "elapsed_s": round(elapsed, 1),
        "requests": len(results),
        "requests_per_s": round(len(results) / elapsed, 1),
        "statuses": dict(statuses),
        "latency_ms_p50": round(statistics.median(latencies) * 1000, 1),
        "latency_ms_p95": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "server_cpu_s": round(used, 2),
        "server_cpu_s_by_group": {name: round(value, 2) for name, value in used_by.items()},
        "cpu_ms_per_request": round(1000 * used / len(results), 2),
        "share_of_one_core_pct": round(100 * used / elapsed, 2),
        # The same CPU per request at exactly pages / interval requests a second.
        "share_of_one_core_at_full_rate_pct": round(
            100 * used / len(results) * len(threads) * 10 / options.interval, 2
        ),
        "processes_measured": len(before) + len(backends.last),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
