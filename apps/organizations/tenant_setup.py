"""What a new tenant is given besides its organization row and first admin.

Apps above organizations register a setup step in their `AppConfig.ready()` (the workflow app
installs the standard workflow), so `tenant_create` can run them without importing those apps.
Steps run in registration order, inside `tenant_create`'s transaction: a failing step leaves no
half-made tenant.
"""

from __future__ import annotations

from collections.abc import Callable

TenantSetupStep = Callable[..., object]

_steps: list[TenantSetupStep] = []


def register_tenant_setup(step: TenantSetupStep) -> None:
    """`step(organization_id=..., language=...)` runs for every new tenant (`language` is the
    tenant's language at creation, a code of settings.LANGUAGES). Registering twice is
    harmless."""
    if step not in _steps:
        _steps.append(step)


def tenant_setup_run(*, organization_id, language: str = "en") -> None:
    for step in _steps:
        step(organization_id=organization_id, language=language)
