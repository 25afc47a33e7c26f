from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.operations.backup import backup_database
from apps.operations.pg_tools import OperationsError


class Command(BaseCommand):
    help = (
        "Back up the whole database: a schema SQL file, a data SQL file and a complete "
        "custom-format dump, with a manifest (server version, migrations, row counts, SHA-256 of "
        "every file). Keeps the newest --keep sets and deletes older ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=None, help=f"Default: BACKUP_DIR ({settings.BACKUP_DIR})."
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.BACKUP_KEEP,
            help=f"How many sets to keep, this one included (default BACKUP_KEEP, "
            f"{settings.BACKUP_KEEP}).",
        )

    def handle(self, *args, **options):
        directory = (options["dir"] or Path(settings.BACKUP_DIR)).resolve()
        try:
            outcome = backup_database(
                directory=directory, keep=options["keep"], progress=self.stdout.write
            )
        except OperationsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Manifest: {outcome.backup_set.manifest_path}"))
