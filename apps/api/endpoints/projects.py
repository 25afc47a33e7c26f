"""/api/v1/projects: the list with the list page's filters, the detail with its workflow, intake,
edits with the version check, stage moves and sub-stage actions — all through the projects app's
selectors, services and rules."""

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from apps.api.endpoints import project_schemas as schemas
from apps.api.endpoints.common import NewestFirst, responses
from apps.approvals.selectors import approvals_for_project
from apps.contacts.selectors import customer_contact_get_for_user
from apps.core.access import get_for_tenant_or_404
from apps.organizations.selectors import customer_get_for_user
from apps.projects import selectors
from apps.projects.models import Project, ProjectSubStageProgress
from apps.projects.rules import SubStageAction
from apps.projects.services import project_intake, project_update
from apps.projects.services import stages as stage_services
from apps.projects.services import sub_stages as sub_stage_services
from apps.users.permissions import permission_require
from apps.users.selectors import team_member_get_for_user

router = Router(tags=["projects"])


def _detail(user, project: Project) -> Project:
    """The project with its workflow as `ProjectDetailOut` reads it: every stage with its
    sub-stages and the actions the rules table offers the caller."""
    workflow = selectors.project_workflow(user, project, approvals_for_project(user, project.pk))
    project.percent_complete = workflow.percent
    project.can_advance = workflow.can_advance
    project.can_move_back = workflow.can_move_back
    project.stages = [
        {
            "stage_id": stage.planned.stage_id,
            "name": stage.planned.name,
            "state": stage.state,
            "sub_stages": [
                {
                    "progress_id": step.progress.pk if step.progress else None,
                    "sub_stage_id": step.planned.sub_stage_id,
                    "name": step.planned.name,
                    "status": step.status,
                    "is_required": step.planned.is_required,
                    "requires_approval": step.planned.requires_approval,
                    "awaiting_approval": step.awaiting_approval,
                    "assigned_to_id": step.progress.assigned_to_id if step.progress else None,
                    "due_at": step.progress.due_at if step.progress else None,
                    "actions": list(step.actions),
                }
                for step in stage.sub_stages
            ],
        }
        for stage in workflow.stages
    ]
    return project


def _fresh_detail(user, pk) -> Project:
    return _detail(user, selectors.project_get_for_user(user, pk))


@router.get("/", response=responses(200, list[schemas.ProjectListItem]))
@paginate(NewestFirst)
def project_list(request: HttpRequest, filters: Query[schemas.ProjectFilters]):
    """The projects list page's rows, with its filters and search (running projects unless
    `state` says otherwise)."""
    permission_require(request.user, "projects.view")
    params = QueryDict(mutable=True)
    for name, value in filters.dict(exclude_none=True).items():
        params[name] = str(value).lower() if isinstance(value, bool) else str(value)
    filterset = selectors.project_search(request.user, params=params)
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(m) for m in messages] for field, messages in filterset.errors.items()}
        )
    return filterset.qs


@router.get("/{project_id}", response=responses(200, schemas.ProjectDetailOut))
def project_detail(request: HttpRequest, project_id: uuid.UUID):
    permission_require(request.user, "projects.view")
    return _fresh_detail(request.user, project_id)


@router.post("/", response=responses(201, schemas.ProjectDetailOut))
def project_create(request: HttpRequest, payload: schemas.ProjectCreateIn):
    """A new inquiry through the intake service: an existing customer (`customer_id`) or a new
    one (`new_customer`), optionally with an existing or new contact."""
    user = request.user
    data = payload.dict(exclude={"customer_id", "contact_id", "assigned_to_id"})
    new_customer, new_contact = data.pop("new_customer"), data.pop("new_contact")
    customer = contact = assignee = None
    if payload.customer_id is not None:
        customer = customer_get_for_user(user, payload.customer_id)
    if payload.contact_id is not None:
        if customer is None:
            raise ValidationError(
                {"contact_id": [_("A contact needs its customer (customer_id).")]}
            )
        contact = customer_contact_get_for_user(
            user, customer_pk=customer.pk, pk=payload.contact_id
        )
    if payload.assigned_to_id is not None:
        assignee = team_member_get_for_user(user, payload.assigned_to_id)
    project = project_intake(
        user=user,
        customer=customer,
        new_customer=new_customer,
        contact=contact,
        new_contact=new_contact,
        assigned_to=assignee,
        **data,
    )
    return Status(201, _fresh_detail(user, project.pk))


