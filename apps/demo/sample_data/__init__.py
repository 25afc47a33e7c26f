"""The sample dataset of SPEC section 9, loaded by `manage.py seed_sample_data`.

Data (what the factories, people and projects are) lives in `people`, `companies`, `projects`,
`records` and `tenants`; the builders (`build_*`) turn it into rows through the services, inside
each tenant's own context; `loader` runs it all in one transaction and `reset` removes it.
"""

from apps.demo.sample_data.loader import (
    SeedOutcome,
    TenantSummary,
    load_sample_data,
    sample_data_seed,
    sample_tenants,
)
from apps.demo.sample_data.tenants import SAMPLE_PASSWORD, SAMPLE_TENANTS, SIGN_IN_EMAIL

__all__ = [
    "SAMPLE_PASSWORD",
    "SAMPLE_TENANTS",
    "SIGN_IN_EMAIL",
    "SeedOutcome",
    "TenantSummary",
    "load_sample_data",
    "sample_data_seed",
    "sample_tenants",
]
