import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.demo.sample_data import SAMPLE_PASSWORD, SIGN_IN_EMAIL, sample_data_seed


class Command(BaseCommand):
    help = (
        "Load the sample factories (Factory Pulse Vietnam and Saigon Precision Works) with their "
        "people, customers, projects and history. Does nothing when they are already loaded; "
        "--reset deletes them (and only them) and loads them again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the sample tenants' data and load it again. Other tenants are untouched.",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        # Runs as the migrating role (the table owner); each tenant's rows are written inside
        # its own tenant_context, so row-level security checks them as it checks any request.
        try:
            outcome = sample_data_seed(reset=options["reset"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for line in outcome.lines():
            self.stdout.write(self.style.SUCCESS(line) if line.startswith("Loaded") else line)
        if outcome.loaded:
            self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
        self.stdout.write(f"Sign in as {SIGN_IN_EMAIL} / {SAMPLE_PASSWORD}")
