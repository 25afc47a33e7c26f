from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.dashboard.services import dashboard_refresh_views
from apps.demo.sample_data import SAMPLE_PASSWORD, SIGN_IN_EMAIL, sample_data_seed
from apps.organizations.models import Organization, OrganizationType


class Command(BaseCommand):
    help = (
        "On an empty database load the sample data; refresh the dashboard data; always print how "
        "to sign in."
    )

    def handle(self, *args, **options):
        # Runs as the migrating role (no tenant context), which RLS does not restrict, so it sees
        # every tenant. A database that has any tenant is left as it is.
        if not Organization.objects.filter(organization_type=OrganizationType.INTERNAL).exists():
            try:
                outcome = sample_data_seed()
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            for line in outcome.lines():
                self.stdout.write(line)
        # The dashboard shows current numbers from the first page view (beat's first refresh may
        # be minutes away), and /health/ reports fresh data.
        self.stdout.write(dashboard_refresh_views().message)
        self.stdout.write(f"Sign in as {SIGN_IN_EMAIL} / {SAMPLE_PASSWORD}")
