"""Test-only middleware, placed innermost: records the database role and tenant right before the
view runs, so a test can prove every URL executes as the app role."""

from django.db import connection

observations: list[dict] = []


class RoleProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user::text, "
                "coalesce(current_setting('app.organization_id', true), '')"
            )
            role, organization_id = cursor.fetchone()
        observations.append(
            {
                "path": request.path,
                "role": role,
                "organization_id": organization_id,
                "in_transaction": connection.in_atomic_block,
            }
        )
