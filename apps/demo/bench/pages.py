"""The pages the benchmark measures: one `PageSpec` per line, measured through Django's test
client as the signed-in benchmark user (the whole middleware stack, tenant transaction and
template rendering included; no network).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.demo.bench.context import DEEP_LIST_PARAMS, BenchContext
from apps.demo.bench.replay import measure_replay, tenant_selects
from apps.demo.bench.timing import summarize

PAGE_TARGET_MS = 25.0
PAGE_TARGET_QUERIES = 12

MEASURED = "ok"
FAILED = "error"


def _no_kwargs(ctx: BenchContext, iteration: int) -> dict:
    return {}


def _no_query(ctx: BenchContext) -> dict:
    return {}


@dataclass(frozen=True)
class PageSpec:
    name: str
    url_name: str
    kwargs: Callable[[BenchContext, int], dict] = _no_kwargs
    query: Callable[[BenchContext], dict] = _no_query
    htmx: bool = False
    target_ms: float | None = PAGE_TARGET_MS
    target_queries: int | None = PAGE_TARGET_QUERIES
    # HTMX partials the page loads right after it (its panels): fetched in the same iteration,
    # so the timing is the whole view and the query count the sum of all its requests.
    panels: tuple[str, ...] = ()
    # Ask as a browser that already has the page would (If-None-Match with the ETag it got):
    # a 304 is then the expected answer.
    revalidate: bool = False

    def url(self, ctx: BenchContext, iteration: int) -> str:
        """The path for this iteration."""
        path = reverse(self.url_name, kwargs=self.kwargs(ctx, iteration))
        query = self.query(ctx)
        if query:
            path = f"{path}?{urlencode(query)}"
        return path

    def requests(self, ctx: BenchContext, iteration: int) -> list[tuple[str, dict]]:
        """(path, headers) of every request one view of the page makes."""
        htmx = {"HX-Request": "true"}
        first = (self.url(ctx, iteration), htmx if self.htmx else {})
        return [first, *((reverse(name), htmx) for name in self.panels)]


def _detail(ctx: BenchContext, iteration: int) -> dict:
    return {"pk": ctx.project(iteration)}


def _activity(ctx: BenchContext, iteration: int) -> dict:
    return {"pk": ctx.activity_project_id or ctx.project(iteration)}


def _conversation(ctx: BenchContext, iteration: int) -> dict:
    return {"thread_id": ctx.thread_id}


DASHBOARD_PANELS = (
    "dashboard:freshness",
    "dashboard:kpis",
    "dashboard:charts",
    "dashboard:my-work",
    "dashboard:efficiency",
)


def _deep_list_page(ctx: BenchContext) -> dict:
    cursor = {"cursor": ctx.deep_list_cursor} if ctx.deep_list_cursor else {}
    return {**DEEP_LIST_PARAMS, **cursor}


PAGES: tuple[PageSpec, ...] = (
    # The dashboard page reads nothing itself; its five panels load over HTMX right after (in
    # parallel in a browser). The first row is the sum of all six requests, for information;
    # each request has the page targets.
    PageSpec(
        "dashboard, page and 5 panels (sum)",
        "home",
        panels=DASHBOARD_PANELS,
        target_ms=None,
        target_queries=None,
    ),
    PageSpec("dashboard page", "home"),
    *(
        PageSpec(f"dashboard panel: {name.split(':')[1]}", name, htmx=True)
        for name in DASHBOARD_PANELS
    ),
    PageSpec("project list", "projects:list"),
    PageSpec(
        "project list, filtered",
        "projects:list",
        query=lambda ctx: {"status": ctx.filter_status, "priority_level": ctx.filter_priority},
    ),
    PageSpec("project list, search", "projects:list", query=lambda ctx: {"q": ctx.search_term}),
    # Every project (closed ones too: 400 pages at the default scale), its first page and its
    # page 400 by the cursor of a "Next" link (keyset pages): the target is within 20 %.
    PageSpec("project list, all states", "projects:list", query=lambda ctx: DEEP_LIST_PARAMS),
    PageSpec("project list, all states, page 400", "projects:list", query=_deep_list_page),
    # The sorts whose key is worked out per project (the customer's name, the next due date),
    # not read from an index: every project of the tenant is ranked before the page is cut.
    PageSpec("project list, by customer", "projects:list", query=lambda ctx: {"sort": "customer"}),
    PageSpec("project list, by next due", "projects:list", query=lambda ctx: {"sort": "due_at"}),
    PageSpec("project detail", "projects:detail", kwargs=_detail),
    PageSpec("board", "projects:board"),
    PageSpec("approvals queue", "approvals:queue"),
    PageSpec("notifications bell", "notifications:bell", htmx=True),
    PageSpec("notifications bell, 304 poll", "notifications:bell", htmx=True, revalidate=True),
    PageSpec("notifications dropdown", "notifications:dropdown", htmx=True),
    PageSpec("notifications page", "notifications:list"),
    PageSpec("documents list", "documents:list"),
    PageSpec(
        "documents list, page 40",
        "documents:list",
        query=lambda ctx: {"page": ctx.documents_deep_page},
    ),
    PageSpec("customers list", "customers:list"),
    PageSpec("messages inbox", "messaging:inbox"),
    PageSpec("messages, a long conversation", "messaging:thread", kwargs=_conversation),
    PageSpec("project activity, longest log", "projects:activity", kwargs=_activity),
)


@dataclass
class PageResult:
    name: str
    url_name: str
    status: str
    path: str = ""
    http_status: int | None = None
    queries: int | None = None
    timings: dict = field(default_factory=dict)
    target_ms: float | None = None
    target_queries: int | None = None
    detail: str = ""
    sql: dict = field(default_factory=dict)  # the page's SELECTs replayed with and without RLS

    @property
    def meets_target(self) -> bool | None:
        if self.status != MEASURED or (self.target_ms is None and self.target_queries is None):
            return None
        fast = self.target_ms is None or self.timings["p95_ms"] <= self.target_ms
        lean = self.target_queries is None or (self.queries or 0) <= self.target_queries
        return fast and lean

    def as_dict(self) -> dict:
        return {**self.__dict__, "meets_target": self.meets_target}


def signed_in_client(ctx: BenchContext) -> Client:
    # localhost is in every environment's ALLOWED_HOSTS; HTTPS so production's redirect and
    # secure cookies behave as for a real browser.
    client = Client(SERVER_NAME="localhost")
    client.force_login(ctx.user)
    return client


def measure_page(
    client: Client, spec: PageSpec, ctx: BenchContext, *, iterations: int, warmup: int
) -> PageResult:
    result = PageResult(spec.name, spec.url_name, MEASURED)
    result.target_ms, result.target_queries = spec.target_ms, spec.target_queries
    result.path = " + ".join(path for path, _ in spec.requests(ctx, 0))

    etags: dict[str, str] = {}

    def view(iteration: int) -> tuple[int, str]:
        """Every request of one view of the page; the first unexpected answer, if any."""
        for path, headers in spec.requests(ctx, iteration):
            if spec.revalidate and path in etags:
                headers = {**headers, "If-None-Match": etags[path]}
            response = client.get(path, headers=headers, secure=True)
            if response.has_header("ETag"):
                etags[path] = response["ETag"]
            expected = 304 if spec.revalidate and "If-None-Match" in headers else 200
            if response.status_code != expected:
                return response.status_code, path
        return 200, ""

    if spec.revalidate:
        view(0)  # the browser's first fetch, which gives it the ETag

    for iteration in range(warmup):
        view(iteration)
    samples = []
    for iteration in range(iterations):
        started = time.perf_counter()
        status, refused = view(iteration)
        samples.append(time.perf_counter() - started)
        if status != 200:
            result.status, result.http_status = FAILED, status
            result.detail = f"answered {status} for {refused}"
            return result
    with CaptureQueriesContext(connection) as captured:
        result.http_status, _ = view(0)
    result.queries = len(captured)
    result.timings = summarize(samples).as_dict()
    statements = tenant_selects(captured.captured_queries)
    result.sql = measure_replay(statements, ctx, iterations=iterations)
    return result
