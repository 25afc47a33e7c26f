from django.core.management.base import BaseCommand, CommandError

from apps.core.schema_checks import run_schema_checks


class Command(BaseCommand):
    help = (
        "Verify the live schema: all tables, foreign keys, unique rules, CHECK constraints, "
        "indexes, row-level security on every tenant table, the app role's grants, functions, "
        "read-only tables, materialized views (unique indexes, no direct access) and their "
        "tenant views. "
        "One line per check; exits non-zero on any failure."
    )

    def handle(self, *args, **options):
        results = run_schema_checks()
        for result in results:
            status = self.style.SUCCESS("ok  ") if result.ok else self.style.ERROR("FAIL")
            line = f"{status} {result.name}: {result.checked} checked"
            if result.problems:
                line += " — " + "; ".join(result.problems)
            self.stdout.write(line)
        failed = [result.name for result in results if not result.ok]
        if failed:
            raise CommandError(f"schema check failed: {', '.join(failed)}")
        self.stdout.write(self.style.SUCCESS("schema OK"))
