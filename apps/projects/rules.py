"""The workflow engine's rules: who may work on a project's workflow, and its two state machines,
a sub-stage's progress and the project's stage, each one table of transitions.

The services refuse by these tables (`sub_stage_refusal`, `stage_refusal`) and the project page
offers only what they allow (`sub_stage_actions`, `stage_actions`), so the page and the services
cannot disagree. Pure functions of the user and what the caller loaded: no queries.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.projects.models import ProgressStatus, Project, ProjectStatus
from apps.users.models import Role
from apps.users.permissions import has_permission

OVERSEERS = (Role.MANAGEMENT, Role.ADMIN)
ADVANCE_PERMISSION = "workflow.advance"
MOVE_BACK_PERMISSION = "workflow.move_back"


def may_work_on(user, responsible_roles: Collection[str]) -> bool:
    """The engine's one rule for workflow work (a sub-stage, or advancing a stage): the roles the
    workflow names as responsible, plus management and admin, with `workflow.advance`."""
    return has_permission(user, ADVANCE_PERMISSION) and (
        user.role in responsible_roles or user.role in OVERSEERS
    )


def may_move_back(user) -> bool:
    return has_permission(user, MOVE_BACK_PERMISSION)


# --- A sub-stage's progress ---


class SubStageAction(StrEnum):
    START = "start"
    SUBMIT = "submit"
    COMPLETE = "complete"
    SKIP = "skip"
    UNBLOCK = "unblock"
    BLOCK = "block"
    REASSIGN = "reassign"
    # Taken by an approval's decision, never offered as a button.
    APPROVAL_GRANTED = "approval_granted"
    APPROVAL_WITHDRAWN = "approval_withdrawn"


# What people do on the project page, in the order of its buttons.
SUB_STAGE_USER_ACTIONS = (
    SubStageAction.START,
    SubStageAction.SUBMIT,
    SubStageAction.COMPLETE,
    SubStageAction.SKIP,
    SubStageAction.UNBLOCK,
    SubStageAction.BLOCK,
    SubStageAction.REASSIGN,
)
# The refusal of an action the table does not allow from a status: "Cannot start “Welding”: it
# is completed." One whole sentence per action, so that a translation can order its words.
SUB_STAGE_REFUSALS = {
    SubStageAction.START: _("Cannot start “%(name)s”: it is %(status)s."),
    SubStageAction.SUBMIT: _("Cannot submit for review “%(name)s”: it is %(status)s."),
    SubStageAction.COMPLETE: _("Cannot complete “%(name)s”: it is %(status)s."),
    SubStageAction.SKIP: _("Cannot skip “%(name)s”: it is %(status)s."),
    SubStageAction.UNBLOCK: _("Cannot unblock “%(name)s”: it is %(status)s."),
    SubStageAction.BLOCK: _("Cannot block “%(name)s”: it is %(status)s."),
    SubStageAction.REASSIGN: _("Cannot reassign “%(name)s”: it is %(status)s."),
    SubStageAction.APPROVAL_GRANTED: _("Cannot approval granted “%(name)s”: it is %(status)s."),
    SubStageAction.APPROVAL_WITHDRAWN: _("Cannot approval withdrawn “%(name)s”: it is %(status)s."),
}


class Condition(StrEnum):
    """What a transition needs besides its status, from the sub-stage's plan and its approvals."""

    SKIPPABLE = "skippable"
    NEEDS_NO_APPROVAL = "needs_no_approval"
    NOT_AWAITING_APPROVAL = "not_awaiting_approval"


WORKERS = "workers"  # `may_work_on` the sub-stage: its responsible roles, management, admin
APPROVAL = "approval"  # the approval's decision (the approvals app checked who decided)


@dataclass(frozen=True)
class SubStageTransition:
    """`to`: the statuses the action may lead to (more than one: the table's docstring says
    which); `who` may take it; `when`: the conditions it needs."""

    to: tuple[str, ...]
    who: str = WORKERS
    when: tuple[Condition, ...] = ()


PENDING, IN_PROGRESS = ProgressStatus.PENDING, ProgressStatus.IN_PROGRESS
IN_REVIEW, BLOCKED = ProgressStatus.IN_REVIEW, ProgressStatus.BLOCKED
SKIPPED, COMPLETED = ProgressStatus.SKIPPED, ProgressStatus.COMPLETED

