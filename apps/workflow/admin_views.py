"""The workflow admin's own pages, where the stock change form cannot do it well: a definition
seen whole (with a diff against another version), one stage's sub-stages edited at a time,
publishing, the default switch, and templates exported and imported.

Every page loads the definition through `workflow_definition_get_for_user` (another tenant's id
is a 404) and writes only through the services.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.workflow.admin_forms import (
    NewSubStageForm,
    SubStageRulesForm,
    TemplateImportForm,
    duration_initial,
)
from apps.workflow.diff import plan_diff
from apps.workflow.models import WorkflowSubStage
from apps.workflow.rules import EDIT, MAKE_DEFAULT, PUBLISH, definition_allows
from apps.workflow.selectors import (
    definition_plan,
    plan_lead_time_hours,
    workflow_definition_get_for_user,
    workflow_definition_versions,
)
from apps.workflow.services import (
    workflow_definition_export,
    workflow_definition_import,
    workflow_definition_new_version,
    workflow_definition_publish,
    workflow_definition_set_default,
    workflow_draft_sub_stage_add,
    workflow_draft_sub_stage_include,
    workflow_draft_sub_stage_move,
    workflow_draft_sub_stage_remove,
    workflow_draft_sub_stage_update,
)


class DefinitionPagesMixin:
    """Added to the definition's ModelAdmin: its extra URLs and views."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        name = "workflow_workflowdefinition"
        return [
            path("import/", wrap(self.import_view), name=f"{name}_import"),
            path("<uuid:pk>/overview/", wrap(self.overview_view), name=f"{name}_overview"),
            path(
                "<uuid:pk>/stage/<uuid:stage_id>/",
                wrap(self.stage_view),
                name=f"{name}_stage",
            ),
            path("<uuid:pk>/lifecycle/", wrap(self.lifecycle_view), name=f"{name}_lifecycle"),
            path("<uuid:pk>/export/", wrap(self.export_view), name=f"{name}_export"),
            *super().get_urls(),
        ]

    def _definition(self, request, pk, *, write=False):
        if not self.has_view_permission(request) or (
            write and not self.has_change_permission(request)
        ):
            raise PermissionDenied
        return workflow_definition_get_for_user(request.user, pk)

    def _page(self, request, template, context, status=200):
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
        return TemplateResponse(request, template, context, status=status)

    def overview_view(self, request, pk):
        definition = self._definition(request, pk)
        plan = definition_plan(definition)
        versions = list(workflow_definition_versions(definition))
        compare, diff = None, None
        compare_id = request.GET.get("compare")
        if compare_id:
            try:
                compare = workflow_definition_get_for_user(request.user, compare_id)
            except (Http404, ValidationError, ValueError):
                return self._page(
                    request,
                    "admin/workflow/workflowdefinition/overview.html",
                    {"definition": definition, "plan": plan, "bad_compare": True},
                    status=404,
                )
            diff = plan_diff(definition_plan(compare), plan)
        return self._page(
            request,
            "admin/workflow/workflowdefinition/overview.html",
            {
                "title": str(definition),
                "definition": definition,
                "plan": plan,
                "total_hours": plan_lead_time_hours(plan),
                "total_sub_stages": sum(len(stage.sub_stages) for stage in plan),
                "versions": [v for v in versions if v.pk != definition.pk],
                "compare": compare,
                "diff": diff,
                "can_edit": definition_allows(definition, EDIT),
                "can_publish": definition_allows(definition, PUBLISH),
                "can_make_default": definition_allows(definition, MAKE_DEFAULT)
                and not definition.is_default,
            },
        )

    def lifecycle_view(self, request, pk):
        """POST only: publish (optionally as default), make default, or copy as a new version."""
        definition = self._definition(request, pk, write=True)
        if request.method != "POST":
            return HttpResponse(status=405)
        action = request.POST.get("action")
        try:
            if action == PUBLISH:
                definition = workflow_definition_publish(
                    definition=definition,
                    user=request.user,
                    make_default=bool(request.POST.get("make_default")),
                )
                self.message_user(request, _("Published %(w)s.") % {"w": definition})
            elif action == MAKE_DEFAULT:
                workflow_definition_set_default(definition=definition, user=request.user)
                self.message_user(request, _("New projects now follow %(w)s.") % {"w": definition})
            elif action == "new_version":
                definition = workflow_definition_new_version(
                    definition=definition, user=request.user
                )
                self.message_user(request, _("Created %(w)s as a draft.") % {"w": definition})
            else:
                return HttpResponse(_("Unknown action."), status=400)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return self._overview_redirect(definition, status=303)
        return self._overview_redirect(definition)

    @staticmethod
    def _overview_redirect(definition, status=302):
        url = reverse("admin:workflow_workflowdefinition_overview", args=[definition.pk])
        response = HttpResponseRedirect(url)
        response.status_code = status
        return response

    def stage_view(self, request, pk, stage_id):
        definition = self._definition(request, pk, write=request.method == "POST")
        plan = definition_plan(definition)
        stage = next((stage for stage in plan if stage.stage_id == stage_id), None)
        if stage is None:
            raise Http404(_("That stage is not part of this workflow."))
        editable = definition_allows(definition, EDIT)
        forms = [
            (
                sub,
                SubStageRulesForm(
                    request.POST if request.method == "POST" else None,
                    prefix=f"s-{sub.sub_stage_id}",
                    initial={
                        "responsible_roles": list(sub.responsible_roles),
                        **duration_initial(sub.estimated_duration_hours),
                        "requires_approval": sub.requires_approval,
                        "approval_roles": list(sub.approval_roles),
                        "can_skip": sub.can_skip,
                        "auto_advance": sub.auto_advance,
                    },
                ),
            )
            for sub in stage.sub_stages
        ]
        adding = request.method == "POST" and request.POST.get("new-name", "").strip()
        new_form = NewSubStageForm(request.POST if adding else None, prefix="new")
        included = {sub.sub_stage_id for sub in stage.sub_stages}
        catalog = [
            sub
            for sub in WorkflowSubStage.objects.filter(
                organization_id=definition.organization_id, workflow_stage_id=stage.stage_id
            ).order_by("sub_stage_order")
            if sub.pk not in included
        ]
        if request.method == "POST":
            if not editable:
                raise PermissionDenied
            response = self._stage_save(request, definition, stage, forms, new_form, adding)
            if response is not None:
                return response
        return self._page(
            request,
            "admin/workflow/workflowdefinition/stage.html",
            {
                "title": _("%(stage)s in %(workflow)s")
                % {"stage": stage.name, "workflow": definition},
                "definition": definition,
                "stage": stage,
                "forms": forms,
                "new_form": new_form,
                "catalog": catalog,
                "editable": editable,
            },
            status=422 if request.method == "POST" else 200,
        )

    def _stage_save(self, request, definition, stage, forms, new_form, adding):
        """Save every sub-stage's rules, then the one button pressed (move, remove, include, add)
        in one transaction: nothing is written unless every form is valid and every service
        agrees."""
        if not all(form.is_valid() for _sub, form in forms) or (adding and not new_form.is_valid()):
            return None
        try:
            with transaction.atomic():
                for sub, form in forms:
                    workflow_draft_sub_stage_update(
                        definition=definition,
                        sub_stage_id=sub.sub_stage_id,
                        user=request.user,
                        **form.rules(),
                    )
                move = request.POST.get("move", "")
                if ":" in move:
                    sub_id, direction = move.rsplit(":", 1)
                    workflow_draft_sub_stage_move(
                        definition=definition,
                        sub_stage_id=_uuid(sub_id),
                        user=request.user,
                        step=-1 if direction == "up" else 1,
                    )
                if request.POST.get("remove"):
                    workflow_draft_sub_stage_remove(
                        definition=definition,
                        sub_stage_id=_uuid(request.POST["remove"]),
                        user=request.user,
                    )
                if request.POST.get("include"):
                    workflow_draft_sub_stage_include(
                        definition=definition,
                        sub_stage_id=_uuid(request.POST["include"]),
                        user=request.user,
                    )
                if adding:
                    workflow_draft_sub_stage_add(
                        definition=definition,
                        stage_id=stage.stage_id,
                        user=request.user,
                        name=new_form.cleaned_data["name"],
                        **new_form.rules(),
                    )
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return None
        self.message_user(request, _("Saved “%(stage)s”.") % {"stage": stage.name})
        return HttpResponseRedirect(request.path)

    def export_view(self, request, pk):
        definition = self._definition(request, pk)
        response = HttpResponse(
            workflow_definition_export(definition), content_type="application/json; charset=utf-8"
        )
        filename = f"{slugify(definition.name) or 'workflow'}-v{definition.version}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TemplateImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                definition = workflow_definition_import(
                    organization_id=request.user.organization_id,
                    user=request.user,
                    content=upload.read(),
                    source=upload.name,
                )
            except ValidationError as error:
                problems = error.messages
            else:
                self.message_user(request, _("Imported %(w)s as a draft.") % {"w": definition})
                return self._overview_redirect(definition)
        status = 400 if request.method == "POST" else 200
        return self._page(
            request,
            "admin/workflow/workflowdefinition/import.html",
            {"title": _("Import a workflow template"), "form": form, "problems": problems},
            status=status,
        )


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise ValidationError(_("That sub-stage is not part of this workflow.")) from error
