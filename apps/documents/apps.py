from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Imported here, not at the top: this module is read while the app registry is still
        # loading, before models (which `subjects` needs) can be imported.
        from apps.documents.subjects import approval_subjects_register

        approval_subjects_register()
