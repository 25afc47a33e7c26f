"""The locust side of `manage.py loadtest`: staff of the large tenant using the app over HTTP.

Run by the command as its own process (`locust -f this file --headless`): locust monkey-patches
the standard library with gevent, so nothing here imports Django and Django never imports this.
What to ask for comes from the plan the command wrote (LOADTEST_PLAN, a JSON file: the users, the
projects, the paths, the steps); what happened goes to LOADTEST_RESULTS (JSON): per concurrency
step, every request's time and outcome once the step's users have signed in and settled, and
when the step ran.

Three scenarios (user classes): `StaffUser` signs in and works (dashboard and its htmx panels, the
project list with filters and search, projects, the board, the approvals queue, a few writes) while
its bell polls every 30 s; `PollingUser` signs in and only polls one URL (an open page idling);
`LivePageUser` is one open live page (a project, the board, the list, the approvals queue or the
dashboard) following the change feed as static/js/live.js does.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from html import unescape

import gevent
from locust import FastHttpUser, LoadTestShape, between, constant, events, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"], encoding="utf-8").read())  # noqa: SIM115
RESULTS_PATH = os.environ["LOADTEST_RESULTS"]
PATHS = PLAN["paths"]
HTMX = {"HX-Request": "true"}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEP_FORM = re.compile(
    r'action="(/projects/[0-9a-f-]{36}/steps/([0-9a-f-]{36})/(start|complete)/)"'
)
# The page's poll element (templates/includes/live_poll.html): its ETag, its pass and the URL it
# asks.
LIVE_POLL = re.compile(
    r'<div hidden data-live-poll [^>]*data-live-etag="([^"]*)"'
    r'(?: data-live-pass="([^"]*)")?[^>]*hx-get="([^"]+)"'
)
THREAD_PARENT = re.compile(r'name="parent" value="([0-9a-f-]{36})"')

_numbers = itertools.count()
# Which project, filter or pause comes next: variety, not secrecy.
chance = random.Random()  # noqa: S311


class Recorder:
    """Every request's (name, ms, failed) filed under the step it ran in; nothing before the
    step's users have all signed in and settled."""

    def __init__(self) -> None:
        self.steps: list[dict] = []
        self.current: dict | None = None
        self.signed_in = 0  # users whose sign-in is over (refused ones too)
        self.writes = {"sub_stages_started": 0, "sub_stages_completed": 0, "messages_posted": 0}

    def begin(self, users: int) -> None:
        now = time.time()
        if self.current is not None:
            self.current["ended_at"] = now
        self.current = {
            "users": users,
            "started_at": now,
            "arrived_seconds": None,
            "measured_from": None,
            "ended_at": None,
            "samples": [],
        }
        self.steps.append(self.current)

    def measure_from(self, settle_seconds: float) -> None:
        now = time.time()
        self.current["arrived_seconds"] = round(now - self.current["started_at"], 1)
        self.current["measured_from"] = now + settle_seconds

    def add(self, name: str, response_time: float, failed: bool, detail: str) -> None:
        step = self.current
        if step is None or step["measured_from"] is None or time.time() < step["measured_from"]:
            return
        step["samples"].append((name, round(response_time, 2), failed, detail))

    def finish(self) -> None:
        if self.current is not None and self.current["ended_at"] is None:
            self.current["ended_at"] = time.time()
        with open(RESULTS_PATH, "w", encoding="utf-8") as out:
            json.dump({"steps": self.steps, "writes": self.writes}, out)


RECORDER = Recorder()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    detail = "" if exception is None else f"{type(exception).__name__}: {exception}"[:200]
    RECORDER.add(name, response_time, exception is not None, detail)


@events.test_stop.add_listener
def _write_results(**kwargs):
    RECORDER.finish()


class StepShape(LoadTestShape):
    """The plan's concurrency steps: each starts its new users, waits until all of them have
    signed in (at most ARRIVAL_LIMIT), lets it settle, then holds for the step's duration; only
    that last part is measured. Stops early when a step was far past the knee (unless told not
    to), so a rising run does not spend minutes drowning the machine."""

    ARRIVAL_LIMIT = 600.0

    def __init__(self) -> None:
        super().__init__()
        self.steps = PLAN["steps"]
        self.spawn_rate = PLAN["spawn_rate"]
        self.index = -1
        self.step_end: float | None = None

    def tick(self):
        run_time = self.get_run_time()
        if self.step_end is None and self.index >= 0:
            users, started = self.steps[self.index], RECORDER.current["started_at"]
            waited = time.time() - started
            if RECORDER.signed_in >= users or waited > self.ARRIVAL_LIMIT:
                RECORDER.measure_from(PLAN["settle_seconds"])
                self.step_end = run_time + PLAN["settle_seconds"] + PLAN["step_seconds"]
        elif self.index == -1 or run_time >= self.step_end:
            if self.index >= 0 and PLAN["stop_when_saturated"] and _saturated(RECORDER.current):
                return None
            self.index += 1
            if self.index >= len(self.steps):
                return None
            self.step_end = None
            RECORDER.begin(self.steps[self.index])
        return self.steps[self.index], self.spawn_rate


