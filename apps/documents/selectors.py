"""Every read of documents a page needs. Lists are filtered by the access rule in the database
(`access.document_visible_q`), so a page never loads a row it would then hide."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from apps.core.access import get_for_tenant_or_404
from apps.core.sorted_rows import RowsPage, rows_page, sort_order
from apps.documents.access import can_open_annotation, denied_message, document_visible_q
from apps.documents.filters import DocumentFilter
from apps.documents.models import Document, DocumentAccessLog, DocumentVersion
from apps.documents.tables import COLUMNS, DEFAULT_SORT, PER_PAGE
from apps.projects.models import Project
from apps.users.models import Role, User
from apps.users.selectors import active_colleagues

ACCESS_LOG_SHOWN = 50
PROJECT_SECTION_SHOWN = 50


def documents_visible(user) -> QuerySet[Document]:
    """The tenant's documents that are not deleted and that this user may open."""
    return Document.objects.filter(organization_id=user.organization_id, is_deleted=False).filter(
        document_visible_q(user)
    )


def document_list(user) -> QuerySet[Document]:
    return documents_visible(user).select_related("project", "uploaded_by").order_by("-created_at")


# What a row of the documents page shows (not the project's or uploader's other columns: the
# project row alone is ~800 bytes with its search vector).
LIST_ROW_FIELDS = (
    "id", "organization_id", "title", "file_name", "category", "current_version_number",
    "size_bytes", "access_level", "created_at", "project_id", "uploaded_by_id",
    "project__id", "project__organization_id", "project__project_id",
    "uploaded_by__id", "uploaded_by__organization_id", "uploaded_by__name",
)  # fmt: skip


def document_search(user, *, params) -> DocumentFilter:
    """The documents page's filters applied to what the user may open. Rows: `.results`."""
    return DocumentFilter(params, queryset=document_list(user).only(*LIST_ROW_FIELDS), user=user)


def document_rows(user, *, params, request) -> tuple[DocumentFilter, RowsPage, str]:
    """The documents page: its filters, the asked-for page of rows in the asked-for order (no
    count of every document), and that order's name (`-created_at`, `title`, …)."""
    filterset = document_search(user, params=params)
    sort, order = sort_order(request, COLUMNS, DEFAULT_SORT)
    # The page's rows are loaded by id without the access rule again: the ids come from the
    # filtered query, and repeating the rule let the planner re-check it over every document.
    rows = Document.objects.select_related("project", "uploaded_by").only(*LIST_ROW_FIELDS)
    page = rows_page(request, filterset.results, order, per_page=PER_PAGE, rows=rows)
    return filterset, page, sort


PERSON_FIELDS = ("id", "organization_id", "name", "email", "role")


def people_choices(user) -> list[tuple[uuid.UUID, str]]:
    """Who can be named on a restricted document: the factory's active users, as (id, label)
    pairs for the upload form (no model instance per person)."""
    roles = dict(Role.choices)
    return [
        (pk, f"{name} ({roles.get(role, role)})")
        for pk, name, role in active_colleagues(user).values_list("pk", "name", "role")
    ]


def document_get_for_user(user, pk) -> Document:
    """Access function: 404 for another tenant's, a deleted or a non-existent document; 403 with
    the reason for a document of the user's factory whose access level leaves them out."""
    queryset = (
        Document.objects.filter(is_deleted=False)
        .select_related("project", "uploaded_by")
        .annotate(can_open=can_open_annotation(user))
    )
    document = get_for_tenant_or_404(queryset, user, pk)
    if not document.can_open:
        raise PermissionDenied(denied_message(document.access_level))
    return document


def document_versions(document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.select_related("uploaded_by").order_by("-version_number")


def document_version_get(document: Document, version_number: int | None) -> DocumentVersion:
    """The given version of a document, or its current one."""
    versions = DocumentVersion.objects.filter(
        organization_id=document.organization_id, document=document
    )
    if version_number is None:
        version = versions.filter(is_current=True).first()
    else:
        version = versions.filter(version_number=version_number).first()
    if version is None:
        raise Http404(gettext("This document has no such version."))
    return version


def document_access_entries(
    document: Document, *, limit: int = ACCESS_LOG_SHOWN
) -> list[DocumentAccessLog]:
    """The latest entries of the document's access log, newest first."""
    return list(
        DocumentAccessLog.objects.filter(
            organization_id=document.organization_id, document=document
        )
        .select_related("user", "document_version")
        .order_by("-created_at")[:limit]
    )


def named_people(document: Document) -> list[User]:
    if not document.restricted_user_ids:
        return []
    return list(
        User.objects.filter(
            organization_id=document.organization_id, pk__in=document.restricted_user_ids
        )
        .only(*PERSON_FIELDS)
        .order_by("name")
    )


def project_get_for_documents(user, pk) -> Project:
    """The project whose documents section is asked for: 404 unless it is the user's tenant's."""
    queryset = Project.objects.only(
        "id", "organization_id", "project_id", "title", "assigned_to_id", "created_by_id"
    )
    return get_for_tenant_or_404(queryset, user, pk)


def project_by_code(user, code: str) -> Project | None:
    return (
        Project.objects.filter(organization_id=user.organization_id, project_id__iexact=code)
        .only("id", "organization_id", "project_id", "title", "assigned_to_id", "created_by_id")
        .first()
    )


def project_documents(
    user, project: Project, *, limit: int = PROJECT_SECTION_SHOWN
) -> tuple[list[Document], bool]:
    """The newest documents of a project the user may open, and whether there are more."""
    rows = list(
        documents_visible(user)
        .filter(project=project)
        .select_related("uploaded_by")
        .order_by("-created_at")[: limit + 1]
    )
    return rows[:limit], len(rows) > limit
