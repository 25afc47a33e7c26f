"""Documents (with real files), messages and notifications of a sample tenant."""

from __future__ import annotations

import datetime
import random
import uuid

from apps.activity.models import ActivityAction, EntityType
from apps.demo.sample_data.build_people import Directory
from apps.demo.sample_data.build_projects import BuiltProject
from apps.demo.sample_data.files import document_content, store_document_file
from apps.demo.sample_data.history import History
from apps.demo.sample_data.specs import DocumentSpec, NotificationSpec, TenantSpec
from apps.demo.sample_data.validation import clean_story_row
from apps.documents.models import (
    Document,
    DocumentAccessAction,
    DocumentAccessLog,
    DocumentVersion,
)
from apps.messaging.models import Message
from apps.notifications.models import Notification

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
OFFICE_IP = "10.20.1.{}"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


def build_documents(
    spec: TenantSpec,
    directory: Directory,
    projects: dict[str, BuiltProject],
    *,
    rng: random.Random,
    now: datetime.datetime,
    history: History,
    written: list[str],
) -> dict[str, datetime.datetime]:
    """Every document with its versions, files and access log; returns the time of each file's
    latest upload, by file name. Names of stored files are appended to `written` at once, so a
    failed load can remove them."""
    uploads: dict[str, datetime.datetime] = {}
    for document_spec in spec.documents:
        built = projects[document_spec.project]
        uploads[document_spec.file_name] = _build_document(
            document_spec, built, directory, rng=rng, now=now, history=history, written=written
        )
    return uploads


def _build_document(
    spec: DocumentSpec,
    built: BuiltProject,
    directory: Directory,
    *,
    rng: random.Random,
    now: datetime.datetime,
    history: History,
    written: list[str],
) -> datetime.datetime:
    project, tenant_id = built.project, directory.tenant.pk
    document_id = uuid.uuid4()  # the files are stored under it before the row exists
    uploader = directory.users[spec.uploader]
    files, times = [], []
    for number, version in enumerate(spec.versions, start=1):
        at = built.timeline.step(version.at).worked_at(0.8)
        if times and at <= times[-1]:
            raise ValueError(f"{spec.file_name}: version {number} is not newer than the one before")
        lines = version.lines
        if not spec.file_name.endswith(".csv"):
            lines = (
                f"Project: {project.project_id} {project.title}",
                f"Customer: {project.customer_organization.name}",
                f"Revision {number}: {version.summary}",
                f"Prepared by {uploader.name}, {at:%Y-%m-%d}",
                "",
                *version.lines,
            )
        stored = store_document_file(
            tenant_id=tenant_id,
            document_id=document_id,
            file_name=spec.file_name,
            content=document_content(spec.file_name, spec.title, lines),
        )
        written.append(stored.name)
        files.append(stored)
        times.append(at)

    current = files[-1]
    document = Document(
        id=document_id,
        organization_id=tenant_id,
        project=project,
        title=spec.title,
        file_name=spec.file_name,
        category=spec.category,
        current_version_number=len(files),
        checksum=current.sha256,
        mime_type=current.mime_type,
        size_bytes=current.size,
        access_level=spec.access_level,
        tags=list(spec.tags),
        uploaded_by=uploader,
    )
    if spec.approved_by:
        document.approved_by = directory.users[spec.approved_by]
        document.approved_at = min(times[-1] + 4 * HOUR, now - MINUTE)
    clean_story_row(document)
    document.save(force_insert=True)
    Document.objects.filter(pk=document.pk).update(created_at=times[0])

    versions = [
        DocumentVersion(
            organization_id=tenant_id,
            document=document,
            version_number=number,
            file=stored.name,
            file_name=spec.file_name,
            file_size=stored.size,
            mime_type=stored.mime_type,
            checksum_sha256=stored.sha256,
            uploaded_by=uploader,
            uploaded_at=at,
            change_summary=version.summary,
            is_current=number == len(files),
        )
        for number, (stored, at, version) in enumerate(
            zip(files, times, spec.versions, strict=True), start=1
        )
    ]
    for version in versions:
        clean_story_row(version)
    DocumentVersion.objects.bulk_create(versions)
    for version in versions:
        version.created_at = version.uploaded_at
    DocumentVersion.objects.bulk_update(versions, ["created_at"])

    _record_access(document, versions, built, directory, rng=rng, now=now, history=history)
    return times[-1]


