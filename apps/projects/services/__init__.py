"""Every write to projects and their workflow progress.

creation.py   project_create, project codes
sub_stages.py sub-stage transitions (start, submit, complete, skip, block, unblock, reassign)
stages.py     stage advance and move back
"""

from apps.projects.services.creation import project_code_next, project_create

__all__ = ["project_code_next", "project_create"]
