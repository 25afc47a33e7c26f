"""Workflow templates as tenant admins configure them: the stage catalog and versioned definitions.

The tenant handling (hidden column, tenant-bound forms, tenant-scoped unique rules reported as form
errors) is `apps.core.admin`'s.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.fields import ArrayField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin import TenantInline, TenantModelAdmin
from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.services import (
    workflow_definition_in_use,
    workflow_definition_new_version,
    workflow_stage_in_use,
)


class RoleChoicesField(forms.MultipleChoiceField):
    """Tick boxes for a roles array. Nothing ticked on an override means "as in the catalog"."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, empty_value, **kwargs):
        self.empty_value = empty_value
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value) or self.empty_value


class CatalogOverridesMixin:
    """Roles arrays as tick boxes (on a definition's rows: nothing ticked means "as in the
    catalog")."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, ArrayField) and db_field.base_field.choices:
            return RoleChoicesField(
                choices=db_field.base_field.choices,
                required=False,
                empty_value=None if db_field.null else [],
                label=db_field.verbose_name.capitalize(),
                help_text=_("None ticked: as in the catalog.") if db_field.null else "",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class InUseReadOnlyMixin:
    """Rows that running projects follow are read-only, inlines included: a project keeps the plan
    it started with. `is_in_use(obj)` says which rows; the answer is kept for the request, since
    the admin asks for permissions many times per page."""

    in_use_message = ""

    def is_in_use(self, obj) -> bool:
        raise NotImplementedError

    def _in_use(self, request, obj) -> bool:
        if obj is None or obj.pk is None:
            return False
        answers = request.__dict__.setdefault("_workflow_in_use", {})
        key = (obj._meta.label, obj.pk)
        if key not in answers:
            answers[key] = self.is_in_use(obj)
        return answers[key]

    def has_change_permission(self, request, obj=None):
        if self._in_use(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._in_use(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self._in_use(request, self.get_object(request, object_id)):
            self.message_user(request, self.in_use_message, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


class WorkflowSubStageInline(CatalogOverridesMixin, TenantInline):
    model = WorkflowSubStage
    ordering = ("sub_stage_order",)
    fields = (
        "sub_stage_order",
        "name",
        "slug",
        "responsible_roles",
        "estimated_duration_hours",
        "is_required",
        "can_skip",
        "auto_advance",
        "requires_approval",
        "approval_roles",
    )
    prepopulated_fields = {"slug": ("name",)}


@admin.register(WorkflowStage)
class WorkflowStageAdmin(InUseReadOnlyMixin, CatalogOverridesMixin, TenantModelAdmin):
    """The stage catalog. A stage that running projects follow (through a definition that
    includes it or its sub-stages) is read-only with its sub-stages: their plans read the catalog's
    values wherever the definition does not set its own."""

    in_use_message = _(
        "Projects run on a workflow that uses this stage, so it and its sub-stages cannot be "
        "changed. Use “Create a new version” on the workflow and set the roles, durations and "
        "approvals on the new version's stages and sub-stages instead."
    )

    list_display = (
        "stage_order",
        "name",
        "slug",
        "responsible_roles",
        "estimated_duration_days",
        "is_active",
    )
    list_display_links = ("name",)
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    ordering = ("stage_order",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (WorkflowSubStageInline,)

    def is_in_use(self, obj) -> bool:
        return workflow_stage_in_use(obj)


class WorkflowDefinitionStageInline(CatalogOverridesMixin, TenantInline):
    model = WorkflowDefinitionStage
    ordering = ("stage_order",)
    # The table also has estimated_duration_days, requires_approval and approval_roles, but the
    # engine (`definition_plan`) does not read them at stage level (approvals are per sub-stage),
    # so they are not offered here: a value set there would change nothing.
    fields = ("workflow_stage", "stage_order", "responsible_roles")


class WorkflowDefinitionSubStageInline(CatalogOverridesMixin, TenantInline):
    model = WorkflowDefinitionSubStage
    ordering = ("sub_stage_order",)
    fields = (
        "sub_stage",
        "sub_stage_order",
        "responsible_roles",
        "estimated_duration_hours",
        "requires_approval",
        "can_skip",
        "auto_advance",
        "approval_roles",
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "sub_stage":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = (
            WorkflowSubStage.objects.filter(organization_id=request.user.organization_id)
            .select_related("workflow_stage")
            .order_by("workflow_stage__stage_order", "sub_stage_order")
        )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label_from_instance = lambda sub: f"{sub.workflow_stage.name}: {sub.name}"
        return field


@admin.register(WorkflowDefinition)
class WorkflowDefinitionAdmin(InUseReadOnlyMixin, CatalogOverridesMixin, TenantModelAdmin):
    """A definition that projects run on is read-only: "Create a new version" copies it (through
    the service) and the copy is edited instead, so running projects keep their plan."""

    in_use_message = _(
        "Projects run on this version, so it cannot be changed. Use the action “Create a new "
        "version” in the list to edit a copy."
    )

    list_display = ("name", "version", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("name",)
    inlines = (WorkflowDefinitionStageInline, WorkflowDefinitionSubStageInline)
    actions = ("create_new_version",)

    def is_in_use(self, obj) -> bool:
        return workflow_definition_in_use(obj)

    @admin.action(description=_("Create a new version (copy) of the selected workflows"))
    def create_new_version(self, request, queryset):
        for definition in queryset:
            copy = workflow_definition_new_version(definition=definition, user=request.user)
            self.message_user(
                request,
                gettext("Created %(workflow)s; edit it freely.") % {"workflow": copy},
                messages.SUCCESS,
            )
