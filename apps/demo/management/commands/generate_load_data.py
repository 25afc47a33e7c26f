import datetime
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.demo.loadgen.loader import Progress, generate_load_data
from apps.demo.loadgen.scale import (
    DEFAULT_PROJECTS,
    DEFAULT_SEED,
    DEFAULT_TENANTS,
    DEFAULT_USERS,
    SCALES,
    LoadScale,
)
from apps.demo.sample_data import SAMPLE_PASSWORD


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date like 2026-01-31, not {value!r}.") from exc


class ProgressBars(Progress):
    """One tqdm bar per phase of the load, on stderr (hidden when it is not a terminal)."""

    def __init__(self, *, disable: bool | None):
        self.disable, self.bar = disable, None

    def start(self, label: str, total: int) -> None:
        self.close()
        self.bar = tqdm(total=total, desc=label, disable=self.disable, file=sys.stderr)

    def advance(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = (
        "Fill the database with production-shaped load data: tenants made by the real service, "
        "then users, customers, projects with ~30 sub-stage progress rows each, approvals, "
        "documents (metadata), messages, notifications and activity, by COPY. Refuses a database "
        "that already has projects unless --append."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="default",
            help="A named size; --tenants, --users and --projects override its parts. "
            + "; ".join(f"{name}: {t} tenants, {u} users, {p} projects"
                        for name, (t, u, p) in SCALES.items()),
        )  # fmt: skip
        parser.add_argument("--tenants", type=int, help=f"Default {DEFAULT_TENANTS}.")
        parser.add_argument("--users", type=int, help=f"Default {DEFAULT_USERS}.")
        parser.add_argument("--projects", type=int, help=f"Default {DEFAULT_PROJECTS}.")
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Same seed, same data (generated ids included).",
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="The dataset's 'today' (YYYY-MM-DD, default: today in UTC).",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add new tenants to a database that already has projects.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        tenants, users, projects = SCALES[options["scale"]]
        scale = LoadScale(
            # `is not None`: an explicit 0 must reach validate() and be refused, not become
            # the default.
            tenants=tenants if options["tenants"] is None else options["tenants"],
            users=users if options["users"] is None else options["users"],
            projects=projects if options["projects"] is None else options["projects"],
            seed=options["seed"],
        )
        bars = ProgressBars(disable=options["no_progress"] or None)
        try:
            result = generate_load_data(
                scale, append=options["append"], as_of=options["as_of"], progress=bars
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        finally:
            bars.close()
        call_command("refresh_dashboard_views", stdout=self.stdout, stderr=self.stderr)
        phases = ", ".join(
            f"{name} {seconds:.1f} s"
            + (
                f" [server CPU {result.server_phases[name]:.1f} s]"
                if name in result.server_phases
                else ""
            )
            for name, seconds in result.phases.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(result.tenants)} tenants in {result.seconds:.1f} s ({phases})."
            )
        )
        server = (
            "n/a (server elsewhere)"
            if result.server_cpu_seconds is None
            else f"{result.server_cpu_seconds:.1f} s"
        )
        self.stdout.write(
            f"CPU: Python {result.python_cpu_seconds:.1f} s, PostgreSQL backend {server} "
            f"(load average now {', '.join(f'{v:.1f}' for v in os.getloadavg())})."
        )
        self.stdout.write(
            f"{result.rebuilt} keys, indexes and foreign keys rebuilt and validated after the "
            "load"
            + ("; appended rows' foreign keys verified" if result.triggers_off else "")
            + f"; {'VACUUM ANALYZE' if result.vacuumed else 'ANALYZE'} done."
        )
        for table, count in result.rows.items():
            copying = result.copy_seconds.get(table, 0.0)
            self.stdout.write(f"  {table:<28} {count:>10,}   COPY {copying:6.1f} s")
        if result.benchmark_email:
            self.stdout.write(
                f"Large tenant's benchmark user: {result.benchmark_email} / {SAMPLE_PASSWORD}"
            )
