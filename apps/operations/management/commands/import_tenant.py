from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.operations.pg_tools import OperationsError
from apps.operations.tenant_import import tenant_import


class Command(BaseCommand):
    help = (
        "Load a tenant archive of export_tenant into this installation with its ids, users "
        "(who sign in with their passwords), history and stored files. Refuses, changing "
        "nothing, when the tenant's slug or any of its ids or users' e-mails exist here."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by export_tenant")

    def handle(self, *args, **options):
        try:
            result = tenant_import(archive=options["archive"].resolve(), progress=self.stdout.write)
        except OperationsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Imported tenant {result.tenant_slug}"))