def _saturated(step: dict | None) -> bool:
    """Errors in more than 5 % of the step's requests, or a p95 beyond 10x the target."""
    samples = [s for s in (step["samples"] if step else []) if not s[0].startswith("sign in")]
    if not samples:
        return False
    times = sorted(sample[1] for sample in samples)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    errors = sum(1 for sample in samples if sample[2])
    return errors > 0.05 * len(samples) or p95 > 10 * PLAN["target_p95_ms"]


class SignedInUser(FastHttpUser):
    abstract = True
    host = PLAN["base_url"]
    # Every user reads the English pages (the language is not what is measured).
    default_headers = {"Accept-Language": "en"}

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.email = PLAN["users"][self.number % len(PLAN["users"])]
        self.etags: dict[str, str] = {}
        try:
            self.sign_in()
        finally:
            RECORDER.signed_in += 1

    def sign_in(self) -> None:
        page = self.get(PATHS["login"], "sign in: form")
        data = {"username": self.email, "password": PLAN["password"],
                "csrfmiddlewaretoken": _csrf(page.text)}  # fmt: skip
        with self.client.post(
            PATHS["login"], data=data, headers={"Referer": self.host + PATHS["login"]},
            name="sign in: post", allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            # Signed in is a redirect away from the form; the form again means refused.
            if response.status_code == 302 and PATHS["login"] not in response.headers.get(
                "Location", ""
            ):
                response.success()
            else:
                response.failure(f"sign-in refused (HTTP {response.status_code})")

    def get(self, path: str, name: str, **kwargs):
        """A page or partial: only a 200 is a success (a redirect to the sign-in page is not)."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
            return response

    def poll(self, path: str, name: str) -> None:
        """One poll as htmx sends it: the ETag of the last answer comes back; 304 is success."""
        headers = dict(HTMX)
        if path in self.etags:
            headers["If-None-Match"] = self.etags[path]
        with self.client.get(
            path, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code in (200, 304):
                if response.headers.get("ETag"):
                    self.etags[path] = response.headers["ETag"]
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


class StaffUser(SignedInUser):
    """A member of staff working through the day: one action every few seconds, the bell polling
    in the background as the base template's `hx-trigger="every 30s"` does."""

    wait_time = between(PLAN["think_seconds"] * 0.5, PLAN["think_seconds"] * 1.5)

    def on_start(self) -> None:
        super().on_start()
        projects = PLAN["projects"]
        # Each user works on its own slice of the projects, so writes of two users rarely race.
        self.projects = projects[self.number % 16 :: 16] or projects
        self.bell = gevent.spawn(self._bell_loop)

    def on_stop(self) -> None:
        self.bell.kill(block=False)

    def _bell_loop(self) -> None:
        gevent.sleep(chance.uniform(0, PLAN["bell_seconds"]))
        while True:
            self.poll(PATHS["bell"], "bell (poll)")
            gevent.sleep(PLAN["bell_seconds"])

    def project(self) -> str:
        return chance.choice(self.projects)

    @task(3)
    def dashboard(self) -> None:
        self.get(PATHS["home"], "dashboard")
        # A browser fetches the panels in parallel, as htmx does on load.
        panels = [
            gevent.spawn(self.get, path, f"dashboard panel: {name}", headers=HTMX)
            for name, path in PATHS["panels"].items()
        ]
        gevent.joinall(panels)

    @task(4)
    def project_list(self) -> None:
        self.get(PATHS["projects"], "project list")

    @task(2)
    def project_list_filtered(self) -> None:
        status, priority = chance.choice(PLAN["filters"])
        query = {"status": status, "priority_level": priority}
        self.get(PATHS["projects"], "project list, filtered", params=query)

    @task(2)
    def project_search(self) -> None:
        query = {"q": chance.choice(PLAN["search_terms"])}
        self.get(PATHS["projects"], "project list, search", params=query)

    @task(5)
    def project_detail(self) -> None:
        self.get(PATHS["project"].format(pk=self.project()), "project detail")

    @task(2)
    def board(self) -> None:
        self.get(PATHS["board"], "board")

    @task(2)
    def approvals(self) -> None:
        self.get(PATHS["approvals"], "approvals queue")

    @task(1)
    def work_on_a_sub_stage(self) -> None:
        """Open a project and start its first startable step, then complete it, through the
        forms the page shows (the user's role and the step decide which there are)."""
        if not PLAN["writes"]:
            return
        project_path = PATHS["project"].format(pk=self.project())
        page = self.get(project_path, "project detail")
        started = _first_form(page.text, "start")
        if started is None:
            return
        answer = self._post(started, _csrf(page.text), project_path, "sub-stage: start")
        if answer is None:
            return
        RECORDER.writes["sub_stages_started"] += 1
        complete = _complete_form_of(answer.text, started)
        if complete is not None:
            done = self._post(complete, _csrf(page.text), project_path, "sub-stage: complete")
            if done is not None:
                RECORDER.writes["sub_stages_completed"] += 1

    @task(1)
    def post_a_message(self) -> None:
        """Answer in a project's thread (or start one) as the project page's section does."""
        if not PLAN["writes"]:
            return
        path = PATHS["project_thread"].format(pk=self.project())
        section = self.get(path, "project messages", headers=HTMX)
        token = _csrf(section.text)
        if token is None:  # no permission to send: the section has no form
            return
        parent = THREAD_PARENT.search(section.text or "")
        data = {"csrfmiddlewaretoken": token, "content": f"Load test note {time.time():.0f}"}
        if parent:
            data["parent"] = parent.group(1)
        else:
            data.update(subject="Load test", priority="normal")
        if self._post(path, token, path, "message: post", data=data) is not None:
            RECORDER.writes["messages_posted"] += 1

    def _post(self, path, token, referer, name, *, data=None):
        """POST a form as htmx does; the answer, or None when refused (a recorded failure)."""
        headers = {**HTMX, "Referer": self.host + referer}
        payload = data or {"csrfmiddlewaretoken": token}
        with self.client.post(
            path, data=payload, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code == 200:
                response.success()
                return response
            response.failure(f"HTTP {response.status_code}")
            return None


class PollingUser(SignedInUser):
    """An open page doing nothing but its poll (LOADTEST poll_path every poll_seconds)."""

    wait_time = constant(PLAN["poll_seconds"])

    def on_start(self) -> None:
        super().on_start()
        gevent.sleep(chance.uniform(0, PLAN["poll_seconds"]))

    @task
    def poll_once(self) -> None:
        self.poll(PLAN["poll_path"], "poll")


class LivePageUser(SignedInUser):
    """One open page following the change feed: opened once, then asked every poll_seconds with
    the ETag of what it shows, its pass and the X-Live-Poll header, as static/js/live.js asks.
    The users take turns over the live pages, so 200 users are 200 pages of several kinds."""

    wait_time = constant(PLAN["poll_seconds"])

    def on_start(self) -> None:
        super().on_start()
        pages = [
            PATHS["project"].format(pk=PLAN["projects"][self.number % len(PLAN["projects"])]),
            PATHS["board"],
            PATHS["projects"],
            PATHS["approvals"],
            PATHS["home"],
        ]
        self.poll_path, self.etag, self.live_pass = None, "", ""
        with self.client.get(
            pages[self.number % len(pages)], name="live: open the page", allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            found = LIVE_POLL.search(response.text or "")
            if response.status_code == 200 and found:
                self.etag, self.poll_path = unescape(found.group(1)), unescape(found.group(3))
                self.live_pass = found.group(2) or ""
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}, no poll element")
        gevent.sleep(chance.uniform(0, PLAN["poll_seconds"]))

    @task
    def poll_once(self) -> None:
        if self.poll_path is None:  # opening the page failed, and was counted
            return
        headers = {
            **HTMX,
            "X-Live-Poll": "1",
            "X-Live-Pass": self.live_pass,
            "If-None-Match": self.etag,
        }
        with self.client.get(
            self.poll_path, headers=headers, name="live: poll", allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code in (200, 304):
                self.etag = response.headers.get("ETag") or self.etag
                self.live_pass = response.headers.get("X-Live-Pass") or self.live_pass
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


def _csrf(html: str) -> str | None:
    found = CSRF_FIELD.search(html or "")  # no text when the request failed
    return found.group(1) if found else None


def _first_form(html: str, action: str) -> str | None:
    for match in STEP_FORM.finditer(html or ""):
        if match.group(3) == action:
            return match.group(1)
    return None


def _complete_form_of(html: str, started_path: str) -> str | None:
    wanted = started_path.rsplit("/", 2)[0] + "/complete/"
    return wanted if f'action="{wanted}"' in (html or "") else None
