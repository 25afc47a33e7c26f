from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "apps.activity"
    label = "activity"
    verbose_name = _("Activity log")

    def ready(self) -> None:
        # The change feed's mark is derived from the audit trail (apps/core/changefeed.py).
        from apps.activity.feed import activity_mark
        from apps.core.changefeed import register_mark_source

        register_mark_source(activity_mark)
