from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "apps.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Webhook events are announced by the lower apps' audit trail; the api app listens.
        from apps.api import webhook_events

        webhook_events.connect()
