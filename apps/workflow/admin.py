"""Workflow templates as tenant admins configure them: the stage catalog and versioned definitions.

The tenant handling (hidden column, tenant-bound forms, tenant-scoped unique rules reported as form
errors) is `apps.core.admin`'s.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin import TenantInline, TenantModelAdmin, mark_admin_audit
from apps.workflow.admin_views import DefinitionPagesMixin
from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.rules import EDIT, definition_allows
from apps.workflow.selectors import workflow_definitions_for_list
from apps.workflow.services import (
    workflow_definition_in_use,
    workflow_definition_new_version,
    workflow_definition_set_default,
    workflow_draft_save,
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
                help_text="None ticked: as in the catalog." if db_field.null else "",
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
    """The stage catalog. A stage that a published version (or running projects) follows, through
    a definition that includes it or its sub-stages, is read-only with its sub-stages: their plans
    read the catalog's values wherever the definition does not set its own."""

    in_use_message = _(
        "A published workflow uses this stage, so it and its sub-stages cannot be changed. Use "
        "“Create a new version” on the workflow and set the roles, durations and approvals on "
        "the new version's stages and sub-stages instead."
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


@admin.register(WorkflowDefinition)
class WorkflowDefinitionAdmin(
    DefinitionPagesMixin, InUseReadOnlyMixin, CatalogOverridesMixin, TenantModelAdmin
):
    """Versions of a workflow. A published version is frozen (and so is any version projects run
    on): "Create a new version" copies it as a draft. A draft's stages are chosen here; its
    sub-stages are edited one stage at a time on the stage pages (`admin_views`), so no page holds
    the whole workflow's inputs. Which version new projects follow is the one default."""

    in_use_message = _(
        "This version is published, so it cannot be changed. Use “Create a new version” to edit "
        "a copy, then publish it."
    )
    change_form_template = "admin/workflow/workflowdefinition/change_form.html"
    change_list_template = "admin/workflow/workflowdefinition/change_list.html"
    list_display = (
        "name",
        "version",
        "status",
        "default_mark",
        "stage_count",
        "sub_stage_count",
        "see_it_whole",
        "updated_at",
    )
    list_filter = ("status", "is_default")
    search_fields = ("name",)
    fields = ("name", "version", "description")
    inlines = (WorkflowDefinitionStageInline,)
    actions = ("create_new_version", "make_default")

    def get_queryset(self, request):
        return workflow_definitions_for_list(request.user.organization_id)

    def is_in_use(self, obj) -> bool:
        return not definition_allows(obj, EDIT) or workflow_definition_in_use(obj)

    @admin.display(description=_("Default for new projects"), boolean=False)
    def default_mark(self, obj):
        return _("★ Default") if obj.is_default else ""

    @admin.display(description=_("Stages"))
    def stage_count(self, obj):
        return obj.stage_count

    @admin.display(description=_("Sub-stages"))
    def sub_stage_count(self, obj):
        return obj.sub_stage_count

    @admin.display(description=_("Whole view"))
    def see_it_whole(self, obj):
        url = reverse("admin:workflow_workflowdefinition_overview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("See it whole"))

    def save_model(self, request, obj, form, change):
        mark_admin_audit()
        workflow_draft_save(definition=obj, user=request.user, changed_fields=form.changed_data)

    def save_formset(self, request, form, formset, change):
        """The draft's stage rows go through the same service as the page's other writes."""
        mark_admin_audit()
        saved = formset.save(commit=False)
        workflow_draft_save(
            definition=form.instance,
            user=request.user,
            stages_saved=saved,
            stages_deleted=formset.deleted_objects,
        )

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return HttpResponseRedirect(
            reverse("admin:workflow_workflowdefinition_overview", args=[obj.pk])
        )

    @admin.action(description=_("Create a new version (a draft copy) of the selected workflows"))
    def create_new_version(self, request, queryset):
        for definition in queryset:
            copy = workflow_definition_new_version(definition=definition, user=request.user)
            self.message_user(
                request,
                _("Created %(w)s as a draft; edit it freely.") % {"w": copy},
                messages.SUCCESS,
            )

    @admin.action(description=_("Make the selected published version the default"))
    def make_default(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, _("Select exactly one version."), messages.ERROR)
            return
        try:
            workflow_definition_set_default(definition=chosen[0], user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("New projects now follow %(w)s.") % {"w": chosen[0]}, messages.SUCCESS
        )
