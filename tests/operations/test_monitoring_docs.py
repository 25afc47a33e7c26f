"""docs/monitoring/: the alert rules and the Grafana dashboard parse, mirror the seed's thresholds,
and name only metrics that /metrics exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from prometheus_client import Counter, Gauge, Histogram

from apps.core import metrics
from apps.operations.metrics import SCRAPE_GAUGES

DOCS = Path(settings.BASE_DIR) / "docs" / "monitoring"
METRIC_NAME = re.compile(r"\bfactorypulse_[a-z0-9_]+")
SUFFIXES = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_count", "_sum")}


def exported_names() -> set[str]:
    """What a scrape can contain: each instrument with its suffixes, and the scrape's gauges."""
    names = set(SCRAPE_GAUGES)
    for name, kind in metrics.INSTRUMENT_NAMES.items():
        base = name.removesuffix("_total")
        names |= {base + suffix for suffix in SUFFIXES[kind]}
    return names


def test_the_instrument_list_is_the_instruments_defined():
    defined = {}
    for instrument in vars(metrics).values():
        if isinstance(instrument, Counter | Gauge | Histogram):
            family = instrument.describe()[0]
            suffix = "_total" if family.type == "counter" else ""
            defined[family.name + suffix] = family.type
    assert defined == metrics.INSTRUMENT_NAMES


def alert_rules() -> list[dict]:
    document = yaml.safe_load((DOCS / "alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def balanced(expression: str) -> bool:
    depth = 0
    for character in expression:
        depth += {"(": 1, ")": -1, "{": 1, "}": -1, "[": 1, "]": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def test_every_alert_rule_parses_and_names_only_exported_metrics():
    rules = alert_rules()
    assert rules
    for rule in rules:
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}, rule
        assert rule["labels"]["severity"] in {"warning", "critical"}
        assert balanced(rule["expr"]), rule["alert"]
        named = set(METRIC_NAME.findall(rule["expr"]))
        assert named, rule["alert"]
        assert named <= exported_names(), (rule["alert"], named - exported_names())


@pytest.mark.parametrize(
    ("alert", "severity", "threshold"),
    [
        ("DashboardQueriesCritical", "critical", "> 0.5"),
        ("DashboardQueriesSlow", "warning", "> 0.2"),
        ("DatabaseConnectionsHigh", "warning", "> 12"),
        ("ConnectionPoolNearlyFull", "critical", "> 80"),
        ("AuthenticationFailuresHigh", "critical", "> 5"),
        ("ApplicationErrorsHigh", "critical", "> 10"),
        ("MaterializedViewRefreshSlow", "warning", "> 30"),
        ("DashboardDataStale", "critical", "== 2"),
        ("CacheHitRateLow", "warning", "< 70"),
        ("ScheduledJobFailing", "critical", "== 1"),
        ("BackupTooOld", "critical", "== 2"),
    ],
)
def test_the_rules_mirror_the_seed_s_thresholds(alert, severity, threshold):
    rule = next(rule for rule in alert_rules() if rule["alert"] == alert)
    assert rule["labels"]["severity"] == severity
    assert rule["expr"].strip().endswith(threshold)


def test_the_grafana_dashboard_parses_and_names_only_exported_metrics():
    dashboard = json.loads((DOCS / "grafana-dashboard.json").read_text())
    expressions = [
        target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])
    ]
    assert len(dashboard["panels"]) >= 10
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    named = set()
    for expression in expressions:
        assert balanced(expression), expression
        named |= set(METRIC_NAME.findall(expression))
    assert named <= exported_names(), named - exported_names()
    # Every instrument and every scrape gauge is on the dashboard somewhere.
    for name in metrics.INSTRUMENT_NAMES:
        assert any(n.startswith(name.removesuffix("_total")) for n in named), name
    assert set(SCRAPE_GAUGES) <= named


def test_the_scrape_config_sends_the_bearer_token_and_loads_the_rules():
    config = yaml.safe_load((DOCS / "prometheus.yml").read_text())
    job = config["scrape_configs"][0]
    assert job["metrics_path"] == "/metrics"
    assert job["authorization"]["type"] == "Bearer"
    assert config["rule_files"] == ["alerts.yml"]
