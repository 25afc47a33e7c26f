"""The shapes of the sample dataset: plain frozen records, so the data modules read like a table
and the builders never guess what a field means."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class UserSpec:
    email: str
    name: str
    role: str
    department: str
    employee_id: str
    phone: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    language: str = "vi"
    manager: str = ""  # the direct manager's e-mail
    joined_days_ago: int = 365


@dataclass(frozen=True)
class ContactSpec:
    name: str
    email: str
    phone: str
    role: str  # job title
    is_primary: bool = False


@dataclass(frozen=True)
class CompanySpec:
    """A customer or supplier of the tenant; `key` is how projects refer to it."""

    key: str
    name: str
    organization_type: str
    country: str
    industry: str
    website: str
    address: str
    description: str
    contacts: tuple[ContactSpec, ...] = ()


@dataclass(frozen=True)
class ProjectSpec:
    """One project's story.

    `at` is the slug of the sub-stage being worked on now (None: the project is delivered), and
    `state` what that work is doing (in_progress, in_review or blocked). `pace` is how many
    calendar hours an estimated hour of work took on this project (waiting included): it sets how
    long ago the project was created. `overdue` makes the current work run past its due time.
    """

    key: str
    customer: str
    title: str
    description: str
    project_type: str
    intake_type: str
    intake_source: str
    priority: str
    value: int  # USD
    owner: str  # e-mail of the person the project is assigned to
    at: str | None
    state: str = "in_progress"
    overdue: bool = False
    pace: float = 6.0
    blocked_reason: str = ""
    rejected_reason: str = ""  # the approval of `at` was rejected and the work reopened
    delivered_days_ago: int = 0
    contact: int = 0  # which of the customer's contacts is the point of contact
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class VersionSpec:
    """A file version, uploaded while the sub-stage `at` was worked on."""

    at: str
    summary: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentSpec:
    project: str
    title: str
    file_name: str
    category: str
    uploader: str
    versions: tuple[VersionSpec, ...]
    access_level: str = "project"
    tags: tuple[str, ...] = ()
    approved_by: str = ""


@dataclass(frozen=True)
class MessageSpec:
    sender: str
    recipient: str | None
    content: str
    hours_ago: float
    read: bool = True
    priority: str = "normal"


@dataclass(frozen=True)
class ThreadSpec:
    """A conversation: on a project's thread (`project` key) or direct (None)."""

    subject: str
    project: str | None
    messages: tuple[MessageSpec, ...]


@dataclass(frozen=True)
class NotificationSpec:
    """`title` and `message` may name the project as {code} and {title}.

    It was sent `hours_ago`, or, when `after` names an event of the project, just after it:
    "requested", "rejected" or "sla" (of its open or rejected approval), "started", "blocked" or
    "due" (of its current sub-stage), "delivered", or "document:<file name>" (latest upload).
    """

    user: str
    type: str
    title: str
    message: str
    hours_ago: float
    project: str | None = None
    url: str = ""  # a local path, used when there is no project
    priority: str = "normal"
    read: bool = False
    after: str = ""


@dataclass(frozen=True)
class TenantSpec:
    name: str
    slug: str
    country: str
    timezone: str
    admin: str  # e-mail of the admin tenant_create makes (one of `users`)
    users: tuple[UserSpec, ...]
    companies: tuple[CompanySpec, ...]
    projects: tuple[ProjectSpec, ...]
    documents: tuple[DocumentSpec, ...] = ()
    threads: tuple[ThreadSpec, ...] = ()
    notifications: tuple[NotificationSpec, ...] = ()
    # approval type -> e-mail of the manager who usually decides it
    approvers: dict[str, str] = field(default_factory=dict)
    industry: str = "Contract manufacturing"
    website: str = ""
    address: str = ""
    # The tenant's language at creation: the standard workflow's names are installed in it.
    language: str = "en"
