"""A generated tenant's staff, customers and their contacts."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from itertools import accumulate

from apps.demo.loadgen import vocabulary as words
from apps.demo.loadgen.copytext import NULL, Clock, array, jsonb, new_id
from apps.demo.loadgen.scale import role_counts
from apps.demo.loadgen.tables import Buffers
from apps.demo.loadgen.workflow import TenantWorkflow
from apps.users.models import Role
from apps.users.roles import STAFF_ROLES

DAY = 86_400.0
USER_STATUSES = (("active", 0.92), ("invited", 0.04), ("suspended", 0.02), ("disabled", 0.02))
BENCHMARK_EMAIL_LOCAL = "benchmark"


@dataclass
class Customer:
    id: str
    name: str
    contacts: list[str]


@dataclass
class TenantData:
    """Everything the project rows of one tenant refer to."""

    organization_id: str
    slug: str
    workflow: TenantWorkflow
    rng: random.Random
    clock: Clock
    now: float
    buffers: Buffers
    users_by_role: dict[str, list[str]] = field(default_factory=dict)
    active_users: list[str] = field(default_factory=list)
    customers: list[Customer] = field(default_factory=list)
    customer_weights: list[float] = field(default_factory=list)
    project_ids: list[str] = field(default_factory=list)
    benchmark_user: str | None = None

    def id(self) -> str:
        return new_id(self.rng)

    def someone(self, role: str) -> str:
        people = self.users_by_role.get(role) or self.users_by_role[Role.MANAGEMENT]
        return people[self.rng.randrange(len(people))]

    def customer(self) -> Customer:
        return self.rng.choices(self.customers, cum_weights=self.customer_weights)[0]


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(words.GIVEN_NAMES)} {rng.choice(words.FAMILY_NAMES)}"


def _email_local(name: str, number: int) -> str:
    return re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".") + f".{number}"


def add_staff(
    tenant: TenantData,
    *,
    users: int,
    admin_id: str,
    password_hash: str,
    with_benchmark_user: bool,
) -> None:
    """COPY rows for the tenant's people besides its first admin (already made by the service).

    Every role has at least one active person, so all work can be assigned and decided. The
    large tenant also gets the benchmark's manager, `benchmark@<slug>.example.com`.
    """
    rng, clock, rows = tenant.rng, tenant.clock, tenant.buffers["users"]
    tenant.users_by_role = {role: [] for role in STAFF_ROLES}
    tenant.users_by_role[Role.ADMIN].append(admin_id)
    tenant.active_users.append(admin_id)
    plan = role_counts(users, with_benchmark_user=with_benchmark_user)
    if with_benchmark_user:
        plan.insert(0, (Role.MANAGEMENT, 1))
    number = 0
    managers: list[str] = []
    for role, count in plan:
        for position in range(count):
            number += 1
            user_id = tenant.id()
            benchmark = with_benchmark_user and number == 1
            name = "Benchmark Manager" if benchmark else _person_name(rng)
            local = BENCHMARK_EMAIL_LOCAL if benchmark else _email_local(name, number)
            # The first of each role stays active, so the role is never empty.
            status = "active" if position == 0 else _pick_status(rng)
            joined = tenant.now - rng.uniform(30, 1500) * DAY
            manager = managers[rng.randrange(len(managers))] if managers else None
            rows.add(
                user_id, tenant.organization_id, f"{local}@{tenant.slug}.example.com", name, role,
                words.DEPARTMENTS[role], status, f"E{number:05d}",
                manager if role != Role.MANAGEMENT and manager else NULL,
                f"+84-90-{rng.randrange(1_000_000, 9_999_999)}", "",
                jsonb({"timezone": "Asia/Ho_Chi_Minh", "language": rng.choice(("en", "vi")),
                       "theme": "light"}),
                array(()), password_hash,
                clock.ts(tenant.now - rng.uniform(0, 20) * DAY) if status == "active" else NULL,
                clock.ts(joined), clock.ts(joined),
            )  # fmt: skip
            if benchmark:
                tenant.benchmark_user = user_id
            if role == Role.MANAGEMENT:
                managers.append(user_id)
            if status == "active":
                tenant.users_by_role[role].append(user_id)
                tenant.active_users.append(user_id)


def _pick_status(rng: random.Random) -> str:
    return rng.choices([s for s, _ in USER_STATUSES], [w for _, w in USER_STATUSES])[0]


def add_customers(tenant: TenantData, *, projects: int) -> None:
    """External customer organizations (Zipf-like: a few big accounts) and 1-3 contacts each."""
    rng, clock = tenant.rng, tenant.clock
    count = max(3, min(400, projects // 25))
    used: set[str] = set()
    for number in range(1, count + 1):
        name = (
            f"{rng.choice(words.PLACES)} {rng.choice(words.CUSTOMER_WORDS)} "
            f"{rng.choice(words.COMPANY_SUFFIXES)}"
        )
        if name in used:
            name = f"{name} {number}"
        used.add(name)
        customer = Customer(tenant.id(), name, [])
        since = clock.ts(tenant.now - rng.uniform(400, 1500) * DAY)
        slug = f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}-{number}"
        tenant.buffers["organizations"].add(
            customer.id, tenant.organization_id, name, slug[:100], "customer",
            "Customer account generated for load tests.", rng.choice(("VN", "US", "JP", "KR")),
            rng.choice(words.INDUSTRIES), f"https://www.{slug[:40]}.example.com", "",
            "Asia/Ho_Chi_Minh", "USD", "t", since, since,
        )  # fmt: skip
        domain = f"{slug[:40]}.example.com"
        for position in range(rng.randint(1, 3)):
            contact_name = _person_name(rng)
            contact_id = tenant.id()
            customer.contacts.append(contact_id)
            tenant.buffers["contacts"].add(
                contact_id, tenant.organization_id, customer.id, "customer", contact_name,
                f"{_email_local(contact_name, position + 1)}@{domain}",
                f"+84-28-{rng.randrange(1_000_000, 9_999_999)}", rng.choice(words.CONTACT_ROLES),
                "t" if position == 0 else "f", "t", "", since, since,
            )  # fmt: skip
        tenant.customers.append(customer)
    weights = [1.0 / rank for rank in range(1, count + 1)]
    tenant.customer_weights = list(accumulate(weights))
