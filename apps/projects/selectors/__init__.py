"""Every read of projects that a page needs, shaped so a page costs the same number of queries
with ten projects or a hundred thousand.

listing.py  the list's queryset, the access function, the filtered search
board.py    kanban columns with capped cards
detail.py   the project page: stepper with the user's actions, approvals, activity
"""

from apps.projects.selectors.board import BOARD_CARDS_PER_COLUMN, BoardColumn, project_board
from apps.projects.selectors.detail import (
    ProjectWorkflow,
    project_activity,
    project_workflow,
)
from apps.projects.selectors.listing import (
    board_search,
    customer_contacts,
    overdue_work,
    project_filter_options,
    project_get_for_user,
    project_list,
    project_ref_get_for_user,
    project_search,
)

__all__ = [
    "BOARD_CARDS_PER_COLUMN",
    "BoardColumn",
    "ProjectWorkflow",
    "board_search",
    "customer_contacts",
    "overdue_work",
    "project_activity",
    "project_board",
    "project_filter_options",
    "project_get_for_user",
    "project_list",
    "project_ref_get_for_user",
    "project_search",
    "project_workflow",
]
