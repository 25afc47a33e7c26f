"""Workflow templates as tenant admins configure them: the stage catalog and versioned definitions.

The tenant column never appears in a form: it comes from the signed-in admin (and RLS would refuse
any other). Forms are given the tenant before they validate, so "slug already used" or "this name
and version exist" come back as form errors, not as a database error page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.fields import ArrayField

from apps.core.admin import TenantAdminMixin
from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.services import workflow_definition_in_use, workflow_definition_new_version


class TenantScopedForm(forms.ModelForm):
    """Puts the admin's tenant on a new instance and validates the tenant-scoped unique rules."""

    tenant_id = None  # set per request by `TenantFormsMixin`

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and self.tenant_id is not None:
            setattr(self.instance, f"{self._meta.model.TENANT_FIELD}_id", self.tenant_id)

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard(self._meta.model.TENANT_FIELD)
        return exclude


class RoleChoicesField(forms.MultipleChoiceField):
    """Tick boxes for a roles array. Nothing ticked on an override means "as in the catalog"."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, empty_value, **kwargs):
        self.empty_value = empty_value
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value) or self.empty_value


def _bind_form_to_tenant(form_class, request):
    return type(form_class.__name__, (form_class,), {"tenant_id": request.user.organization_id})


class TenantFormsMixin:
    """For admins and inlines: tenant-bound forms, tenant column hidden, choices of this tenant."""

    form = TenantScopedForm

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        return excluded if "organization" in excluded else [*excluded, "organization"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, ArrayField) and db_field.base_field.choices:
            return RoleChoicesField(
                choices=db_field.base_field.choices,
                required=False,
                empty_value=None if db_field.null else [],
                label=db_field.verbose_name.capitalize(),
                help_text="None ticked: as in the catalog." if db_field.null else "",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # RLS already limits the choices to the tenant; say so in the query too.
        if hasattr(db_field.related_model, "TENANT_FIELD"):
            kwargs.setdefault(
                "queryset",
                db_field.related_model._default_manager.filter(
                    organization_id=request.user.organization_id
                ),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TenantInline(TenantFormsMixin, admin.TabularInline):
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(
            formset.__name__, (formset,), {"form": _bind_form_to_tenant(formset.form, request)}
        )


class TenantModelAdmin(TenantFormsMixin, TenantAdminMixin, admin.ModelAdmin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return _bind_form_to_tenant(form, request)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(organization_id=request.user.organization_id)


class WorkflowSubStageInline(TenantInline):
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
class WorkflowStageAdmin(TenantModelAdmin):
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


class WorkflowDefinitionStageInline(TenantInline):
    model = WorkflowDefinitionStage
    ordering = ("stage_order",)
    fields = (
        "workflow_stage",
        "stage_order",
        "responsible_roles",
        "estimated_duration_days",
        "requires_approval",
        "approval_roles",
    )


class WorkflowDefinitionSubStageInline(TenantInline):
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
class WorkflowDefinitionAdmin(TenantModelAdmin):
    """A definition that projects run on is read-only: "Create a new version" copies it (through
    the service) and the copy is edited instead, so running projects keep their plan."""

    list_display = ("name", "version", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("name",)
    inlines = (WorkflowDefinitionStageInline, WorkflowDefinitionSubStageInline)
    actions = ("create_new_version",)

    def _in_use(self, obj) -> bool:
        return obj is not None and obj.pk is not None and workflow_definition_in_use(obj)

    def has_change_permission(self, request, obj=None):
        if self._in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if self._in_use(obj):
            self.message_user(
                request,
                "Projects run on this version, so it cannot be changed. Use the action "
                "“Create a new version” in the list to edit a copy.",
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Create a new version (copy) of the selected workflows")
    def create_new_version(self, request, queryset):
        for definition in queryset:
            copy = workflow_definition_new_version(definition=definition, user=request.user)
            self.message_user(request, f"Created {copy}; edit it freely.", messages.SUCCESS)


class ReadOnlyTenantAdmin(admin.ModelAdmin):
    """A window on tenant data that is written only through the services (and the audit trail,
    which nobody edits): list, filter, look, never add, change or delete."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(organization_id=request.user.organization_id)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
