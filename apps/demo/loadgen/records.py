"""Documents (metadata only: no file is written), messages and notifications."""

from __future__ import annotations

import uuid

from apps.demo.loadgen import vocabulary as words
from apps.demo.loadgen.copytext import NULL, array
from apps.demo.loadgen.people import TenantData
from apps.demo.loadgen.projects import Team
from apps.demo.loadgen.stories import COMPLETED, DAY, Story
from apps.users.models import Role

DOCUMENT_SHARE = 0.4  # of the document kinds a project has reached
SECOND_VERSION_SHARE = 0.2
ACCESS_LEVELS = ("organization", "project", "project", "customer")
MESSAGES_PER_PROJECT = (0, 0, 1, 1, 2, 2, 3, 4, 6)
DIRECT_MESSAGES_PER_USER = 4
NOTIFICATIONS_PER_USER = (10, 50)
BENCHMARK_NOTIFICATIONS, BENCHMARK_UNREAD = 120, 25
NOTIFICATION_DAYS = 60


def add_documents(tenant: TenantData, story: Story, project_id: str, team: Team) -> None:
    rng, clock = tenant.rng, tenant.clock
    documents, versions = tenant.buffers["documents"], tenant.buffers["document_versions"]
    reached = len(tenant.workflow.stages) if story.kind == COMPLETED else story.stage_index
    for category, title, extension, mime, from_stage in words.DOCUMENT_KINDS:
        if from_stage > reached or rng.random() >= DOCUMENT_SHARE:
            continue
        document_id = tenant.id()
        uploader = team[Role.SALES if from_stage < 4 else Role.ENGINEERING]
        file_name = f"{story.code}_{category}.{extension}"
        count = 2 if rng.random() < SECOND_VERSION_SHARE else 1
        at = story.created + (story.last_touched - story.created) * rng.random() * 0.5
        checksum = size = ""
        for number in range(1, count + 1):
            checksum = f"{rng.getrandbits(256):064x}"
            size = str(rng.randint(20_000, 8_000_000))
            when = clock.ts(at + (number - 1) * DAY)
            random_part = uuid.UUID(int=rng.getrandbits(128))
            versions.add(
                tenant.id(), tenant.organization_id, document_id, str(number),
                f"tenants/{_hyphens(tenant.organization_id)}/documents/{_hyphens(document_id)}/"
                f"{random_part}/{file_name}",
                file_name, size, mime, checksum, uploader, when,
                "Initial upload" if number == 1 else "Revised after review",
                "t" if number == count else "f", when, when,
            )  # fmt: skip
        approved = category in ("qa_report", "certificate") and rng.random() < 0.7
        documents.add(
            document_id, tenant.organization_id, project_id, f"{title} {story.code}", "",
            file_name, category, str(count), checksum, mime, size, rng.choice(ACCESS_LEVELS),
            array(()), array(()), uploader,
            team[Role.QA] if approved else NULL, clock.ts(at + DAY) if approved else NULL,
            "f", NULL, clock.ts(at), clock.ts(at + (count - 1) * DAY),
        )  # fmt: skip


def _hyphens(hex_id: str) -> str:
    return str(uuid.UUID(hex_id))


def add_project_messages(tenant: TenantData, story: Story, project_id: str, team: Team) -> None:
    """A thread on the project: a first message and replies to it."""
    rng, clock = tenant.rng, tenant.clock
    count = rng.choice(MESSAGES_PER_PROJECT)
    if not count:
        return
    rows = tenant.buffers["messages"]
    thread = tenant.id()
    subject = rng.choice(words.MESSAGE_SUBJECTS)
    span = story.last_touched - story.created
    for number in range(count):
        message_id = thread if number == 0 else tenant.id()
        at = story.created + span * (number + rng.random()) / count
        sender = team[rng.choice((Role.SALES, Role.ENGINEERING, Role.PRODUCTION, Role.QA))]
        rows.add(
            message_id, tenant.organization_id, sender, NULL, project_id,
            subject if number == 0 else f"Re: {subject}", rng.choice(words.MESSAGE_LINES),
            "normal", thread, NULL if number == 0 else thread, "f", NULL, clock.ts(at),
            clock.ts(at),
        )  # fmt: skip


def add_direct_messages(tenant: TenantData) -> None:
    rng, clock, people = tenant.rng, tenant.clock, tenant.active_users
    if len(people) < 2:
        return
    rows = tenant.buffers["messages"]
    for _ in range(len(people) * DIRECT_MESSAGES_PER_USER):
        sender, recipient = rng.sample(people, 2)
        message_id = tenant.id()
        at = tenant.now - rng.uniform(0, 90) * DAY
        read = rng.random() < 0.7
        rows.add(
            message_id, tenant.organization_id, sender, recipient, NULL,
            rng.choice(words.MESSAGE_SUBJECTS), rng.choice(words.MESSAGE_LINES),
            rng.choice(("normal", "normal", "high", "low")), message_id, NULL,
            "t" if read else "f", clock.ts(min(at + 3600, tenant.now)) if read else NULL,
            clock.ts(at), clock.ts(min(at + 3600, tenant.now)) if read else clock.ts(at),
        )  # fmt: skip


def add_notifications(tenant: TenantData) -> None:
    """Each active person's bell: a few weeks of notices, most of them read."""
    rng = tenant.rng
    for user in tenant.active_users:
        if user == tenant.benchmark_user:
            count, unread = BENCHMARK_NOTIFICATIONS, BENCHMARK_UNREAD
        else:
            count = rng.randint(*NOTIFICATIONS_PER_USER)
            unread = int(count * rng.uniform(0.1, 0.4))
        # Newest first are the unread ones, as people read from the top.
        ages = sorted(rng.uniform(0, NOTIFICATION_DAYS) * DAY for _ in range(count))
        for position, age in enumerate(ages):
            _notification(tenant, user, tenant.now - age, read=position >= unread)


def _notification(tenant: TenantData, user: str, at: float, *, read: bool) -> None:
    rng, clock = tenant.rng, tenant.clock
    kind = rng.choices(("workflow", "approval", "document", "message", "system"),
                       (0.4, 0.25, 0.15, 0.15, 0.05))[0]  # fmt: skip
    url = ""
    if kind != "system" and tenant.project_ids:
        url = f"/projects/{_hyphens(rng.choice(tenant.project_ids))}/"
    priority = rng.choice(("normal", "normal", "high"))
    read_at = min(at + 1800, tenant.now)
    tenant.buffers["notifications"].add(
        tenant.id(), tenant.organization_id, user, kind,
        rng.choice(words.NOTIFICATION_TITLES[kind]), "", priority, url, "t" if read else "f",
        clock.ts(read_at) if read else NULL,
        clock.ts(at + 90 * DAY) if rng.random() < 0.5 else NULL, NULL,
        # History: high-priority notices were e-mailed when they came, so no sweep sends them.
        clock.ts(at + 60) if priority == "high" else NULL,
        clock.ts(at), clock.ts(read_at) if read else clock.ts(at),
    )  # fmt: skip
