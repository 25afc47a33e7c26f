"""How big the dataset is and how it is split between tenants.

One tenant is "large" (about a tenth of all projects, and never smaller than any other tenant):
the benchmark signs in there, so its pages see the worst case a real customer would. The others
vary in size around their average, as real factories do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from apps.users.models import Role
from apps.users.roles import STAFF_ROLES

DEFAULT_TENANTS = 50
DEFAULT_USERS = 5_000
DEFAULT_PROJECTS = 100_000
DEFAULT_SEED = 2025

# Named sizes (tenants, users, projects): "small" is what the EXPLAIN tests load, big enough for
# the planner to prefer indexes and small enough for CI.
SCALES: dict[str, tuple[int, int, int]] = {
    "tiny": (2, 24, 40),
    "small": (8, 96, 4_000),
    "default": (DEFAULT_TENANTS, DEFAULT_USERS, DEFAULT_PROJECTS),
}

LARGE_TENANT_SHARE = 0.10
# Every tenant needs its admin (made by tenant_create) and one person in each other role, so
# every sub-stage has someone responsible and every approval someone to decide it.
MIN_USERS_PER_TENANT = len(STAFF_ROLES)

# Share of the non-admin staff in each role (admins: the service's one plus this share).
ROLE_MIX: tuple[tuple[str, float], ...] = (
    (Role.PRODUCTION, 0.24),
    (Role.ENGINEERING, 0.18),
    (Role.SALES, 0.15),
    (Role.QA, 0.12),
    (Role.PROCUREMENT, 0.08),
    (Role.MANAGEMENT, 0.07),
    (Role.LOGISTICS, 0.07),
    (Role.FINANCE, 0.05),
    (Role.AUDITOR, 0.02),
    (Role.ADMIN, 0.02),
)


@dataclass(frozen=True)
class LoadScale:
    tenants: int = DEFAULT_TENANTS
    users: int = DEFAULT_USERS
    projects: int = DEFAULT_PROJECTS
    seed: int = DEFAULT_SEED

    @classmethod
    def named(cls, name: str, *, seed: int = DEFAULT_SEED) -> LoadScale:
        tenants, users, projects = SCALES[name]
        return cls(tenants=tenants, users=users, projects=projects, seed=seed)

    def validate(self) -> None:
        if self.tenants < 1:
            raise ValidationError("--tenants must be at least 1.")
        if self.projects < self.tenants:
            raise ValidationError(
                f"--projects must be at least --tenants ({self.tenants}): every tenant gets one."
            )
        needed = self.tenants * MIN_USERS_PER_TENANT
        if self.users < needed:
            raise ValidationError(
                f"--users must be at least {needed}: each of the {self.tenants} tenants needs "
                f"{MIN_USERS_PER_TENANT} people (one per role)."
            )


@dataclass(frozen=True)
class TenantShare:
    index: int
    projects: int
    users: int
    is_large: bool


def split_exactly(total: int, weights: list[float], minimum: int) -> list[int]:
    """`total` split in proportion to `weights`, each part at least `minimum`, summing exactly
    to `total` (largest remainders get the leftover units)."""
    if not weights:
        return []
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError("total is smaller than the minimum of all parts")
    weight_sum = sum(weights)
    raw = [spare * weight / weight_sum for weight in weights]
    parts = [int(value) for value in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in by_remainder[: spare - sum(parts)]:
        parts[i] += 1
    return [minimum + part for part in parts]


def tenant_shares(scale: LoadScale, rng: random.Random) -> list[TenantShare]:
    """Projects and users per tenant; tenant 0 is the large one."""
    if scale.tenants == 1:
        return [TenantShare(0, scale.projects, scale.users, True)]
    large_share = max(LARGE_TENANT_SHARE, 1.5 / scale.tenants)
    large_projects = max(1, round(scale.projects * large_share))
    others = scale.tenants - 1
    large_projects = min(large_projects, scale.projects - others)
    weights = [rng.uniform(0.5, 1.5) for _ in range(others)]
    other_projects = split_exactly(scale.projects - large_projects, weights, 1)
    # Users follow projects, but every tenant keeps its minimum team.
    project_weights = [float(large_projects), *(float(count) for count in other_projects)]
    users = split_exactly(scale.users, project_weights, MIN_USERS_PER_TENANT)
    projects = [large_projects, *other_projects]
    return [
        TenantShare(index, projects[index], users[index], index == 0)
        for index in range(scale.tenants)
    ]


def role_counts(users: int, *, with_benchmark_user: bool) -> list[tuple[str, int]]:
    """How many people of each role a tenant of `users` people gets, besides its first admin
    (made by the service) and the benchmark user (a manager) of the large tenant."""
    staff = users - 1 - (1 if with_benchmark_user else 0)
    # One per role first (the admin already exists), then the mix.
    base = {role: (0 if role == Role.ADMIN else 1) for role, _ in ROLE_MIX}
    if with_benchmark_user:
        base[Role.MANAGEMENT] = 0
    spare = staff - sum(base.values())
    extra = split_exactly(spare, [share for _, share in ROLE_MIX], 0)
    return [(role, base[role] + count) for (role, _), count in zip(ROLE_MIX, extra, strict=True)]
