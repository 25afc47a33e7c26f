"""Writes of workflow templates (every one audited, every one in the caller's tenant)."""

from apps.workflow.services.editing import (
    workflow_draft_save,
    workflow_draft_sub_stage_add,
    workflow_draft_sub_stage_include,
    workflow_draft_sub_stage_move,
    workflow_draft_sub_stage_remove,
    workflow_draft_sub_stage_update,
)
from apps.workflow.services.lifecycle import (
    workflow_definition_publish,
    workflow_definition_set_default,
)
from apps.workflow.services.transfer import (
    workflow_definition_export,
    workflow_definition_import,
    workflow_install_standard,
)
from apps.workflow.services.versions import (
    workflow_definition_in_use,
    workflow_definition_new_version,
    workflow_stage_in_use,
)

__all__ = [
    "workflow_definition_export",
    "workflow_definition_import",
    "workflow_definition_in_use",
    "workflow_definition_new_version",
    "workflow_definition_publish",
    "workflow_definition_set_default",
    "workflow_draft_save",
    "workflow_draft_sub_stage_add",
    "workflow_draft_sub_stage_include",
    "workflow_draft_sub_stage_move",
    "workflow_draft_sub_stage_remove",
    "workflow_draft_sub_stage_update",
    "workflow_install_standard",
    "workflow_stage_in_use",
]
