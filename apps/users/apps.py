from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "users"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from apps.users.backends import record_last_login

        post_migrate.connect(_sync_permission_functions, sender=self)
        # Django's own receiver saves `last_login` outside any tenant, which RLS turns into "no
        # row updated"; ours saves it as the user's tenant.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="users_record_last_login")


def _sync_permission_functions(sender, using="default", **kwargs) -> None:
    from apps.users.permissions import sync_permission_functions

    sync_permission_functions(using=using)
