import getpass
import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.organizations.services import tenant_create


class Command(BaseCommand):
    help = "Create a tenant (a factory) and its first admin user."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The factory's name, e.g. 'Acme Fabrication Ltd.'")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="Administrator")
        parser.add_argument(
            "--admin-password",
            help="Omit to be asked for it (it is then not left in the shell history).",
        )
        parser.add_argument("--slug", default="")
        parser.add_argument("--country", default="")
        parser.add_argument("--timezone", default="Asia/Ho_Chi_Minh")
        parser.add_argument("--currency", default="USD")
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The admin's language and the one the standard workflow is installed in.",
        )

    def handle(self, *args, **options):
        password = options["admin_password"]
        if not password:
            if not options.get("interactive", True) or not self.stdin_is_tty():
                raise CommandError("--admin-password is required when there is no terminal.")
            password = getpass.getpass("Password for the admin user: ")
        try:
            organization, admin = tenant_create(
                name=options["name"],
                slug=options["slug"],
                admin_email=options["admin_email"],
                admin_name=options["admin_name"],
                admin_password=password,
                country=options["country"],
                timezone=options["timezone"],
                default_currency=options["currency"],
                language=options["language"],
            )
        except ValidationError as exc:
            messages = "; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()
            )
            if "slug" in exc.message_dict:
                messages += " Choose another with --slug."
            raise CommandError(f"Tenant not created: {messages}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Created tenant {organization.name} ({organization.pk}); ")
            + f"sign in as {admin.email}"
        )

    @staticmethod
    def stdin_is_tty() -> bool:
        return sys.stdin.isatty()
