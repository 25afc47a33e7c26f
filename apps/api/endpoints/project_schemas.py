"""What the projects endpoints read and answer."""

import datetime
import uuid

from ninja import Schema
from pydantic import Field

from apps.api.endpoints.types import LongText, Money, ShortText, Tag, text
from apps.projects.models import IntakeSource, IntakeType, PriorityLevel, ProjectStatus, ProjectType


class ProjectListItem(Schema):
    id: uuid.UUID
    code: str = Field(alias="project_id")
    title: str
    status: str
    priority_level: str
    customer_id: uuid.UUID = Field(alias="customer_organization_id")
    customer_name: str | None
    current_stage: str | None = Field(None, alias="current_stage.name")
    assigned_to_id: uuid.UUID | None
    requested_delivery_date: datetime.date | None
    done_count: int
    total_count: int
    due_at: datetime.datetime | None
    is_overdue: bool
    created_at: datetime.datetime


class ProjectFilters(Schema):
    q: text(200) | None = None
    state: str | None = Field(None, description="open (default), closed or all")
    status: ProjectStatus | None = None
    current_stage: uuid.UUID | None = None
    priority_level: PriorityLevel | None = None
    customer_organization: uuid.UUID | None = None
    assigned_to: uuid.UUID | None = None
    overdue: bool | None = None


class ProjectOut(Schema):
    id: uuid.UUID
    code: str = Field(alias="project_id")
    title: str
    description: str
    status: str
    priority_level: str
    project_type: str
    intake_type: str
    intake_source: str
    customer_id: uuid.UUID = Field(alias="customer_organization_id")
    point_of_contact_id: uuid.UUID | None
    assigned_to_id: uuid.UUID | None
    current_stage_id: uuid.UUID | None
    requested_delivery_date: datetime.date | None
    promised_delivery_date: datetime.date | None
    estimated_delivery_date: datetime.date | None
    estimated_value: str | None
    actual_value: str | None
    tags: list[str]
    notes: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_estimated_value(project) -> str | None:
        value = project.estimated_value
        return None if value is None else str(value)

    @staticmethod
    def resolve_actual_value(project) -> str | None:
        value = project.actual_value
        return None if value is None else str(value)


class SubStageOut(Schema):
    progress_id: uuid.UUID | None
    sub_stage_id: uuid.UUID
    name: str
    status: str
    is_required: bool
    requires_approval: bool
    awaiting_approval: bool
    assigned_to_id: uuid.UUID | None
    due_at: datetime.datetime | None
    actions: list[str] = Field(description="What the caller may do now (POST …/{action}).")


class StageOut(Schema):
    stage_id: uuid.UUID
    name: str
    state: str = Field(description="done, current or upcoming")
    sub_stages: list[SubStageOut]


class ProjectDetailOut(ProjectOut):
    percent_complete: int
    can_advance: bool
    can_move_back: bool
    stages: list[StageOut]


class NewCustomerIn(Schema):
    name: text(200)
    country: text(2) = ""
    industry: text(100) = ""


class NewContactIn(Schema):
    contact_name: text(200)
    email: text(254) = ""
    phone: text(50) = ""


class ProjectCreateIn(Schema):
    title: ShortText
    customer_id: uuid.UUID | None = Field(None, description="An existing customer, or …")
    new_customer: NewCustomerIn | None = Field(None, description="… a new one, added with it.")
    contact_id: uuid.UUID | None = None
    new_contact: NewContactIn | None = None
    description: LongText = ""
    project_type: ProjectType = ProjectType.FABRICATION
    intake_type: IntakeType = IntakeType.RFQ
    intake_source: IntakeSource = IntakeSource.EMAIL
    priority_level: PriorityLevel = PriorityLevel.NORMAL
    requested_delivery_date: datetime.date | None = None
    estimated_value: Money | None = None
    assigned_to_id: uuid.UUID | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    notes: LongText = ""


class ProjectUpdateIn(Schema):
    version: int = Field(description="The version you read: a newer one refuses the change.")
    title: ShortText | None = None
    description: LongText | None = None
    customer_id: uuid.UUID | None = None
    point_of_contact_id: uuid.UUID | None = None
    project_type: ProjectType | None = None
    intake_type: IntakeType | None = None
    intake_source: IntakeSource | None = None
    priority_level: PriorityLevel | None = None
    requested_delivery_date: datetime.date | None = None
    promised_delivery_date: datetime.date | None = None
    estimated_delivery_date: datetime.date | None = None
    estimated_value: Money | None = None
    actual_value: Money | None = None
    assigned_to_id: uuid.UUID | None = None
    tags: list[Tag] | None = Field(None, max_length=20)
    notes: LongText | None = None


class ReasonIn(Schema):
    reason: text(1000) = ""


class SubStageActionIn(Schema):
    reason: text(1000) = ""
    notes: LongText = ""
    assignee_id: uuid.UUID | None = Field(None, description="For reassign.")
