"""Projects (one per customer inquiry) and their per-sub-stage progress."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, choices_check

# Text-search configuration of `projects.search_vector` (built by a database trigger, see the
# migration). 'simple' neither stems nor drops stop words: right for Vietnamese and for codes like
# P-25010001; queries must use the same configuration.
SEARCH_CONFIG = "simple"


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INQUIRY = "inquiry", _("Inquiry")
    REVIEWING = "reviewing", _("Reviewing")
    QUOTED = "quoted", _("Quoted")
    CONFIRMED = "confirmed", _("Confirmed")
    PROCUREMENT = "procurement", _("Procurement")
    PRODUCTION = "production", _("Production")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# A project in one of these is finished: no more work, no board column, no overdue notices.
CLOSED_PROJECT = (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)


class PriorityLevel(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


# Urgency as a number (low 0 … urgent 3), so sorting by it sorts by urgency. The board's index
# (`projects_board_column_idx`) is built on this very expression: PostgreSQL uses an expression
# index only for a query that spells the expression the same way.
PRIORITY_RANK = models.Case(
    *(
        models.When(priority_level=value, then=models.Value(rank))
        for rank, value in enumerate(PriorityLevel.values)
    ),
    default=models.Value(0),
    output_field=models.IntegerField(),
)


class ProjectType(models.TextChoices):
    SYSTEM_BUILD = "system_build", _("System build")
    FABRICATION = "fabrication", _("Fabrication")
    MANUFACTURING = "manufacturing", _("Manufacturing")


class IntakeType(models.TextChoices):
    RFQ = "rfq", _("Request for quote")
    PO = "po", _("Purchase order")
    DESIGN_IDEA = "design_idea", _("Design idea")
    REORDER = "reorder", _("Reorder")
    OTHER = "other", _("Other")


class IntakeSource(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Portal")
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")
    REFERRAL = "referral", _("Referral")
    OTHER = "other", _("Other")


class ProgressStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_REVIEW = "in_review", _("In review")
    BLOCKED = "blocked", _("Blocked")
    SKIPPED = "skipped", _("Skipped")
    COMPLETED = "completed", _("Completed")


class Project(TenantOwnedModel):
    """A customer's inquiry as it moves through the tenant's workflow.

    `version` is bumped by every service write (optimistic concurrency: `UPDATE ... WHERE version =
    %s`). `search_vector` is maintained by a database trigger from title, project code, description
    and the customer's name, so raw SQL and renames of the customer keep it true.
    """

    project_id = models.CharField(max_length=30, help_text=_("Human code, e.g. P-25010001"))
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    customer_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="customer_projects"
    )
    point_of_contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    workflow_definition = models.ForeignKey(
        "workflow.WorkflowDefinition", on_delete=models.PROTECT, related_name="projects"
    )
    current_stage = models.ForeignKey(
        "workflow.WorkflowStage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="current_projects",
    )
    stage_entered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.INQUIRY
    )
    priority_level = models.CharField(
        max_length=10, choices=PriorityLevel.choices, default=PriorityLevel.NORMAL
    )
    project_type = models.CharField(max_length=20, choices=ProjectType.choices)
    intake_type = models.CharField(
        max_length=20, choices=IntakeType.choices, default=IntakeType.RFQ
    )
    intake_source = models.CharField(
        max_length=20, choices=IntakeSource.choices, default=IntakeSource.EMAIL
    )
    requested_delivery_date = models.DateField(null=True, blank=True)
    promised_delivery_date = models.DateField(null=True, blank=True)
    estimated_delivery_date = models.DateField(null=True, blank=True)
    actual_delivery_date = models.DateField(null=True, blank=True)
    estimated_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    actual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_projects",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="created_projects",
    )
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    notes = models.TextField(blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "projects"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "project_id"], name="projects_org_project_id_unique"
            ),
            choices_check("status", ProjectStatus, "projects"),
            choices_check("priority_level", PriorityLevel, "projects"),
            choices_check("project_type", ProjectType, "projects"),
            choices_check("intake_type", IntakeType, "projects"),
            choices_check("intake_source", IntakeSource, "projects"),
            models.CheckConstraint(
                condition=Q(project_id__regex=r"^\S+$"), name="projects_project_id_not_blank"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="projects_title_not_empty"),
            models.CheckConstraint(
                condition=Q(estimated_value__gte=0), name="projects_estimated_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(actual_value__gte=0), name="projects_actual_value_not_negative"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="projects_version_positive"),
            # A project is in a stage from the moment it enters it.
            models.CheckConstraint(
                condition=Q(current_stage__isnull=True) | Q(stage_entered_at__isnull=False),
                name="projects_current_stage_has_entered_at",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="projects_org_status_idx"),
            models.Index(
                fields=["organization", "customer_organization"], name="projects_org_customer_idx"
            ),
            models.Index(fields=["organization", "current_stage"], name="projects_org_stage_idx"),
            models.Index(
                fields=["organization", "priority_level"], name="projects_org_priority_idx"
            ),
            models.Index(fields=["organization", "assigned_to"], name="projects_org_assignee_idx"),
            models.Index(fields=["organization", "created_at"], name="projects_org_created_idx"),
            GinIndex(fields=["search_vector"], name="projects_search_vector_gin"),
            # Running projects per stage: the board's column counts read it alone (index-only,
            # `id` included for COUNT(id)); completed and cancelled projects, about half of a
            # mature tenant, are not in it.
            models.Index(
                fields=["organization", "current_stage"],
                include=["id"],
                condition=~Q(status__in=CLOSED_PROJECT),
                name="projects_org_running_stage_idx",
            ),
            # A board column: its running projects, most urgent first, then the longest in the
            # stage (`selectors.board.BOARD_CARD_ORDER`), so a column's first cards are the first
            # entries of one index range instead of a sort of every running project.
            models.Index(
                F("organization"),
                F("current_stage"),
                PRIORITY_RANK.desc(),
                F("stage_entered_at"),
                F("id"),
                condition=~Q(status__in=CLOSED_PROJECT),
                name="projects_board_column_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_PROJECT


class ProjectSubStageProgress(TenantOwnedModel):
    """One row per (project, sub-stage) of the project's definition: who, when, and how far.

    The database ties the sub-stage to its stage and both to the project's tenant (see the
    migration), and refuses timestamps that contradict the status.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sub_stage_progress"
    )
    workflow_stage = models.ForeignKey(
        "workflow.WorkflowStage", on_delete=models.PROTECT, related_name="+"
    )
    sub_stage = models.ForeignKey(
        "workflow.WorkflowSubStage", on_delete=models.PROTECT, related_name="progress"
    )
    status = models.CharField(
        max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.PENDING
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_sub_stages",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    blocked_reason = models.TextField(blank=True, default="")
    notes = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "project_sub_stage_progress"
        ordering = ["due_at"]
        constraints = [
            # The tenant column last: Citus enforces only keys that contain it (docs/scaling.md).
            models.UniqueConstraint(
                fields=["project", "sub_stage", "organization"],
                name="project_sub_stage_progress_project_sub_stage_unique",
            ),
            choices_check("status", ProgressStatus, "project_sub_stage_progress"),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="project_sub_stage_progress_version_positive"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__gte=F("started_at")),
                name="project_sub_stage_progress_completed_after_started",
            ),
            # Completed work has a completion time; only finished work (completed or skipped) has
            # one, so reopening a sub-stage must clear it.
            models.CheckConstraint(
                condition=~Q(status=ProgressStatus.COMPLETED) | Q(completed_at__isnull=False),
                name="project_sub_stage_progress_completed_has_completed_at",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ProgressStatus.COMPLETED, ProgressStatus.SKIPPED])
                | Q(completed_at__isnull=True),
                name="project_sub_stage_progress_completed_at_only_when_done",
            ),
            # Blocking needs a reason a colleague can act on.
            models.CheckConstraint(
                condition=~Q(status=ProgressStatus.BLOCKED) | ~Q(blocked_reason=""),
                name="project_sub_stage_progress_blocked_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status"], name="pssp_project_status_idx"),
            models.Index(
                fields=["organization", "status", "due_at"], name="pssp_org_status_due_idx"
            ),
            models.Index(
                fields=["organization", "assigned_to", "status"], name="pssp_org_assignee_idx"
            ),
            # The board's card figures (`selectors.board._cards`), read by index only.
            models.Index(
                fields=["project", "organization"],
                include=["status", "workflow_stage", "due_at", "sub_stage"],
                name="pssp_board_figures_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.sub_stage_id} ({self.status})"
