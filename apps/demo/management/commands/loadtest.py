import shlex
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.demo.loadtest.plan import Scenario
from apps.demo.loadtest.processes import ServerOptions
from apps.demo.loadtest.report import update_docs, write_report
from apps.demo.loadtest.runner import USER_CLASSES, run_load_test

DEFAULT_OUTPUT = "docs/benchmark/load"
DEFAULT_STEPS = "25,50,100,200,400,800,1500"


def _steps(text: str) -> tuple[int, ...]:
    try:
        steps = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise CommandError(f"--steps takes user counts separated by commas ({text!r}).") from error
    if not steps or min(steps) < 1:
        raise CommandError("--steps needs at least one user count, each at least 1.")
    return steps


class Command(BaseCommand):
    help = (
        "Load-test the app over HTTP: start gunicorn (factorypulse/gunicorn.conf.py) on the "
        "database in DATABASE_URL (filled by generate_load_data), run a headless locust "
        "scenario of the large tenant's staff at rising concurrency steps, and write "
        "<output>.json and <output>.md (per step: users, requests/s, p50/p95/p99, errors, CPU "
        "of gunicorn, PostgreSQL and locust, load average; the knee; the target)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scenario", choices=sorted(USER_CLASSES), default="staff",
            help="staff: sign in and work, bell polling every 30 s (default); polling: open "
            "pages that only poll --poll-url every --poll-seconds.",
        )  # fmt: skip
        parser.add_argument(
            "--steps", default=DEFAULT_STEPS, help=f"Users per step ({DEFAULT_STEPS})."
        )
        parser.add_argument(
            "--step-seconds", type=float, default=60, help="Measured time per step (60)."
        )
        parser.add_argument(
            "--spawn-rate", type=float, default=5,
            help="Users signing in per second (5; each sign-in is ~0.25 s of argon2 CPU).",
        )  # fmt: skip
        parser.add_argument(
            "--settle-seconds", type=float, default=15,
            help="Unmeasured time after a step's users are all started (15).",
        )  # fmt: skip
        parser.add_argument(
            "--think-seconds", type=float, default=25,
            help="A staff user's mean pause between actions (25: an action is 1.75 requests on "
            "average, the dashboard's panels included; with the bell every 30 s that is one "
            "request per 10 s per user, so 1,500 users ask ~150 requests/s).",
        )  # fmt: skip
        parser.add_argument("--bell-seconds", type=float, default=30, help="Bell poll period (30).")
        parser.add_argument("--poll-url", default="", help="The polling scenario's URL (the bell).")
        parser.add_argument("--poll-seconds", type=float, default=10, help="Its period (10).")
        parser.add_argument(
            "--no-writes", action="store_true", help="Only read (no sub-stage or message writes)."
        )
        parser.add_argument(
            "--keep-going", action="store_true",
            help="Run every step (by default the run stops after a step with >5 %% errors or "
            "p95 over 1 s).",
        )  # fmt: skip
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4).")
        parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
        parser.add_argument(
            "--threads", type=int, default=1, help="Threads per gthread worker (1)."
        )
        parser.add_argument(
            "--server-settings", dest="server_settings", default="factorypulse.settings.production",
            help="gunicorn's settings module (production, on plain HTTP on the loopback).",
        )  # fmt: skip
        parser.add_argument("--tenant", default="", help="Tenant slug (default: most projects).")
        parser.add_argument(
            "--docs", default="",
            help="Also write the report into this document's load-test section "
            "(docs/performance.md).",
        )  # fmt: skip
        parser.add_argument(
            "--output",
            default=DEFAULT_OUTPUT,
            help=f"Report path without suffix ({DEFAULT_OUTPUT}).",
        )

    def handle(self, *args, **options):
        if options["docs"] and not Path(options["docs"]).is_file():
            raise CommandError(f"--docs: no file {options['docs']}.")
        if min(options["step_seconds"], options["spawn_rate"], options["think_seconds"],
               options["bell_seconds"], options["poll_seconds"]) <= 0:  # fmt: skip
            raise CommandError("Durations and rates must be positive.")
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1.")
        scenario = Scenario(
            name=options["scenario"],
            steps=_steps(options["steps"]),
            step_seconds=options["step_seconds"],
            spawn_rate=options["spawn_rate"],
            settle_seconds=max(options["settle_seconds"], 0),
            think_seconds=options["think_seconds"],
            bell_seconds=options["bell_seconds"],
            poll_path=options["poll_url"],
            poll_seconds=options["poll_seconds"],
            writes=not options["no_writes"],
            stop_when_saturated=not options["keep_going"],
        )
        server = ServerOptions(
            workers=options["workers"],
            worker_class=options["worker_class"],
            threads=options["threads"],
            settings_module=options["server_settings"],
        )
        try:
            report = run_load_test(
                scenario, server, tenant_slug=options["tenant"],
                arguments=shlex.join(sys.argv[2:]), say=self.stdout.write,
            )  # fmt: skip
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        json_path, md_path = write_report(report, options["output"])
        self.stdout.write(self.style.SUCCESS(f"Wrote {json_path} and {md_path}"))
        if options["docs"]:
            try:
                self.stdout.write(
                    self.style.SUCCESS(f"Updated {update_docs(report, options['docs'])}")
                )
            except (OSError, ValueError) as error:
                raise CommandError(str(error)) from error
        self.stdout.write(md_path.read_text())