SUB_STAGE_TRANSITIONS: dict[tuple[str, SubStageAction], SubStageTransition] = {
    (PENDING, SubStageAction.START): SubStageTransition((IN_PROGRESS,)),
    (PENDING, SubStageAction.SKIP): SubStageTransition((SKIPPED,), when=(Condition.SKIPPABLE,)),
    (PENDING, SubStageAction.BLOCK): SubStageTransition((BLOCKED,)),
    (PENDING, SubStageAction.REASSIGN): SubStageTransition((PENDING,)),
    (IN_PROGRESS, SubStageAction.SUBMIT): SubStageTransition(
        (IN_REVIEW,), when=(Condition.NEEDS_NO_APPROVAL,)
    ),
    (IN_PROGRESS, SubStageAction.COMPLETE): SubStageTransition(
        (COMPLETED, IN_REVIEW), when=(Condition.NOT_AWAITING_APPROVAL,)
    ),
    (IN_PROGRESS, SubStageAction.SKIP): SubStageTransition((SKIPPED,), when=(Condition.SKIPPABLE,)),
    (IN_PROGRESS, SubStageAction.BLOCK): SubStageTransition((BLOCKED,)),
    (IN_PROGRESS, SubStageAction.REASSIGN): SubStageTransition((IN_PROGRESS,)),
    (IN_REVIEW, SubStageAction.COMPLETE): SubStageTransition(
        (COMPLETED, IN_REVIEW), when=(Condition.NOT_AWAITING_APPROVAL,)
    ),
    (IN_REVIEW, SubStageAction.BLOCK): SubStageTransition((BLOCKED,)),
    (IN_REVIEW, SubStageAction.REASSIGN): SubStageTransition((IN_REVIEW,)),
    (IN_REVIEW, SubStageAction.APPROVAL_GRANTED): SubStageTransition((COMPLETED,), who=APPROVAL),
    (IN_REVIEW, SubStageAction.APPROVAL_WITHDRAWN): SubStageTransition(
        (IN_PROGRESS,), who=APPROVAL
    ),
    (BLOCKED, SubStageAction.UNBLOCK): SubStageTransition((IN_PROGRESS, PENDING)),
    (BLOCKED, SubStageAction.REASSIGN): SubStageTransition((BLOCKED,)),
}
"""A sub-stage's progress: `{(status, action): SubStageTransition(new statuses, who, when)}`.

- pending: start → in progress; skip → skipped (where the workflow allows it).
- in progress: complete → completed, or → in review with its approval asked, when it needs one;
  submit → in review (only when it needs no approval); skip → skipped (where allowed).
- in review: complete → completed (when nothing is awaited; one that needs an approval has it
  asked again and stays in review); approval granted → completed; approval rejected or
  cancelled → in progress.
- pending, in progress, in review: block → blocked; blocked: unblock → in progress if it had
  started, else pending.
- Reassigning (any status but completed and skipped) changes the person, not the status.
- Completed and skipped are final.

One rule for review (the page and the services used to disagree): a sub-stage that needs an
approval goes to review by "complete", which asks for the approval in the same transaction, and
its approval's decision takes it out (granted: completed; rejected or cancelled: back to work).
"Submit for review" is refused for it: without an approval that review has no reviewer (nobody
is asked), and the sub-stage would sit in review until someone pressed "complete", which only
then asks for the approval. Where no approval is needed, "submit" hands the work to a colleague
of the responsible roles, who completes it. While any approval of the sub-stage waits for a
decision, only that decision completes it ("complete" is refused). An approval decided after
someone blocked the sub-stage leaves it as it is (a decision moves only a sub-stage in review).
"""


@dataclass(frozen=True)
class SubStageFacts:
    """What the conditions look at: the sub-stage's plan, and (asked only when a condition needs
    it, since the services must query for it) whether an approval of it waits for a decision."""

    name: str
    can_skip: bool
    requires_approval: bool
    awaiting_approval: Callable[[], bool]


def _condition_refusal(condition: Condition, facts: SubStageFacts) -> str | None:
    match condition:
        case Condition.SKIPPABLE if not facts.can_skip:
            return gettext("“%(name)s” cannot be skipped in this workflow.") % {"name": facts.name}
        case Condition.NEEDS_NO_APPROVAL if facts.requires_approval:
            return gettext(
                "“%(name)s” needs an approval: complete it to ask for one, instead of "
                "submitting it for review."
            ) % {"name": facts.name}
        case Condition.NOT_AWAITING_APPROVAL if facts.awaiting_approval():
            return gettext("“%(name)s” is already waiting for its approval.") % {"name": facts.name}
    return None


def sub_stage_refusal(status: str, action: SubStageAction, facts: SubStageFacts) -> str | None:
    """Why the table refuses `action` on a sub-stage in `status`, or None when it allows it."""
    transition = SUB_STAGE_TRANSITIONS.get((status, action))
    if transition is None:
        return str(SUB_STAGE_REFUSALS[action]) % {
            "name": facts.name,
            "status": ProgressStatus(status).label.lower(),
        }
    for condition in transition.when:
        refusal = _condition_refusal(condition, facts)
        if refusal:
            return refusal
    return None


