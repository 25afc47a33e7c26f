from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apps.organizations.tenant_setup import register_tenant_setup


class WorkflowConfig(AppConfig):
    name = "apps.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        # Imported here, not at module top: services import models, which Django allows only once
        # the app registry is ready (its documented place for this is `ready()`).
        from apps.workflow.services import workflow_install_standard

        # Every new tenant starts with the standard workflow.
        register_tenant_setup(workflow_install_standard)