def _record_access(
    document: Document,
    versions: list[DocumentVersion],
    built: BuiltProject,
    directory: Directory,
    *,
    rng: random.Random,
    now: datetime.datetime,
    history: History,
) -> None:
    """An upload entry per version, then a colleague who looked at the latest one."""
    project = built.project
    entries = []
    for version in versions:
        entries.append(
            DocumentAccessLog(
                organization_id=document.organization_id, document=document,
                document_version=version, user=version.uploaded_by,
                action=DocumentAccessAction.UPLOAD,
                ip_address=OFFICE_IP.format(rng.randint(20, 90)), user_agent=BROWSER,
                created_at=version.uploaded_at,
            )
        )  # fmt: skip
        first = version.version_number == 1
        history.add(
            at=version.uploaded_at, user=version.uploaded_by,
            action=(ActivityAction.DOCUMENT_UPLOADED if first else
                    ActivityAction.DOCUMENT_VERSION_ADDED),
            entity_type=EntityType.DOCUMENT, entity_id=document.pk, project=project,
            description=(f"Uploaded “{document.title}”" if first else
                         f"Added version {version.version_number} of “{document.title}”: "
                         f"{version.change_summary}"),
        )  # fmt: skip
    latest = versions[-1]
    reader = project.assigned_to or directory.admin
    read_at = min(latest.uploaded_at + HOUR * rng.uniform(1, 20), now - MINUTE)
    action = rng.choice([DocumentAccessAction.VIEW, DocumentAccessAction.DOWNLOAD])
    entries.append(
        DocumentAccessLog(
            organization_id=document.organization_id, document=document, document_version=latest,
            user=reader, action=action, ip_address=OFFICE_IP.format(rng.randint(20, 90)),
            user_agent=BROWSER, created_at=read_at,
        )
    )  # fmt: skip
    DocumentAccessLog.objects.bulk_create(entries)


def build_messages(
    spec: TenantSpec,
    directory: Directory,
    projects: dict[str, BuiltProject],
    *,
    rng: random.Random,
    now: datetime.datetime,
    history: History,
) -> None:
    """Project threads and direct messages; each reply points at the one before it."""
    messages: list[Message] = []
    for thread in spec.threads:
        project = projects[thread.project].project if thread.project else None
        thread_id, parent = None, None
        for position, item in enumerate(thread.messages):
            sent_at = now - HOUR * item.hours_ago
            message = Message(
                id=uuid.uuid4(),
                organization_id=directory.tenant.pk,
                sender=directory.users[item.sender],
                recipient=directory.users[item.recipient] if item.recipient else None,
                project=project,
                subject=thread.subject if position == 0 else f"Re: {thread.subject}",
                content=item.content,
                priority=item.priority,
                parent=parent,
                is_read=item.read,
                read_at=min(sent_at + HOUR * rng.uniform(0.2, 3), now - MINUTE)
                if item.read
                else None,
            )
            thread_id = thread_id or message.id
            message.thread_id = thread_id
            clean_story_row(message)  # checks the parent exists: replies are saved in order
            message.save(force_insert=True)
            message.created_at = sent_at
            messages.append(message)
            parent = message
            if project is not None:
                history.add(
                    at=sent_at, user=message.sender, action=ActivityAction.MESSAGE_SENT,
                    entity_type=EntityType.MESSAGE, entity_id=message.id, project=project,
                    description=f"{message.sender.name}: {message.subject}",
                )  # fmt: skip
    Message.objects.bulk_update(messages, ["created_at"])


def build_notifications(
    spec: TenantSpec,
    directory: Directory,
    projects: dict[str, BuiltProject],
    *,
    uploads: dict[str, datetime.datetime],
    now: datetime.datetime,
) -> None:
    notifications = []
    times = []
    for item in spec.notifications:
        built = projects[item.project] if item.project else None
        at = min(_notification_time(item, built, uploads, now), now - MINUTE)
        project = built.project if built else None
        names = {"code": project.project_id, "title": project.title} if project else {}
        notification = Notification(
            organization_id=directory.tenant.pk,
            user=directory.users[item.user],
            type=item.type,
            title=item.title.format(**names),
            message=item.message.format(**names),
            priority=item.priority,
            action_url=f"/projects/{project.pk}/" if project else item.url,
            is_read=item.read,
            read_at=min(at + HOUR, now) if item.read else None,
        )
        clean_story_row(notification)
        notifications.append(notification)
        times.append(at)
    Notification.objects.bulk_create(notifications)
    for notification, at in zip(notifications, times, strict=True):
        notification.created_at = at
    Notification.objects.bulk_update(notifications, ["created_at"])


def _notification_time(
    item: NotificationSpec,
    built: BuiltProject | None,
    uploads: dict[str, datetime.datetime],
    now: datetime.datetime,
) -> datetime.datetime:
    """When the event the notification tells of happened (see NotificationSpec.after)."""
    if not item.after:
        return now - HOUR * item.hours_ago
    if item.after.startswith("document:"):
        return uploads[item.after.removeprefix("document:")] + 10 * MINUTE
    if built is None:
        raise ValueError(f"{item.title}: “{item.after}” needs a project")
    if item.after == "delivered":
        moment = built.timeline.delivered_at
    else:
        step = built.active_step
        approval = built.approvals.get(step.slug)
        moment = {
            "requested": step.requested_at,
            "rejected": step.decided_at,
            "sla": approval.sla_due_at if approval else None,
            "started": step.started_at,
            "blocked": step.blocked_at,
            "due": step.due_at,
        }[item.after]
    if moment is None:
        raise ValueError(f"{item.title}: the project has no “{item.after}” moment")
    return moment + 10 * MINUTE
