"""manage.py loadtest end to end at tiny scale: a real gunicorn, a real locust, the report."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.demo.loadgen.loader import generate_load_data
from apps.demo.loadgen.scale import LoadScale
from apps.demo.loadtest.report import DOCS_END, DOCS_START, knee, target_verdict

# The generated users' password hashes are made with the test settings' hasher: the server runs
# with those settings too (DEBUG off, like production).
SERVER = {"server_settings": "factorypulse.settings.test", "workers": 2}
STEP_FIELDS = {
    "users", "requests", "requests_per_second", "p50_ms", "p95_ms", "p99_ms", "errors",
    "cpu_percent", "load_average", "sign_ins", "per_request", "cpu_ms_per_request",
    "ceiling_requests_per_second",
}  # fmt: skip


@pytest.fixture
def tiny_dataset(transactional_db):
    """Committed: gunicorn reads it from its own connections."""
    return generate_load_data(
        LoadScale(tenants=2, users=24, projects=40, seed=7), as_of=datetime.date(2026, 3, 2)
    )


def test_staff_polling_and_live_scenarios_report_every_step_without_errors(tiny_dataset, tmp_path):
    docs = tmp_path / "performance.md"
    docs.write_text(f"# Performance\n\n{DOCS_START}\nold numbers\n{DOCS_END}\n\n## After\n")
    call_command(
        "loadtest",
        docs=str(docs), steps="2,4", step_seconds=4, settle_seconds=1, spawn_rate=20,
        think_seconds=0.2, keep_going=True, output=str(tmp_path / "load"),
        stdout=io.StringIO(), **SERVER,
    )  # fmt: skip

    report = json.loads((tmp_path / "load.json").read_text())
    assert [step["users"] for step in report["steps"]] == [2, 4]
    for step in report["steps"]:
        assert step.keys() >= STEP_FIELDS, step.keys()
        assert step["requests"] > 0 and step["requests_per_second"] > 0
        assert step["arrived_seconds"] is not None
        assert step["errors"] == 0, step["error_kinds"]
        assert 0 < step["p50_ms"] <= step["p95_ms"] <= step["p99_ms"]
        assert set(step["cpu_percent"]) == {"gunicorn", "postgres_db", "postgres_other", "locust"}
        assert step["cpu_percent"]["gunicorn"] > 0 and step["cpu_percent"]["locust"] > 0
        assert len(step["load_average"]) == 2
    seen = set().union(*(step["per_request"] for step in report["steps"]))
    assert {"dashboard", "dashboard panel: kpis", "project list", "project list, search",
            "project detail", "board", "approvals queue"} <= seen  # fmt: skip
    assert report["environment"]["code"] and report["environment"]["load_average_before"]
    assert report["server"] == {"workers": 2, "worker_class": "sync", "threads": 1}
    assert report["signed_in_people"] > 0 and report["knee"] and report["target"]["met"] is False
    markdown = (tmp_path / "load.md").read_text()
    assert "| users | req/s | p50 ms | p95 ms | p99 ms | errors |" in markdown
    assert "**Knee**" in markdown and "**Target**" in markdown
    updated = docs.read_text()
    assert "old numbers" not in updated and "### Latest load test" in updated
    assert updated.startswith("# Performance") and updated.endswith("## After\n")

    # The polling scenario on the same data: open pages asking the bell, answered 304 mostly.
    call_command(
        "loadtest", scenario="polling", steps="3", step_seconds=3, settle_seconds=1,
        spawn_rate=20, poll_seconds=0.5, output=str(tmp_path / "poll"), stdout=io.StringIO(),
        **SERVER,
    )  # fmt: skip
    (polled,) = json.loads((tmp_path / "poll.json").read_text())["steps"]
    assert set(polled["per_request"]) == {"poll"}
    assert polled["errors"] == 0 and polled["requests"] >= 6

    # The live scenario: five users open one page each of the five live kinds and follow the
    # change feed; nothing changes, so every poll is an early 304.
    call_command(
        "loadtest", scenario="live", steps="5", step_seconds=3, settle_seconds=1,
        spawn_rate=20, poll_seconds=0.5, output=str(tmp_path / "live"), stdout=io.StringIO(),
        **SERVER,
    )  # fmt: skip
    (live,) = json.loads((tmp_path / "live.json").read_text())["steps"]
    assert "live: poll" in live["per_request"]
    assert live["errors"] == 0 and live["per_request"]["live: poll"]["requests"] >= 10


def test_refuses_bad_steps():
    with pytest.raises(CommandError, match="--steps"):
        call_command("loadtest", steps="10,x")
    with pytest.raises(CommandError, match="positive"):
        call_command("loadtest", step_seconds=0)


def fake_step(users, p95, errors=0, rate=10.0, seconds=60.0):
    return {"users": users, "p95_ms": p95, "errors": errors, "requests": 100,
            "requests_per_second": rate, "measured_seconds": seconds}  # fmt: skip


def test_knee_is_the_last_step_within_latency_and_errors():
    steps = [
        fake_step(10, 40),
        fake_step(20, 90, rate=20),
        fake_step(40, 130, rate=30),
        fake_step(80, 60, errors=1),
    ]
    assert knee(steps) == {
        "last_good_users": 20, "first_bad_users": 40, "last_good_requests_per_second": 20,
    }  # fmt: skip
    assert knee([fake_step(10, 40)])["first_bad_users"] is None
    assert knee([fake_step(10, 400)])["last_good_users"] is None


def test_target_needs_five_minutes_at_150_requests_per_second():
    assert target_verdict([fake_step(1500, 90, rate=151, seconds=300)])["met"] is True
    assert target_verdict([fake_step(1500, 90, rate=151, seconds=60)])["met"] is False
    assert target_verdict([fake_step(1500, 101, rate=151, seconds=300)])["met"] is False
    assert target_verdict([fake_step(1500, 90, errors=1, rate=151, seconds=300)])["met"] is False
    verdict = target_verdict([fake_step(100, 90, rate=30, seconds=300)])
    assert verdict["met"] is False
    assert verdict["best_within_latency_and_errors"]["share_of_target"] == 0.2
