"""`manage.py ops_report [--json]`: the operators' KPIs, for cron and monitoring.

Exit status 2 when any KPI is CRITICAL, 1 when the worst is WARNING, 0 otherwise.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from apps.operations.kpis import SEVERITY, kpis_evaluate, overall_status


class Command(BaseCommand):
    help = "Print the operators' KPIs; exit 2 on CRITICAL, 1 on WARNING, 0 when all are OK."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args, **options):
        kpis = kpis_evaluate()
        overall = overall_status(kpis)
        if options["json"]:
            report = {"status": overall, "kpis": [kpi.as_dict() for kpi in kpis]}
            self.stdout.write(json.dumps(report, indent=2))
        else:
            for kpi in kpis:
                value = "-" if kpi.value is None else f"{kpi.value:.12g}"
                line = f"{kpi.status:<9} {kpi.key:<40} {value:>14} {kpi.unit:<4} {kpi.threshold}"
                self.stdout.write(line.rstrip() + (f"  ({kpi.note})" if kpi.note else ""))
            self.stdout.write(f"overall: {overall}")
        sys.exit(SEVERITY[overall])
