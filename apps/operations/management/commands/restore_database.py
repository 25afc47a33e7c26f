from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.operations.pg_tools import Database, OperationsError
from apps.operations.restore import restore_database


class Command(BaseCommand):
    help = (
        "Restore a backup set (give its manifest) into an empty database, in one transaction: "
        "the app role and its grants, tables, data, functions, triggers, RLS policies and "
        "materialized views. Then compare every table's row count with the manifest and run "
        "check_schema against it; exits non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifest", type=Path, help="factory_pulse_backup_manifest_*.json")
        parser.add_argument(
            "--target-url",
            help="postgres://user@host:port/dbname of the database to restore into "
            "(default: this installation's DATABASE_URL). Connect as the role that owns the "
            "target installation's tables.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a target that is not empty (stop the web server, "
            "workers and beat that use it first).",
        )

    def handle(self, *args, **options):
        try:
            target = Database.from_url(options["target_url"]) if options["target_url"] else None
            report = restore_database(
                manifest_path=options["manifest"].resolve(),
                target=target,
                force=options["force"],
                progress=self.stdout.write,
            )
        except OperationsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.schema_check_output)
        if not report.ok:
            problems = list(report.count_mismatches)
            if not report.schema_ok:
                problems.append("check_schema failed (see above)")
            raise CommandError(
                f"The restore into {report.target} differs from the backup: " + "; ".join(problems)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored into {report.target}: {report.tables} tables, {report.rows} rows, "
                "all counts match the manifest, schema OK."
            )
        )
