"""Projects and their sub-stages as subjects of approvals (registered by `ProjectsConfig.ready()`).

A project's approval changes nothing in the project when decided. A sub-stage's approval is the
workflow engine's review: granted, the sub-stage completes; rejected or cancelled, it goes back to
work (the transitions `approval_granted` and `approval_withdrawn` of its table).
"""

from __future__ import annotations

from apps.approvals.models import ApprovalEntityType
from apps.approvals.subjects import SubjectType, subject_type_register
from apps.projects.models import Project, ProjectSubStageProgress
from apps.projects.services.sub_stages import (
    sub_stage_approval_cancelled,
    sub_stage_approval_granted,
    sub_stage_approval_rejected,
)


def _itself(subject):
    return subject


def _its_project(progress: ProjectSubStageProgress) -> Project:
    return progress.project


PROJECT_SUBJECT = SubjectType(
    entity_type=ApprovalEntityType.PROJECT, model=Project, project_of=_itself
)
SUB_STAGE_SUBJECT = SubjectType(
    entity_type=ApprovalEntityType.SUB_STAGE_PROGRESS,
    model=ProjectSubStageProgress,
    project_of=_its_project,
    sub_stage_progress_of=_itself,
    on_approved=sub_stage_approval_granted,
    on_rejected=sub_stage_approval_rejected,
    on_cancelled=sub_stage_approval_cancelled,
)


def approval_subjects_register() -> None:
    subject_type_register(PROJECT_SUBJECT)
    subject_type_register(SUB_STAGE_SUBJECT)
