"""`is_operator` for the navigation's link to the operators' page (no query: a settings lookup)."""

from django.http import HttpRequest

from apps.operations.views import is_operator


def operator(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"is_operator": user is not None and is_operator(user)}
