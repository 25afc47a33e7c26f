from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The settings page (users, below this app) offers these kinds for e-mail.
        from apps.notifications.models import NotificationType
        from apps.users.preferences import register_notification_kinds

        register_notification_kinds(NotificationType.choices)
