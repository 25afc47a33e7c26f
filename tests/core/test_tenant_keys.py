"""The unique keys that gained the tenant column for Citus (docs/scaling.md section 4): each now
contains it, and each still refuses what it refused before (a copy of a row that repeats the key
under a new id)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.db import IntegrityError, connection, transaction

from tests.contacts.factories import ContactFactory
from tests.documents.factories import DocumentVersionFactory
from tests.projects.factories import ProjectSubStageProgressFactory
from tests.workflow.factories import (
    WorkflowDefinitionStageFactory,
    WorkflowDefinitionSubStageFactory,
    WorkflowSubStageFactory,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class TenantKey:
    table: str
    name: str
    columns: list[str]
    make: type
    make_kwargs: dict = field(default_factory=dict)
    # What the copy changes besides its id, so that only this key is repeated.
    copy_sets: str = ""


KEYS = [
    TenantKey("project_sub_stage_progress", "project_sub_stage_progress_project_sub_stage_unique",
              ["project_id", "sub_stage_id", "organization_id"], ProjectSubStageProgressFactory),
    TenantKey("workflow_definition_stages", "workflow_definition_stages_definition_stage_unique",
              ["workflow_definition_id", "workflow_stage_id", "organization_id"],
              WorkflowDefinitionStageFactory),
    TenantKey("workflow_definition_sub_stages",
              "workflow_definition_sub_stages_definition_sub_stage_unique",
              ["workflow_definition_id", "sub_stage_id", "organization_id"],
              WorkflowDefinitionSubStageFactory),
    TenantKey("workflow_sub_stages", "workflow_sub_stages_stage_slug_unique",
              ["workflow_stage_id", "slug", "organization_id"], WorkflowSubStageFactory),
    TenantKey("document_versions", "document_versions_document_version_unique",
              ["document_id", "version_number", "organization_id"], DocumentVersionFactory,
              copy_sets="is_current = false"),
    TenantKey("document_versions", "document_versions_one_current_per_document",
              ["document_id", "organization_id"], DocumentVersionFactory,
              copy_sets="version_number = version_number + 1"),
    TenantKey("contacts", "contacts_one_primary_per_organization",
              ["organization_id", "owner_organization_id"], ContactFactory,
              {"is_primary_contact": True}, copy_sets="email = 'second@customer.example.com'"),
]  # fmt: skip


def index_columns(name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index ix, unnest(ix.indkey) WITH ORDINALITY k(attnum, n) "
            "JOIN pg_attribute a ON a.attnum = k.attnum "
            "WHERE ix.indexrelid = to_regclass(%s) AND a.attrelid = ix.indrelid ORDER BY k.n",
            [name],
        )
        return [column for (column,) in cursor.fetchall()]


def insert_copy(key: TenantKey, row_id) -> None:
    """Insert the row again under a new id (as the owner, so no policy is in the way)."""
    extra = f", {key.copy_sets}" if key.copy_sets else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
            "AND attgenerated = ''",  # generated columns are computed again
            [key.table],
        )
        (columns,) = cursor.fetchone()
        cursor.execute(
            f'CREATE TEMP TABLE copy_of_row AS SELECT {columns} FROM "{key.table}" WHERE id = %s',
            [row_id],
        )
        cursor.execute(f"UPDATE copy_of_row SET id = gen_random_uuid(){extra}")
        cursor.execute(f'INSERT INTO "{key.table}" ({columns}) SELECT {columns} FROM copy_of_row')


@pytest.mark.parametrize("key", KEYS, ids=[key.name for key in KEYS])
def test_the_key_contains_the_tenant_column_last(key):
    assert index_columns(key.name) == key.columns


@pytest.mark.parametrize("key", KEYS, ids=[key.name for key in KEYS])
def test_the_key_still_refuses_a_duplicate(key):
    row = key.make(**key.make_kwargs)

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        insert_copy(key, row.pk)

    assert refused.value.__cause__.diag.constraint_name == key.name


def test_a_copy_that_repeats_no_key_is_accepted():
    """The copying itself works: without the repeated key the same insert succeeds."""
    row = ProjectSubStageProgressFactory()
    other_sub_stage = WorkflowSubStageFactory(
        tenant=row.organization, workflow_stage=row.workflow_stage
    )
    key = TenantKey(
        "project_sub_stage_progress", "", [], ProjectSubStageProgressFactory,
        copy_sets=f"sub_stage_id = '{other_sub_stage.pk}'",
    )  # fmt: skip

    insert_copy(key, row.pk)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM project_sub_stage_progress WHERE project_id = %s",
            [row.project_id],
        )
        assert cursor.fetchone()[0] == 2
