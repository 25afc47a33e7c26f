"""A bounded, seeded fuzz of every URL and every form field: no answer is a 5xx, and a request that
is refused (4xx) writes no row.

Every route pattern of the URLconf (the admin's included; its regex-only routes, the app index and
the catch-all, are left out) is requested with its path converters filled with valid ids of
factory-made rows and with hostile values; each page that answers is fetched with hostile query
parameters, and the names of its form fields are posted back with hostile values, some in a
charset other than UTF-8; by the admin and by a random one of several roles (or nobody). Row
counts of every table (sessions and sign-in attempts aside, which a refused sign-in does write) are
compared before and after each refused request.

Size: every pattern (145), three path fillings (valid ids as an admin, valid ids and hostile values
as a random role), a GET (or two) and a POST each: about 1,100 requests with the seed below, about
two minutes on an idle machine. The seed makes a failure reproducible: the message names the
failing request.
"""

from __future__ import annotations

import random
import re
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from apps.users.models import Role, User
from tests.approvals.helpers import ask, by_role
from tests.contacts.factories import ContactFactory
from tests.documents.factories import DocumentFactory
from tests.messaging.factories import MessageFactory
from tests.notifications.factories import NotificationFactory
from tests.organizations.factories import CustomerFactory
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEED = 20261206
ROLES = (Role.ADMIN, Role.MANAGEMENT, Role.SALES, Role.ENGINEERING, Role.AUDITOR, None)
# Answers that are the page's meaning, not a failure: /health/ is 503 when no Celery worker runs.
EXPECTED_5XX = {"/health/"}
# Rows that a refused request may write by design: sessions, and failed sign-ins (django-axes).
UNCOUNTED_TABLES = ("django_session", "axes_")

HOSTILE = [
    "",
    " ",
    "a" * 5000,
    "\x00",
    "nul\x00in the middle",
    "💥" * 300,
    "Ω≈ç√∫µ≤≥÷ المعلومات ข้อมูล",
    "'; DROP TABLE users; --",
    "99999999999999999999999999999",
    "9223372036854775807",
    "-1",
    "1e309",
    "NaN",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "//evil.example.com/",
    "ADMIN",
    "2026-02-30",
    "{}",
    "[1e309]",
]
HOSTILE_QUERY_KEYS = ["page", "q", "status", "next", "sort", "fragment", "show", "stage", "state"]
# The table a converter's id comes from: by its name, else by the path segment before it.
TABLE_BY_KWARG = {
    "customer_pk": "organizations",
    "project_pk": "projects",
    "progress_pk": "project_sub_stage_progress",
    "attachment_pk": "approval_attachments",
}
TABLE_BY_SEGMENT = {
    "projects": "projects",
    "approvals": "approvals",
    "documents": "documents",
    "customers": "organizations",
    "contacts": "contacts",
    "notifications": "notifications",
    "team": "users",
    "messages": "messages",
}
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
FIELD_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.IGNORECASE)


