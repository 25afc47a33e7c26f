"""Deleting documents (soft, by users with documents.delete) and removing their stored files
(an admin action, through the service)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.activity.models import ActivityLog
from apps.documents.models import Document, DocumentAccessLog, DocumentVersion
from apps.documents.services import document_purge_files, document_soft_delete
from tests.documents.conftest import add_version, as_user, pdf, upload


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_soft_delete_hides_the_document_and_keeps_everything(project, people, media_root):
    document = upload(people["creator"], project=project)

    as_user(people["management"], document_soft_delete, document=document, reason="Wrong rev")

    document.refresh_from_db()
    assert document.is_deleted and document.deleted_at is not None
    assert DocumentVersion.objects.filter(document=document).count() == 1
    assert len(stored_files(media_root)) == 1
    assert DocumentAccessLog.objects.filter(document=document, action="delete").exists()
    activity = ActivityLog.objects.get(action="document_deleted")
    assert activity.description.endswith(": Wrong rev")
    assert activity.new_values == {"is_deleted": True, "reason": "Wrong rev"}


@pytest.mark.django_db
def test_soft_delete_needs_the_delete_permission(project, people):
    document = upload(people["creator"], project=project)

    with pytest.raises(PermissionDenied):
        as_user(people["creator"], document_soft_delete, document=document)


@pytest.mark.django_db
def test_soft_delete_refuses_an_over_long_reason(project, people):
    document = upload(people["creator"], project=project)

    with pytest.raises(ValidationError) as caught:
        as_user(people["management"], document_soft_delete, document=document, reason="x" * 2001)

    assert "reason" in caught.value.message_dict


@pytest.mark.django_db
def test_management_cannot_delete_a_restricted_document_they_are_not_named_on(project, people):
    document = upload(
        people["creator"],
        project=project,
        access_level="restricted",
        restricted_user_ids=[people["named"].pk],
    )

    with pytest.raises(PermissionDenied):
        as_user(people["management"], document_soft_delete, document=document)


@pytest.mark.django_db
def test_purge_removes_the_files_of_a_deleted_document_once(project, people, media_root):
    document = upload(people["creator"], project=project, content=pdf("Rev A"))
    add_version(people["creator"], document, content=pdf("Rev B"))
    as_user(people["admin"], document_soft_delete, document=document)

    with pytest.MonkeyPatch.context() as patch:
        # on_commit callbacks run at the end of the (test) transaction: run them now.
        patch.setattr("django.db.transaction.on_commit", lambda callback, **kw: callback())
        removed = as_user(people["admin"], document_purge_files, document=document)
        again = as_user(people["admin"], document_purge_files, document=document)

    assert (removed, again) == (2, 0)
    assert stored_files(media_root) == []
    assert list(DocumentVersion.objects.values_list("file", flat=True)) == ["", ""]
    assert ActivityLog.objects.filter(entity_type="document_file").count() == 1


@pytest.mark.django_db
def test_purge_refuses_a_document_that_is_not_deleted(project, people, media_root):
    document = upload(people["creator"], project=project)

    with pytest.raises(ValidationError, match=r"is not deleted\. Delete it first"):
        as_user(people["admin"], document_purge_files, document=document)

    assert len(stored_files(media_root)) == 1


@pytest.mark.django_db(transaction=True)
def test_delete_page_asks_then_deletes(client, project, people):
    document = upload(people["creator"], project=project)
    client.force_login(people["management"])
    url = reverse("documents:delete", kwargs={"pk": document.pk})

    confirm = client.get(url)
    deleted = client.post(url, {"reason": "Superseded by the customer's drawing"})

    assert confirm.status_code == 200
    assert 'data-testid="confirm-delete"' in confirm.content.decode()
    assert deleted.status_code == 302
    assert Document.objects.get().is_deleted
    assert client.get(reverse("documents:detail", kwargs={"pk": document.pk})).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_delete_of_another_tenants_document_is_404(client, people, other_admin):
    foreign = upload(other_admin, access_level="organization")
    client.force_login(people["admin"])

    response = client.post(reverse("documents:delete", kwargs={"pk": foreign.pk}))

    assert response.status_code == 404
    assert not Document.objects.get().is_deleted


@pytest.mark.django_db(transaction=True)
def test_the_admin_action_removes_stored_files_of_deleted_documents(
    client, project, people, media_root
):
    kept = upload(people["creator"], project=project, content=pdf("kept"))
    gone = upload(people["creator"], project=project, content=pdf("gone"))
    as_user(people["admin"], document_soft_delete, document=gone)
    client.force_login(people["admin"])

    response = client.post(
        reverse("admin:documents_document_changelist"),
        {"action": "remove_stored_files", "_selected_action": [str(kept.pk), str(gone.pk)]},
        follow=True,
    )

    body = response.content.decode()
    assert "Removed 1 stored file(s)." in body
    assert "is not deleted. Delete it first" in body
    assert len(stored_files(media_root)) == 1
    assert DocumentVersion.objects.get(document=gone).file.name == ""
    assert DocumentVersion.objects.get(document=kept).file.name != ""