def sub_stage_actions(
    user, status: str, facts: SubStageFacts, responsible_roles: Collection[str]
) -> tuple[SubStageAction, ...]:
    """The actions the project page offers `user` on a sub-stage of the running project's current
    stage: those the table allows, if the user may work on it."""
    return tuple(
        action
        for action in SUB_STAGE_USER_ACTIONS
        if sub_stage_refusal(status, action, facts) is None
        and SUB_STAGE_TRANSITIONS[(status, action)].who == WORKERS
        and may_work_on(user, responsible_roles)
    )


# --- The project's stage ---


class StageAction(StrEnum):
    ADVANCE = "advance"
    MOVE_BACK = "move_back"


class StagePosition(StrEnum):
    """Where the project stands in its workflow: the state of the stage machine."""

    FIRST = "first"
    MIDDLE = "middle"
    LAST = "last"
    ONLY = "only"  # a workflow of one stage
    CLOSED = "closed"  # completed or cancelled


NEXT_STAGE, PREVIOUS_STAGE = "next_stage", "previous_stage"
RESPONSIBLE = "responsible"  # `may_work_on` the current stage
MOVERS_BACK = "movers_back"  # holders of `workflow.move_back` (management)
REQUIRED_WORK_DONE = "required_work_done"


@dataclass(frozen=True)
class StageTransition:
    to: str
    who: str
    when: tuple[str, ...] = ()


_advance_to_next = StageTransition(NEXT_STAGE, RESPONSIBLE, (REQUIRED_WORK_DONE,))
_complete = StageTransition(ProjectStatus.COMPLETED, RESPONSIBLE, (REQUIRED_WORK_DONE,))
_move_back = StageTransition(PREVIOUS_STAGE, MOVERS_BACK)

PROJECT_STAGE_TRANSITIONS: dict[tuple[StagePosition, StageAction], StageTransition] = {
    (StagePosition.FIRST, StageAction.ADVANCE): _advance_to_next,
    (StagePosition.MIDDLE, StageAction.ADVANCE): _advance_to_next,
    (StagePosition.MIDDLE, StageAction.MOVE_BACK): _move_back,
    (StagePosition.LAST, StageAction.ADVANCE): _complete,
    (StagePosition.LAST, StageAction.MOVE_BACK): _move_back,
    (StagePosition.ONLY, StageAction.ADVANCE): _complete,
}
"""The project's stage: `{(position, action): StageTransition(to, who, when)}`.

A running project advances to the next stage (from the last one it completes) when every required
sub-stage of its current stage is completed or skipped, by the people responsible for that stage
(or management); its status follows the stage. Management moves it back a stage, with a reason,
from anywhere but the first. A completed or cancelled project moves no more. The automatic advance
after an `auto_advance` sub-stage takes the same "advance" for whoever completed that sub-stage:
their right to complete it stands for the move.
"""


def stage_position(project: Project, index: int, stage_count: int) -> StagePosition:
    """The position of a project whose current stage is `index` of `stage_count`."""
    if project.is_closed:
        return StagePosition.CLOSED
    first, last = index == 0, index == stage_count - 1
    if first and last:
        return StagePosition.ONLY
    return StagePosition.FIRST if first else StagePosition.LAST if last else StagePosition.MIDDLE


def stage_may(user, action: StageAction, responsible_roles: Collection[str] = ()) -> bool:
    """Whether `user` is among who may take `action` (the table's `who`; `responsible_roles`: the
    current stage's)."""
    who = next(
        transition.who
        for (_, table_action), transition in PROJECT_STAGE_TRANSITIONS.items()
        if table_action == action
    )
    if who == MOVERS_BACK:
        return may_move_back(user)
    return may_work_on(user, responsible_roles)


def stage_refusal(
    project: Project,
    position: StagePosition,
    action: StageAction,
    *,
    stage_name: str,
    open_required: Collection[str] = (),
) -> str | None:
    """Why the table refuses `action` from `position`, or None when it allows it.
    `open_required` names the required sub-stages of the current stage still open."""
    transition = PROJECT_STAGE_TRANSITIONS.get((position, action))
    if transition is None:
        if position == StagePosition.CLOSED:
            return gettext("The project is %(status)s.") % {
                "status": project.get_status_display().lower()
            }
        return gettext("The project is in its first stage; there is nothing before it.")
    if REQUIRED_WORK_DONE in transition.when and open_required:
        return gettext("%(stage)s still has required work open: %(open)s.") % {
            "stage": stage_name,
            "open": ", ".join(sorted(open_required)),
        }
    return None


def stage_actions(
    user,
    project: Project,
    position: StagePosition,
    *,
    stage_name: str,
    responsible_roles: Collection[str],
    open_required: Collection[str],
) -> tuple[StageAction, ...]:
    """The stage moves the project page offers `user`."""
    return tuple(
        action
        for action in StageAction
        if stage_may(user, action, responsible_roles)
        and stage_refusal(
            project, position, action, stage_name=stage_name, open_required=open_required
        )
        is None
    )