def route_patterns(resolver=None, prefix: str = "") -> list[str]:
    """Every route of the URLconf as one string with its converters ("projects/<uuid:pk>/")."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # the admin's regex routes (app index, catch-all)
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes.extend(route_patterns(entry, route))
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return sorted(set(routes))


def ids_by_table() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name = 'id' AND data_type = 'uuid'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        ids = {}
        for table in tables:
            cursor.execute(f'SELECT id::text FROM "{table}" ORDER BY id LIMIT 20')
            ids[table] = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT DISTINCT thread_id::text FROM messages ORDER BY 1 LIMIT 20")
        ids["threads"] = [row[0] for row in cursor.fetchall()]
    return ids


def counted_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        names = [row[0] for row in cursor.fetchall()]
    return sorted(name for name in names if not name.startswith(UNCOUNTED_TABLES))


def row_counts(tables: list[str]) -> tuple[int, ...]:
    sql = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{table}")' for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def admin_model_table(route: str) -> str | None:
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    try:
        return django_apps.get_model(match.group(1), match.group(2))._meta.db_table
    except LookupError:
        return None


def fill(route: str, rng: random.Random, ids: dict[str, list[str]], hostile: bool) -> str:
    """The route with each converter replaced by a valid id (or a hostile value)."""
    admin_table = admin_model_table(route)

    def value(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        if hostile:
            return quote(rng.choice(HOSTILE), safe="") or "x"
        if converter == "int":
            return str(rng.choice([1, 2, 3]))
        if converter == "slug":
            return rng.choice(["start", "complete", "skip", "block", "unblock", "submit"])
        if name == "thread_id":
            table = "threads"
        elif name in TABLE_BY_KWARG:
            table = TABLE_BY_KWARG[name]
        elif admin_table:
            table = admin_table
        else:
            before = route[: match.start()].strip("/").split("/")
            table = next(
                (TABLE_BY_SEGMENT[s] for s in reversed(before) if s in TABLE_BY_SEGMENT), ""
            )
        pool = ids.get(table) or [i for values in ids.values() for i in values]
        return rng.choice(pool) if pool else "00000000-0000-0000-0000-000000000000"

    return "/" + CONVERTER.sub(value, route)


def hostile_form(names: list[str], rng: random.Random) -> dict[str, str]:
    data = {name: rng.choice(HOSTILE) for name in names if name != "csrfmiddlewaretoken"}
    for key in rng.sample(HOSTILE_QUERY_KEYS, 2):
        data.setdefault(key, rng.choice(HOSTILE))
    return data


@pytest.fixture
def people(tenant):
    return {
        role: UserFactory(organization=tenant, role=role, email=f"fuzz.{role}@a.example.com")
        for role in ROLES
        if role is not None
    }


@pytest.fixture
def factory_data(tenant, other_tenant, people):
    """A little of everything, in this tenant and in another one."""
    for owner, user in ((tenant, people[Role.SALES]), (other_tenant, None)):
        customer = CustomerFactory(owner_organization=owner)
        ContactFactory(owner_organization=owner, organization=customer)
        project = ProjectFactory(organization=owner, customer_organization=customer)
        DocumentFactory(organization=owner, project=project)
        NotificationFactory(organization=owner, user=user or UserFactory(organization=owner))
        MessageFactory(organization=owner)
        if user is not None:
            ask(user, project, by_role(Role.MANAGEMENT))


def test_no_request_answers_5xx_and_no_refused_request_writes(people, factory_data):
    rng = random.Random(SEED)  # noqa: S311 (a reproducible test, not a secret)
    ids = ids_by_table()
    tables = counted_tables()
    failures: list[str] = []

    def send(verb: str, url: str, role, **kwargs) -> str:
        client = Client(raise_request_exception=False)
        if role is not None:
            if not User.objects.filter(pk=people[role].pk).exists():  # an admin request deleted it
                people[role] = UserFactory(organization=people[role].organization, role=role)
            client.force_login(people[role])
        before = row_counts(tables)
        if verb == "post_raw":  # a body sent as it is, in whatever charset it declares
            response = client.generic("POST", url, **kwargs)
        else:
            response = getattr(client, verb)(url, **kwargs)
        where = f"{verb.upper()} {url[:150]!r} as {role or 'anonymous'} (seed {SEED})"
        if response.status_code >= 500 and url.split("?")[0] not in EXPECTED_5XX:
            failures.append(f"{response.status_code} for {where}")
        if 400 <= response.status_code < 500 and row_counts(tables) != before:
            failures.append(f"{response.status_code} wrote rows for {where}")
        is_html = response.get("Content-Type", "").startswith("text/html")
        return response.content.decode(errors="replace") if is_html else ""

    for route in route_patterns():
        # The admin sees every form; then anyone, with valid ids and with hostile ones.
        for hostile_path, role in ((False, Role.ADMIN), (False, None), (True, None)):
            url = fill(route, rng, ids, hostile_path)
            role = role or rng.choice(ROLES)
            query = {key: rng.choice(HOSTILE) for key in rng.sample(HOSTILE_QUERY_KEYS, 3)}
            body = send("get", f"{url}?{urlencode(query)}", role)
            if not body:
                body = send("get", url, role)
            names = sorted(set(FIELD_NAME.findall(body)))
            data = hostile_form(names, rng)
            if rng.random() < 0.15:
                charset = rng.choice(["utf-7", "utf-16", "latin-1"])
                send(
                    "post_raw",
                    url,
                    role,
                    data=urlencode(data).encode(),
                    content_type=f"application/x-www-form-urlencoded; charset={charset}",
                )
            else:
                send("post", url, role, data=data)

    assert not failures, "\n".join(failures)
