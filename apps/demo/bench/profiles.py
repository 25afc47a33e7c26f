"""Where each page's time goes: every benchmark page run under pyinstrument (a sampling profiler,
so the Python it measures is not slowed the way cProfile slows it), its time split by the kind
of code it was in, and its heaviest functions. `manage.py benchmark --profile` writes the report.
"""

from __future__ import annotations

import datetime
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyinstrument import Profiler

from apps.demo.bench.context import BenchContext, bench_context
from apps.demo.bench.pages import PAGES, PageSpec, signed_in_client

# The kinds of code a page's time is split into, by the path of the frame that was running;
# the first match wins, so the narrower patterns come first.
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SQL (driver and wait)", ("/psycopg/", "/psycopg_c/", "/psycopg_pool/")),
    ("templates", ("/django/template/", "/templatetags/", "/django/templatetags/")),
    ("ORM", ("/django/db/",)),
    ("forms and widgets", ("/django/forms/",)),
    ("translation and formats", ("/django/utils/translation/", "/django/utils/formats", "/babel/")),
    ("our code", ("/apps/",)),
    ("Django: requests, middleware, utilities", ("/django/",)),
)
OTHER = "other libraries"
SAMPLE_SECONDS = 0.001
TOP_FUNCTIONS = 6


@dataclass
class PageProfile:
    name: str
    path: str
    views: int
    ms_per_view: float
    by_kind: dict[str, float] = field(default_factory=dict)  # share of the time, percent
    top: list[tuple[str, float]] = field(default_factory=list)  # function, ms per view (self)


def kind_of(file_path: str) -> str:
    path = file_path.replace("\\", "/")
    for kind, patterns in KINDS:
        if any(pattern in path for pattern in patterns):
            return kind
    return OTHER


def _frames(frame, kind: str = OTHER) -> Iterator[tuple[object, str]]:
    """Every frame with its kind; a built-in (no file) counts as the code that called it."""
    path = frame.file_path or ""
    if path and not path.startswith("<"):
        kind = kind_of(path)
    yield frame, kind
    for child in frame.children:
        yield from _frames(child, kind)


def profile_page(client, spec: PageSpec, ctx: BenchContext, *, views: int) -> PageProfile:
    for iteration in range(3):  # warm the caches, as the benchmark does
        _view(client, spec, ctx, iteration)
    profiler = Profiler(interval=SAMPLE_SECONDS)
    started = time.perf_counter()
    profiler.start()
    for iteration in range(views):
        _view(client, spec, ctx, iteration)
    profiler.stop()
    elapsed = time.perf_counter() - started
    root = profiler.last_session.root_frame()
    by_kind: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    for frame, kind in _frames(root):
        if frame.is_synthetic or not frame.total_self_time:
            continue
        by_kind[kind] += frame.total_self_time
        where = f"{frame.function} ({frame.file_path_short or ''}:{frame.line_no})"
        by_function[where] += frame.total_self_time
    total = sum(by_kind.values()) or 1.0
    return PageProfile(
        name=spec.name,
        path=" + ".join(path for path, _ in spec.requests(ctx, 0)),
        views=views,
        ms_per_view=round(elapsed * 1000 / views, 1),
        by_kind={kind: round(100 * seconds / total, 1) for kind, seconds in by_kind.items()},
        top=[
            (where, round(seconds * 1000 / views, 2))
            for where, seconds in by_function.most_common(TOP_FUNCTIONS)
        ],
    )


def _view(client, spec: PageSpec, ctx: BenchContext, iteration: int) -> None:
    for path, headers in spec.requests(ctx, iteration):
        client.get(path, headers=headers, secure=True)


def profile_pages(
    *,
    views: int,
    tenant_slug: str = "",
    user_email: str = "",
    pages: tuple[PageSpec, ...] = PAGES,
    say: Callable[[str], None] = lambda line: None,
) -> dict:
    ctx = bench_context(tenant_slug=tenant_slug, user_email=user_email)
    client = signed_in_client(ctx)
    profiles = []
    for spec in pages:
        if spec.revalidate or spec.panels:  # a 304, or the sum of pages profiled one by one
            continue
        profile = profile_page(client, spec, ctx, views=views)
        say(f"profiled {spec.name}: {profile.ms_per_view} ms")
        profiles.append(profile)
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "views": views,
        "pages": profiles,
    }


def write_profiles(report: dict, output: str) -> Path:
    kinds = [kind for kind, _ in KINDS] + [OTHER]
    lines = [
        "# Where each page's time goes",
        "",
        f"`manage.py benchmark --profile`, {report['measured_at']}, load average "
        f"{', '.join(str(value) for value in report['load_average'])}; {report['views']} views of "
        "each page under pyinstrument (sampling every millisecond; the profiler adds to the time "
        "per view, so compare the shares with the benchmark, not the times). Shares are of the "
        "time sampled in the requests, by the kind of code that was running (a built-in counts "
        "as its caller's kind).",
        "",
        "| page | ms per view | " + " | ".join(kinds) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in kinds) + " |",
    ]
    for page in report["pages"]:
        shares = " | ".join(f"{page.by_kind.get(kind, 0.0):.0f} %" for kind in kinds)
        lines.append(f"| {page.name} | {page.ms_per_view} | {shares} |")
    lines += ["", "## The heaviest functions of each page (own time, ms per view)", ""]
    for page in report["pages"]:
        lines += [f"### {page.name}", "", f"`{page.path}`", ""]
        lines += [f"- {ms} ms: `{where}`" for where, ms in page.top]
        lines.append("")
    path = Path(f"{output}.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
    return path
