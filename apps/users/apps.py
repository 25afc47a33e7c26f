from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "users"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_permission_functions, sender=self)


def _sync_permission_functions(sender, using="default", **kwargs) -> None:
    from apps.users.permissions import sync_permission_functions

    sync_permission_functions(using=using)
