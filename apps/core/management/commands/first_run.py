from django.core.management.base import BaseCommand

from apps.organizations.models import Organization, OrganizationType
from apps.organizations.services import tenant_create

FIRST_TENANT = "Factory Pulse Vietnam Co., Ltd."
FIRST_ADMIN_EMAIL = "admin@factorypulse.com"
# The documented sample password (SPEC section 9); change it after the first sign-in.
FIRST_ADMIN_PASSWORD = "FactoryPulse@2025"  # noqa: S105


class Command(BaseCommand):
    help = (
        "On an empty database create the first tenant and its admin; always print how to sign in."
    )

    def handle(self, *args, **options):
        # Runs as the migrating role (no tenant context), which RLS does not restrict.
        if not Organization.objects.filter(organization_type=OrganizationType.INTERNAL).exists():
            tenant_create(
                name=FIRST_TENANT,
                admin_email=FIRST_ADMIN_EMAIL,
                admin_name="Factory Admin",
                admin_password=FIRST_ADMIN_PASSWORD,
                country="VN",
            )
            self.stdout.write(self.style.SUCCESS(f"Created tenant {FIRST_TENANT}"))
        self.stdout.write(f"Sign in as {FIRST_ADMIN_EMAIL} / {FIRST_ADMIN_PASSWORD}")
