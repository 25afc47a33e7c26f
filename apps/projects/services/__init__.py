"""Every write to projects and their workflow progress.

creation.py             project_create, project codes
intake.py               project_intake: a new inquiry with its new customer and contact, all or
                        nothing
editing.py              project_update (optimistic version check), project_cancel
sub_stages.py           sub-stage transitions (start, submit, complete, skip, block, unblock,
                        reassign, and its approval's decision)
sub_stage_approvals.py  asking the approvals app for a sub-stage's approval
stages.py               stage advance and move back
notices.py              workflow notifications linking to the project

The transitions and who may take them are tables in `apps.projects.rules`; the activity entries
are written by `apps.projects.events`.
"""

from apps.projects.services.creation import project_code_next, project_create
from apps.projects.services.editing import project_cancel, project_update
from apps.projects.services.intake import project_intake

__all__ = [
    "project_cancel",
    "project_code_next",
    "project_create",
    "project_intake",
    "project_update",
]
