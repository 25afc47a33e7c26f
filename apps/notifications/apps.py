from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The settings page (users, below this app) offers these kinds for e-mail.
        from apps.notifications.models import NotificationType
        from apps.users.preferences import register_notification_kinds

        register_notification_kinds(NotificationType.choices)
