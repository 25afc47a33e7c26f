from django.core.management.base import BaseCommand

from apps.dashboard.services import dashboard_refresh_views


class Command(BaseCommand):
    help = (
        "Refresh the dashboard's materialized views now (REFRESH ... CONCURRENTLY, as the owner). "
        "If another refresh is running, says so and exits successfully: that one does the work."
    )

    def handle(self, *args, **options):
        outcome = dashboard_refresh_views()
        if not outcome.refreshed:
            self.stdout.write(self.style.WARNING(outcome.message))
            return
        for view in outcome.views:
            self.stdout.write(f"{view.view_name}: {view.row_count} rows in {view.duration_ms} ms")
        self.stdout.write(self.style.SUCCESS(outcome.message))
