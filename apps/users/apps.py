from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "users"

    def ready(self) -> None:
        # Imported here, not at the top: both modules import the User model, which Django loads
        # only after it has imported every app's apps.py.
        from apps.users.backends import record_last_login
        from apps.users.permissions import sync_permission_functions_after_migrate

        post_migrate.connect(sync_permission_functions_after_migrate, sender=self)
        # Django's own receiver saves `last_login` outside any tenant, which RLS turns into "no
        # row updated"; ours saves it as the user's tenant.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="users_record_last_login")
