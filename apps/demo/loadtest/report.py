"""The load test's report: per concurrency step, throughput, latency, errors and who used the CPU;
the knee of the curve; the target met or missed. Written as JSON and markdown."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from apps.demo.loadtest.plan import TARGET_P95_MS, TARGET_REQUESTS_PER_SECOND

SUSTAINED_SECONDS = 300
CPU_GROUPS = {
    "gunicorn": "gunicorn",
    "postgres_db": "PostgreSQL (this db)",
    "postgres_other": "PostgreSQL (other)",
    "locust": "locust",
}


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


SIGN_IN = "sign in"


def cpu_cost(cpu: dict, requests_per_second: float, cores: int) -> dict:
    """CPU milliseconds per request of each group, and the requests/s the cores could serve at
    that cost. On a shared machine this is steadier than the latency: other processes slow a
    request down but do not make it use more CPU (much)."""
    percent = cpu.get("cpu_percent")
    if not percent or requests_per_second <= 0:
        return {}
    per_request = {group: round(10 * value / requests_per_second, 1)
                   for group, value in percent.items() if group != "postgres_other"}  # fmt: skip
    spent = sum(per_request.values())
    return {
        "cpu_ms_per_request": per_request,
        "ceiling_requests_per_second": round(cores * 1000 / spent, 1) if spent else None,
    }


def summarize_step(step: dict, cpu: dict, cores: int = 1) -> dict:
    """One step's numbers, over its measured window (after its users signed in and settled).
    Sign-ins are counted apart: each costs an argon2 hash (~0.25 s of CPU by design) once per
    person per day, and the steps measure the day's work, not a crowd arriving (their numbers
    are in `sign_ins`)."""
    sign_ins = sorted(s[1] for s in step["samples"] if s[0].startswith(SIGN_IN))
    samples = [s for s in step["samples"] if not s[0].startswith(SIGN_IN)]
    started = step["measured_from"]
    seconds = max(step["ended_at"] - started, 1e-9)
    times = sorted(sample[1] for sample in samples)
    failures = [sample for sample in samples if sample[2]]
    by_name: dict[str, list[float]] = defaultdict(list)
    for name, elapsed, _failed, _detail in samples:
        by_name[name].append(elapsed)
    return {
        "users": step["users"],
        "arrived_seconds": step["arrived_seconds"],
        "measured_seconds": round(seconds, 1),
        "requests": len(samples),
        "requests_per_second": round(len(samples) / seconds, 1),
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "errors": len(failures),
        "error_kinds": dict(Counter(f"{s[0]}: {s[3]}" for s in failures).most_common(5)),
        **cpu,
        **cpu_cost(cpu, len(samples) / seconds, cores),
        "sign_ins": {
            "requests": len(sign_ins),
            "p50_ms": round(percentile(sign_ins, 0.50), 1),
            "p95_ms": round(percentile(sign_ins, 0.95), 1),
            "errors": sum(1 for s in step["samples"] if s[0].startswith(SIGN_IN) and s[2]),
        },
        "per_request": {
            name: {
                "requests": len(values),
                "p50_ms": round(percentile(sorted(values), 0.50), 1),
                "p95_ms": round(percentile(sorted(values), 0.95), 1),
            }
            for name, values in sorted(by_name.items())
        },
    }


def within_target(step: dict) -> bool:
    return step["requests"] > 0 and step["errors"] == 0 and step["p95_ms"] <= TARGET_P95_MS


def knee(steps: list[dict]) -> dict:
    """The last step within p95 ≤ 100 ms and no errors before the first that is not."""
    last_good = None
    for step in steps:
        if not within_target(step):
            return {"last_good_users": last_good and last_good["users"], "first_bad_users":
                    step["users"], "last_good_requests_per_second":
                    last_good and last_good["requests_per_second"]}  # fmt: skip
        last_good = step
    return {
        "last_good_users": last_good and last_good["users"],
        "first_bad_users": None,
        "last_good_requests_per_second": last_good and last_good["requests_per_second"],
    }


def target_verdict(steps: list[dict]) -> dict:
    """≥ 150 requests/s for 5 minutes at p95 ≤ 100 ms and 0 errors, by the best step."""
    sustained = [s for s in steps if s["measured_seconds"] >= SUSTAINED_SECONDS - 1]
    met = [s for s in sustained if within_target(s)
           and s["requests_per_second"] >= TARGET_REQUESTS_PER_SECOND]  # fmt: skip
    best = max((s for s in steps if within_target(s)), key=lambda s: s["requests_per_second"],
               default=None)  # fmt: skip
    return {
        "target": f"≥ {TARGET_REQUESTS_PER_SECOND:.0f} requests/s for {SUSTAINED_SECONDS} s, "
        f"p95 ≤ {TARGET_P95_MS:.0f} ms, 0 errors",
        "met": bool(met),
        "best_within_latency_and_errors": best and {
            "users": best["users"], "requests_per_second": best["requests_per_second"],
            "p95_ms": best["p95_ms"], "measured_seconds": best["measured_seconds"],
            "share_of_target": round(best["requests_per_second"] / TARGET_REQUESTS_PER_SECOND, 3),
        },
        "sustained_step_run": bool(sustained),
    }  # fmt: skip


def write_report(report: dict, output: str) -> tuple[Path, Path]:
    base = Path(output)
    base.parent.mkdir(parents=True, exist_ok=True)
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text(markdown(report))
    return json_path, md_path


DOCS_START = "<!-- loadtest:start (manage.py loadtest --docs writes between these lines) -->"
DOCS_END = "<!-- loadtest:end -->"


def update_docs(report: dict, path: str) -> Path:
    """Put the report, as a section, between the markers of a document (docs/performance.md)."""
    document = Path(path)
    text = document.read_text()
    if DOCS_START not in text or DOCS_END not in text:
        raise ValueError(f"{path} has no section markers ({DOCS_START} ... {DOCS_END}).")
    before, rest = text.split(DOCS_START, 1)
    after = rest.split(DOCS_END, 1)[1]
    section = markdown(report).replace("# Load test", "### Latest load test", 1)
    document.write_text(f"{before}{DOCS_START}\n{section}\n{DOCS_END}{after}")
    return document


def markdown(report: dict) -> str:
    env, verdict, found = report["environment"], report["target"], report["knee"]
    lines = [
        "# Load test",
        "",
        f"`manage.py loadtest {report['arguments']}`: scenario **{report['scenario']}**, code "
        f"`{env['code']}`, {env['cpu_cores']} cores, gunicorn {report['server']['workers']} x "
        f"{report['server']['worker_class']} (threads {report['server']['threads']}), tenant "
        f"`{report['tenant']}` ({report['signed_in_people']} people signing in), started "
        f"{report['started_at']}, load average before {env['load_average_before']}.",
        "",
        "| users | req/s | p50 ms | p95 ms | p99 ms | errors | gunicorn CPU % | PostgreSQL CPU % "
        "(this db / other) | locust CPU % | load avg | CPU ms/request (gunicorn + db + locust) "
        "| ceiling req/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for step in report["steps"]:
        cpu = step.get("cpu_percent", {})
        load = step.get("load_average", ["-", "-"])
        lines.append(
            f"| {step['users']} | {step['requests_per_second']} | {step['p50_ms']} | "
            f"{step['p95_ms']} | {step['p99_ms']} | {step['errors']} | {cpu.get('gunicorn', '-')} "
            f"| {cpu.get('postgres_db', '-')} / {cpu.get('postgres_other', '-')} | "
            f"{cpu.get('locust', '-')} | {load[0]}-{load[1]} | {_cost_text(step)} | "
            f"{step.get('ceiling_requests_per_second', '-')} |"
        )
    lines += [
        "",
        "CPU % is of one core (200 % = both). Each step is measured once all its users have "
        "signed in ("
        + ", ".join(f"{s['users']}: {s['arrived_seconds']} s" for s in report["steps"])
        + f") and settled, over {report['step_seconds']} s. "
        "The ceiling is the requests/s all cores would serve at the "
        "step's CPU cost per request (gunicorn, this database's PostgreSQL backends and locust): "
        "steadier than latency on a shared machine.",
        "",
        f"**Knee**: {_knee_text(found)}",
        "",
        f"**Target** ({verdict['target']}): **{'met' if verdict['met'] else 'missed'}**"
        + _best_text(verdict),
        "",
    ]
    if report["steps"]:
        last = report["steps"][-1]
        lines += ["Per request at the last step:", "", "| request | count | p50 ms | p95 ms |",
                  "| --- | ---: | ---: | ---: |"]  # fmt: skip
        for name, numbers in last["per_request"].items():
            lines.append(
                f"| {name} | {numbers['requests']} | {numbers['p50_ms']} | {numbers['p95_ms']} |"
            )
        lines.append("")
    lines += _changes(report)
    return "\n".join(lines)


def _cost_text(step: dict) -> str:
    cost = step.get("cpu_ms_per_request")
    if not cost:
        return "-"
    return f"{cost['gunicorn']} + {cost['postgres_db']} + {cost['locust']}"


def _knee_text(found: dict) -> str:
    if found["first_bad_users"] is None:
        return "not reached: every step had p95 ≤ 100 ms and no errors."
    if found["last_good_users"] is None:
        return f"before the first step ({found['first_bad_users']} users already over)."
    return (
        f"after {found['last_good_users']} users ({found['last_good_requests_per_second']} "
        f"requests/s); at {found['first_bad_users']} users p95 exceeds 100 ms or errors appear."
    )


def _best_text(verdict: dict) -> str:
    best = verdict["best_within_latency_and_errors"]
    if not best:
        return "; no step stayed within p95 ≤ 100 ms and 0 errors."
    text = (
        f"; the best step within latency and errors: {best['requests_per_second']} requests/s at "
        f"{best['users']} users ({best['share_of_target']:.0%} of the target) over "
        f"{best['measured_seconds']} s"
    )
    if not verdict["sustained_step_run"]:
        text += " (no 5-minute step was run)"
    return text + "."


def _changes(report: dict) -> list[str]:
    writes = report.get("writes") or {}
    changes = report.get("dataset_changes") or {}
    lines = [
        "What the run wrote (the dataset keeps these; rerunning finds other steps to start):",
        "",
    ]
    lines += [f"- {name.replace('_', ' ')}: {count}" for name, count in writes.items()]
    lines += [f"- {name}: {delta:+d} rows" for name, delta in changes.items() if delta]
    return [*lines, ""]
