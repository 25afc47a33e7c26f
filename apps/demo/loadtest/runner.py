"""One load test: plan from the database, gunicorn up, locust through the steps with the CPU
sampled, then the report."""

from __future__ import annotations

import json
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

from apps.demo.bench.environment import code_version
from apps.demo.loadtest import processes
from apps.demo.loadtest.plan import Scenario, build_plan, change_counts, tenant_by_slug
from apps.demo.loadtest.report import knee, summarize_step, target_verdict

USER_CLASSES = {"staff": "StaffUser", "polling": "PollingUser", "live": "LivePageUser"}


def run_load_test(
    scenario: Scenario,
    server: processes.ServerOptions,
    *,
    tenant_slug: str = "",
    arguments: str = "",
    say=print,
) -> dict:
    organization = tenant_by_slug(tenant_slug)
    port = processes.free_port()
    plan = build_plan(organization, scenario, f"http://127.0.0.1:{port}")
    if not plan["users"] or not plan["projects"]:
        raise ValueError(f"{organization.slug} has no active staff or no running projects.")
    before = change_counts(organization.pk)
    workdir = Path(tempfile.mkdtemp(prefix="fp-loadtest-"))
    plan_path, results_path = workdir / "plan.json", workdir / "results.json"
    plan_path.write_text(json.dumps(plan))
    environment = {
        "code": code_version(),
        "cpu_cores": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in os.getloadavg()],
        "database": connection.settings_dict["NAME"],
        "settings_module": server.settings_module,
    }
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    say(f"gunicorn: {server.workers} x {server.worker_class} on port {port} (logs in {workdir})")
    gunicorn = processes.start_gunicorn(server, port, workdir / "gunicorn.log")
    try:
        locust = processes.start_locust(
            plan_path, results_path, USER_CLASSES[scenario.name], workdir / "locust.log"
        )
        sampler = processes.CpuSampler(gunicorn.pid, locust.pid, environment["database"])
        sampler.start()
        say(f"locust: steps {list(scenario.steps)} users, {scenario.step_seconds:g} s each")
        try:
            locust.wait()
        finally:
            processes.stop(locust)
            sampler.stop()
    finally:
        processes.stop(gunicorn)
    if not results_path.exists():
        raise RuntimeError(f"locust wrote no results; see {workdir / 'locust.log'}")
    results = json.loads(results_path.read_text())
    steps = [
        summarize_step(
            step, sampler.window(step["measured_from"], step["ended_at"]), os.cpu_count() or 1
        )
        for step in results["steps"]
        if step["measured_from"] and step["ended_at"] and step["ended_at"] > step["measured_from"]
    ]
    after = change_counts(organization.pk)
    return {
        "scenario": scenario.name,
        "arguments": arguments,
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            **environment,
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
        },
        "server": {
            "workers": server.workers,
            "worker_class": server.worker_class,
            "threads": server.threads,
        },
        "tenant": organization.slug,
        "signed_in_people": len(plan["users"]),
        "step_seconds": scenario.step_seconds,
        "think_seconds": scenario.think_seconds,
        "steps": steps,
        "knee": knee(steps),
        "target": target_verdict(steps),
        "writes": results["writes"],
        "dataset_changes": {name: after[name] - before[name] for name in before},
        "logs": str(workdir),
        "wall_seconds": round(time.time() - _timestamp(started_at), 1),
    }


def _timestamp(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()
