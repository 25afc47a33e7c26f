"""A tenant's workflow: the stage catalog, its sub-stages, and versioned definitions built from it.

Definitions reference catalog rows and may override their order, roles, durations and approval
rules; a null override means "as in the catalog". Projects keep the definition version they started
with, so the catalog rows a definition uses are protected from deletion.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, choices_check
from apps.users.roles import STAFF_ROLE_CHOICES, STAFF_ROLES

HEX_COLOR = r"^#[0-9A-Fa-f]{6}$"


class ProjectStageStatus(models.TextChoices):
    """The project statuses a stage can imply (draft, completed and cancelled are not stages)."""

    INQUIRY = "inquiry", _("Inquiry")
    REVIEWING = "reviewing", _("Reviewing")
    QUOTED = "quoted", _("Quoted")
    CONFIRMED = "confirmed", _("Confirmed")
    PROCUREMENT = "procurement", _("Procurement")
    PRODUCTION = "production", _("Production")


def roles_field(**kwargs) -> ArrayField:
    """An array of role names (`apps.users.models.Role`); see `roles_check`."""
    return ArrayField(models.CharField(max_length=20, choices=STAFF_ROLE_CHOICES), **kwargs)


def roles_check(field_name: str, table: str) -> models.CheckConstraint:
    """A CHECK that every element of a roles array is a known role: `roles <@ ARRAY[...]`.

    A null array (an override that is not set) passes, as NULL does in any CHECK.
    """
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__contained_by": list(STAFF_ROLES)}),
        name=f"{table}_{field_name}_valid",
    )


class WorkflowStage(TenantOwnedModel):
    """One stage of a tenant's catalog (Inquiry Received, Technical Review, ...)."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True, default="")
    stage_order = models.PositiveSmallIntegerField()
    color = models.CharField(max_length=7, default="#6B7280", help_text=_("#RRGGBB"))
    exit_criteria = models.TextField(blank=True, default="")
    responsible_roles = roles_field(default=list, blank=True)
    estimated_duration_days = models.PositiveIntegerField(null=True, blank=True)
    project_status = models.CharField(
        max_length=20,
        choices=ProjectStageStatus.choices,
        default=ProjectStageStatus.REVIEWING,
        help_text=_("The status a project has while it is in this stage."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "workflow_stages"
        ordering = ["stage_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="workflow_stages_org_slug_unique"
            ),
            models.CheckConstraint(
                condition=Q(stage_order__gte=1), name="workflow_stages_stage_order_positive"
            ),
            models.CheckConstraint(
                condition=Q(color__regex=HEX_COLOR), name="workflow_stages_color_hex"
            ),
            roles_check("responsible_roles", "workflow_stages"),
            choices_check("project_status", ProjectStageStatus, "workflow_stages"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "is_active", "stage_order"], name="wf_stages_org_order_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WorkflowSubStage(TenantOwnedModel):
    """A unit of work inside a stage, with its owners and its rules (skip, approval, advance)."""

    workflow_stage = models.ForeignKey(
        WorkflowStage, on_delete=models.CASCADE, related_name="sub_stages"
    )
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True, default="")
    sub_stage_order = models.PositiveSmallIntegerField()
    responsible_roles = roles_field(default=list, blank=True)
    estimated_duration_hours = models.PositiveIntegerField(null=True, blank=True)
    is_required = models.BooleanField(default=True)
    can_skip = models.BooleanField(default=False)
    auto_advance = models.BooleanField(
        default=False,
        help_text=_(
            "Completing it may advance the project when the stage's required work is done."
        ),
    )
    requires_approval = models.BooleanField(default=False)
    approval_roles = roles_field(default=list, blank=True)

    class Meta:
        db_table = "workflow_sub_stages"
        ordering = ["sub_stage_order", "name"]
        constraints = [
            # Every unique key here ends with the tenant column: Citus enforces only keys that
            # contain it (docs/scaling.md).
            models.UniqueConstraint(
                fields=["workflow_stage", "slug", "organization"],
                name="workflow_sub_stages_stage_slug_unique",
            ),
            models.CheckConstraint(
                condition=Q(sub_stage_order__gte=1),
                name="workflow_sub_stages_sub_stage_order_positive",
            ),
            roles_check("responsible_roles", "workflow_sub_stages"),
            roles_check("approval_roles", "workflow_sub_stages"),
        ]
        indexes = [
            models.Index(
                fields=["workflow_stage", "sub_stage_order"], name="wf_sub_stages_order_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DefinitionStatus(models.TextChoices):
    """A definition's lifecycle (its transitions are `apps.workflow.rules.DEFINITION_TRANSITIONS`):
    a draft is edited freely, a published version is frozen (a database trigger refuses changes to
    it and its rows) and may be the default that new projects follow."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class WorkflowDefinition(TenantOwnedModel):
    """A versioned template. A new version is a new row with the same name."""

    name = models.CharField(max_length=150)
    version = models.PositiveIntegerField(default=1)
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DefinitionStatus.choices,
        default=DefinitionStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_default = models.BooleanField(
        _("default for new projects"),
        default=False,
        help_text=_("New projects follow the factory's one default workflow."),
    )

    class Meta:
        db_table = "workflow_definitions"
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name", "version"],
                name="workflow_definitions_org_name_version_unique",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="workflow_definitions_version_positive"
            ),
            # Exactly one workflow that new projects follow: the database refuses a second.
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_default=True),
                name="workflow_definitions_one_default_per_org",
            ),
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(status=DefinitionStatus.PUBLISHED),
                name="workflow_definitions_default_is_published",
            ),
            models.CheckConstraint(
                condition=Q(status=DefinitionStatus.DRAFT) | Q(published_at__isnull=False),
                name="workflow_definitions_published_has_date",
            ),
            choices_check("status", DefinitionStatus, "workflow_definitions"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "is_active", "name"], name="wf_defs_org_active_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class WorkflowDefinitionStage(TenantOwnedModel):
    """A catalog stage included in a definition; null columns fall back to the catalog."""

    workflow_definition = models.ForeignKey(
        WorkflowDefinition, on_delete=models.CASCADE, related_name="definition_stages"
    )
    workflow_stage = models.ForeignKey(
        WorkflowStage, on_delete=models.PROTECT, related_name="definition_stages"
    )
    stage_order = models.PositiveSmallIntegerField(null=True, blank=True)
    responsible_roles = roles_field(null=True, blank=True)
    # The next three are not read by the engine (`definition_plan`: approvals are per sub-stage)
    # and not offered in the admin; the columns stay for a stage-level rule to come.
    estimated_duration_days = models.PositiveIntegerField(null=True, blank=True)
    requires_approval = models.BooleanField(
        default=False, help_text=_("Leaving this stage needs an approval (stages have no default).")
    )
    approval_roles = roles_field(null=True, blank=True)

    class Meta:
        db_table = "workflow_definition_stages"
        ordering = ["stage_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow_definition", "workflow_stage", "organization"],
                name="workflow_definition_stages_definition_stage_unique",
            ),
            models.CheckConstraint(
                condition=Q(stage_order__gte=1),
                name="workflow_definition_stages_stage_order_positive",
            ),
            roles_check("responsible_roles", "workflow_definition_stages"),
            roles_check("approval_roles", "workflow_definition_stages"),
        ]

    def __str__(self) -> str:
        return f"{self.workflow_definition_id}: {self.workflow_stage_id}"


class WorkflowDefinitionSubStage(TenantOwnedModel):
    """A catalog sub-stage included in a definition; null columns fall back to the catalog."""

    workflow_definition = models.ForeignKey(
        WorkflowDefinition, on_delete=models.CASCADE, related_name="definition_sub_stages"
    )
    sub_stage = models.ForeignKey(
        WorkflowSubStage, on_delete=models.PROTECT, related_name="definition_sub_stages"
    )
    sub_stage_order = models.PositiveSmallIntegerField(null=True, blank=True)
    responsible_roles = roles_field(null=True, blank=True)
    estimated_duration_hours = models.PositiveIntegerField(null=True, blank=True)
    requires_approval = models.BooleanField(null=True, blank=True)
    can_skip = models.BooleanField(null=True, blank=True)
    auto_advance = models.BooleanField(null=True, blank=True)
    approval_roles = roles_field(null=True, blank=True)

    class Meta:
        db_table = "workflow_definition_sub_stages"
        ordering = ["sub_stage_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow_definition", "sub_stage", "organization"],
                name="workflow_definition_sub_stages_definition_sub_stage_unique",
            ),
            models.CheckConstraint(
                condition=Q(sub_stage_order__gte=1),
                name="workflow_definition_sub_stages_sub_stage_order_positive",
            ),
            roles_check("responsible_roles", "workflow_definition_sub_stages"),
            roles_check("approval_roles", "workflow_definition_sub_stages"),
        ]

    def __str__(self) -> str:
        return f"{self.workflow_definition_id}: {self.sub_stage_id}"
