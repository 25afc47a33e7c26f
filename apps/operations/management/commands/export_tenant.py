from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.operations.pg_tools import OperationsError
from apps.operations.tenant_export import tenant_export


class Command(BaseCommand):
    help = (
        "Write every row of one tenant (factory) and its stored files into one archive "
        "(tar.gz with a manifest and checksums), read as the app role inside the tenant's "
        "context. Load it elsewhere with import_tenant."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The tenant's slug, e.g. factory-pulse-vietnam")
        parser.add_argument("--out", type=Path, required=True, help="e.g. acme.tenant.tar.gz")

    def handle(self, *args, **options):
        try:
            export = tenant_export(
                slug=options["slug"], out=options["out"].resolve(), progress=self.stdout.write
            )
        except OperationsError as exc:
            raise CommandError(str(exc)) from exc
        if export.missing_files:
            self.stdout.write(
                self.style.WARNING(
                    "Rows name files that are not in storage (exported without them): "
                    + ", ".join(export.missing_files)
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Exported to {export.path}"))