@router.patch("/{project_id}", response=responses(200, schemas.ProjectDetailOut))
def project_edit(request: HttpRequest, project_id: uuid.UUID, payload: schemas.ProjectUpdateIn):
    """Change editable fields; send the `version` you read, as the edit page does."""
    user = request.user
    project = selectors.project_get_for_user(user, project_id)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    related = {
        "customer_id": ("customer_organization", customer_get_for_user),
        "assigned_to_id": ("assigned_to", team_member_get_for_user),
    }
    for key, (field, access) in related.items():
        if key in data:
            value = data.pop(key)
            data[field] = access(user, value) if value is not None else None
    if "point_of_contact_id" in data:
        value = data.pop("point_of_contact_id")
        customer_pk = (data.get("customer_organization") or project.customer_organization).pk
        data["point_of_contact"] = (
            customer_contact_get_for_user(user, customer_pk=customer_pk, pk=value)
            if value is not None
            else None
        )
    project_update(user=user, project_id=project.pk, expected_version=payload.version, data=data)
    return _fresh_detail(user, project.pk)


@router.post("/{project_id}/advance", response=responses(200, schemas.ProjectDetailOut))
def project_advance(request: HttpRequest, project_id: uuid.UUID):
    """Move the project to its next stage (the stage table of `apps.projects.rules` decides)."""
    permission_require(request.user, "workflow.advance")
    project = selectors.project_get_for_user(request.user, project_id)
    stage_services.project_advance_stage(user=request.user, project_id=project.pk)
    return _fresh_detail(request.user, project.pk)


@router.post("/{project_id}/move-back", response=responses(200, schemas.ProjectDetailOut))
def project_move_back(request: HttpRequest, project_id: uuid.UUID, payload: schemas.ReasonIn):
    permission_require(request.user, "workflow.move_back")
    project = selectors.project_get_for_user(request.user, project_id)
    stage_services.project_move_back_stage(
        user=request.user, project_id=project.pk, reason=payload.reason
    )
    return _fresh_detail(request.user, project.pk)


def _sub_stage_call(user, action: SubStageAction, progress_id, payload):
    if action == SubStageAction.START:
        return sub_stage_services.sub_stage_start(user=user, progress_id=progress_id)
    if action == SubStageAction.SUBMIT:
        return sub_stage_services.sub_stage_submit_for_review(user=user, progress_id=progress_id)
    if action == SubStageAction.COMPLETE:
        return sub_stage_services.sub_stage_complete(
            user=user, progress_id=progress_id, notes=payload.notes
        )
    if action == SubStageAction.SKIP:
        return sub_stage_services.sub_stage_skip(
            user=user, progress_id=progress_id, reason=payload.reason
        )
    if action == SubStageAction.BLOCK:
        return sub_stage_services.sub_stage_block(
            user=user, progress_id=progress_id, reason=payload.reason
        )
    if action == SubStageAction.UNBLOCK:
        return sub_stage_services.sub_stage_unblock(user=user, progress_id=progress_id)
    if payload.assignee_id is None:
        raise ValidationError({"assignee_id": [_("Choose who takes the sub-stage over.")]})
    assignee = team_member_get_for_user(user, payload.assignee_id)
    return sub_stage_services.sub_stage_reassign(
        user=user, progress_id=progress_id, assignee=assignee
    )


SUB_STAGE_API_ACTIONS = [
    SubStageAction.START,
    SubStageAction.SUBMIT,
    SubStageAction.COMPLETE,
    SubStageAction.SKIP,
    SubStageAction.BLOCK,
    SubStageAction.UNBLOCK,
    SubStageAction.REASSIGN,
]


def _add_sub_stage_endpoint(action: SubStageAction) -> None:
    def sub_stage_action(
        request: HttpRequest,
        project_id: uuid.UUID,
        progress_id: uuid.UUID,
        payload: schemas.SubStageActionIn,
    ):
        permission_require(request.user, "workflow.advance")
        project = selectors.project_get_for_user(request.user, project_id)
        # The row must be this project's: the URL names the project.
        progress = get_for_tenant_or_404(
            ProjectSubStageProgress.objects.filter(project=project), request.user, progress_id
        )
        _sub_stage_call(request.user, action, progress.pk, payload)
        return _fresh_detail(request.user, project.pk)

    sub_stage_action.__name__ = f"sub_stage_{action.value}"
    router.post(
        f"/{{project_id}}/sub-stages/{{progress_id}}/{action.value}",
        response=responses(200, schemas.ProjectDetailOut),
        summary=f"Sub-stage: {action.value}",
    )(sub_stage_action)


for _action in SUB_STAGE_API_ACTIONS:
    _add_sub_stage_endpoint(_action)
