from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.demo.bench.profiles import profile_pages, write_profiles
from apps.demo.bench.report import write_report
from apps.demo.bench.runner import run_benchmark

DEFAULT_OUTPUT = "docs/benchmark/latest"
PROFILES_OUTPUT = "docs/benchmark/profiles"


class Command(BaseCommand):
    help = (
        "Measure every page (p50/p95/p99 server time and SQL count, through the test client as a "
        "signed-in user of the largest tenant) and the hot queries (as the app role under RLS "
        "and as the owner), plus dashboard-from-MVs vs. live. Run it on a database filled by "
        "generate_load_data. Writes <output>.json and <output>.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=30, help="Timed runs of each.")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed runs before.")
        parser.add_argument(
            "--output",
            default=DEFAULT_OUTPUT,
            help=f"Report path without suffix (default {DEFAULT_OUTPUT}).",
        )
        parser.add_argument("--tenant", default="", help="Tenant slug (default: most projects).")
        parser.add_argument("--user", default="", help="E-mail of the user to sign in as.")
        parser.add_argument(
            "--profile",
            action="store_true",
            help=f"Instead of timing, profile each page (pyinstrument) into {PROFILES_OUTPUT}.md "
            "(or --output): its time by kind of code and its heaviest functions.",
        )

    def handle(self, *args, **options):
        if options["iterations"] < 1 or options["warmup"] < 0:
            raise CommandError("--iterations must be at least 1 and --warmup at least 0.")
        say = lambda line: self.stdout.write(line) if options["verbosity"] > 1 else None  # noqa: E731
        measure = profile_pages if options["profile"] else run_benchmark
        arguments = {"views": options["iterations"]} if options["profile"] else {
            "iterations": options["iterations"], "warmup": options["warmup"]
        }  # fmt: skip
        try:
            report = measure(
                **arguments, tenant_slug=options["tenant"], user_email=options["user"], say=say
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["profile"]:
            output = PROFILES_OUTPUT if options["output"] == DEFAULT_OUTPUT else options["output"]
            path = write_profiles(report, output)
            self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
            return
        json_path, md_path = write_report(report, options["output"])
        self.stdout.write(self.style.SUCCESS(f"Wrote {json_path} and {md_path}"))
        self.stdout.write(md_path.read_text())
