from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Backups with a verified restore, and moving one factory's data between installations.

    Sits above every product app (it reads them all, as the owner or as the app role) and below
    demo; nothing in the product imports it."""

    name = "apps.operations"
    label = "operations"
    verbose_name = _("Operations (backups and tenant moves)")

    def ready(self) -> None:
        from apps.core.health import register_check
        from apps.operations.health import check_backup_age

        # Reads only the backup directory, so it needs no other check to pass first.
        register_check("backup", check_backup_age)
