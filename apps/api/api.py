"""The JSON API for integrators, /api/v1/ (django-ninja).

Every endpoint runs inside the request's tenant context (`TenantMiddleware`), as pages do, so
row-level security scopes it; objects are loaded through the apps' access functions (404 for
another tenant's id) and every write goes through the apps' services and permission rules.
"""

from __future__ import annotations

from ninja import NinjaAPI

from apps.api.auth import BrowserSessionAuth, TokenAuth
from apps.api.endpoints import approvals, customers, documents, notifications, projects, users
from apps.api.errors import install_error_handlers

api = NinjaAPI(
    title="Factory Pulse API",
    version="1",
    description=(
        "Projects, customers, approvals, documents and notifications of your factory. "
        "Authenticate with a personal access token (`Authorization: Bearer fp_…`) created at "
        "/settings/tokens/, or with the browser's session."
    ),
    auth=[TokenAuth(), BrowserSessionAuth()],
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
)
install_error_handlers(api)
api.add_router("/projects", projects.router)
api.add_router("/customers", customers.router)
api.add_router("/approvals", approvals.router)
api.add_router("/documents", documents.router)
api.add_router("/notifications", notifications.router)
api.add_router("/users", users.router)
