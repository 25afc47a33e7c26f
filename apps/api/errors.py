"""Every refusal of the API as JSON: `{"detail": "...", "errors": {"field": ["message"]}}`.

Services raise Django's ValidationError (422, with its field messages) or PermissionDenied (403);
an object of another tenant, or none at all, is a 404 (the access functions raise Http404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def _field_of(location) -> str:
    """`["body", "payload", "title"]` → "title"; a query or path parameter keeps its name."""
    parts = [str(part) for part in location if part not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "__all__"


def validation_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("__all__" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {"__all__": [str(message) for message in error.messages]}


def install_error_handlers(api: NinjaAPI) -> None:
    def refused(request, exc: ValidationError):
        errors = validation_errors(exc)
        detail = " ".join(message for messages in errors.values() for message in messages)
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    def schema_refused(request, exc: SchemaValidationError):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            errors.setdefault(_field_of(item.get("loc", ())), []).append(str(item.get("msg", "")))
        return api.create_response(
            request, {"detail": _("The request is not valid."), "errors": errors}, status=422
        )

    def forbidden(request, exc: PermissionDenied):
        return api.create_response(
            request, {"detail": str(exc) or _("You may not do that.")}, status=403
        )

    def unauthenticated(request, exc: AuthenticationError):
        return api.create_response(
            request,
            {"detail": _("Authentication required: send a token or sign in.")},
            status=401,
        )

    def http_error(request, exc: HttpError):
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    api.add_exception_handler(ValidationError, refused)
    api.add_exception_handler(SchemaValidationError, schema_refused)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
