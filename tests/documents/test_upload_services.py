"""Uploading documents and versions through the services, as the app role under RLS."""

from __future__ import annotations

import hashlib
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection

from apps.activity.models import ActivityLog
from apps.core.tenancy import tenant_context
from apps.documents.models import Document, DocumentAccessLog, DocumentVersion
from apps.documents.services import ClientInfo
from apps.notifications.models import Notification
from tests.documents.conftest import add_version, pdf, upload
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def stored_bytes(version: DocumentVersion) -> bytes:
    with default_storage.open(version.file.name, "rb") as handle:
        return handle.read()


def test_upload_stores_the_file_and_records_the_document_and_its_first_version(
    project, people, tenant
):
    content = pdf("Rev A")

    document = upload(
        people["assignee"],
        name="Bản vẽ giá đỡ.pdf",
        content=content,
        project=project,
        title="  Bracket drawing  ",
        tags="Customer-Drawing, rev-a, customer-drawing",
        client=ClientInfo(ip_address="198.51.100.7", user_agent="Firefox"),
    )

    version = document.versions.get()
    assert document.organization_id == tenant.pk
    assert document.title == "Bracket drawing"
    assert document.file_name == "Bản vẽ giá đỡ.pdf"
    assert document.tags == ["customer-drawing", "rev-a"]
    assert (document.mime_type, document.size_bytes) == ("application/pdf", len(content))
    assert document.checksum == hashlib.sha256(content).hexdigest() == version.checksum_sha256
    assert (version.version_number, version.is_current) == (1, True)
    assert stored_bytes(version) == content
    entry = DocumentAccessLog.objects.get(document=document)
    assert (entry.action, entry.user, entry.document_version) == (
        "upload",
        people["assignee"],
        version,
    )
    assert (entry.ip_address, entry.user_agent) == ("198.51.100.7", "Firefox")


def test_the_stored_path_has_the_tenant_and_a_random_part_never_the_users_name(
    project, people, tenant
):
    document = upload(people["assignee"], name="secret-plan.pdf", project=project)

    name = document.versions.get().file.name
    parts = name.split("/")
    assert parts[:4] == ["tenants", str(tenant.pk), "documents", str(document.pk)]
    assert len(parts) == 5 and len(parts[4]) == 32
    assert "secret" not in name


def test_the_title_defaults_to_the_file_name(project, people):
    document = upload(people["assignee"], name="GA drawing.pdf", project=project)

    assert document.title == "GA drawing"


def test_a_library_document_has_no_project(people):
    document = upload(people["admin"], name="ISO-9001.pdf", category="certificate")

    assert document.project is None
    assert document.access_level == "organization"


def test_upload_records_activity_and_notifies_the_projects_assignee(project, people):
    document = upload(people["sub_stage"], project=project, title="Weld map")

    activity = ActivityLog.objects.get(entity_id=document.pk)
    assert (activity.action, activity.project_id) == ("document_uploaded", project.pk)
    assert "Weld map" in activity.description
    notification = Notification.objects.get(user=people["assignee"])
    assert notification.type == "document"
    assert notification.action_url == f"/documents/{document.pk}/"


def test_the_assignee_is_not_notified_of_their_own_upload(project, people):
    upload(people["assignee"], project=project)

    assert not Notification.objects.exists()


def test_the_assignee_is_not_told_of_a_document_they_may_not_open(project, people):
    upload(
        people["sub_stage"],
        project=project,
        access_level="restricted",
        restricted_user_ids=[people["named"].pk],
    )

    assert not Notification.objects.exists()


def test_uploading_the_same_content_twice_to_a_project_is_refused(project, people):
    upload(people["assignee"], project=project, title="GA drawing", content=pdf("same"))

    with pytest.raises(ValidationError) as caught:
        upload(people["creator"], name="copy.pdf", project=project, content=pdf("same"))

    assert caught.value.message_dict["file"] == [
        "This exact file is already in this project as “GA drawing” (version 1). Nothing was "
        "uploaded."
    ]
    assert Document.objects.count() == 1
    assert DocumentVersion.objects.count() == 1


def test_a_duplicate_the_user_cannot_open_is_refused_without_naming_it(project, people):
    upload(
        people["admin"],
        project=project,
        title="Price list",
        content=pdf("same"),
        access_level="restricted",
        restricted_user_ids=[people["named"].pk],
    )

    with pytest.raises(ValidationError) as caught:
        upload(people["outsider"], project=project, content=pdf("same"))

    assert "in a document you cannot open" in caught.value.messages[0]
    assert "Price list" not in caught.value.messages[0]


def test_the_same_content_may_live_in_another_project_or_after_deletion(project, people, tenant):
    first = upload(people["assignee"], project=project, content=pdf("same"))
    other = ProjectFactory(organization=tenant, assigned_to=people["assignee"])

    upload(people["assignee"], project=other, content=pdf("same"))
    Document.objects.filter(pk=first.pk).update(is_deleted=True, deleted_at=first.created_at)
    upload(people["assignee"], project=project, content=pdf("same"))

    assert Document.objects.filter(is_deleted=False).count() == 2


def test_a_new_version_keeps_the_old_one_and_becomes_the_only_current(project, people):
    document = upload(people["assignee"], project=project, content=pdf("Rev A"))

    version = add_version(
        people["sub_stage"],
        document,
        name="bracket-rev-b.pdf",
        content=pdf("Rev B"),
        summary="Rev B: slots widened",
    )

    document.refresh_from_db()
    versions = list(document.versions.order_by("version_number"))
    assert [v.version_number for v in versions] == [1, 2]
    assert [v.is_current for v in versions] == [False, True]
    assert versions[1] == version
    assert version.change_summary == "Rev B: slots widened"
    assert (document.current_version_number, document.file_name) == (2, "bracket-rev-b.pdf")
    assert document.checksum == hashlib.sha256(pdf("Rev B")).hexdigest()
    assert stored_bytes(versions[0]) == pdf("Rev A")
    assert stored_bytes(versions[1]) == pdf("Rev B")
    activity = ActivityLog.objects.get(action="document_version_added")
    assert activity.new_values == {"version": 2, "checksum": document.checksum}
    assert Notification.objects.filter(user=people["assignee"]).count() == 1


def test_a_version_identical_to_an_earlier_one_is_refused(project, people):
    document = upload(people["assignee"], project=project, content=pdf("Rev A"))
    add_version(people["assignee"], document, content=pdf("Rev B"))

    with pytest.raises(ValidationError) as caught:
        add_version(people["assignee"], document, name="again.pdf", content=pdf("Rev A"))

    assert caught.value.message_dict["file"] == [
        "This file is identical to version 1 (“bracket.pdf”). Nothing was added."
    ]
    assert document.versions.count() == 2


def test_a_version_needs_a_summary_of_what_changed(project, people):
    document = upload(people["assignee"], project=project)

    with pytest.raises(ValidationError) as caught:
        add_version(people["assignee"], document, content=pdf("Rev B"), summary="  ")

    assert caught.value.message_dict == {"change_summary": ["Say what changed in this version."]}


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"access_level": "project"}, "access_level", "needs a project"),
        ({"access_level": "customer"}, "access_level", "the customer is the project's"),
        ({"access_level": "restricted"}, "restricted_users", "Name at least one person"),
        ({"category": "bogus"}, "category", "not a valid choice"),
        ({"tags": "x" * 51}, "tags", "under 50 characters"),
        ({"title": "t" * 256}, "title", "at most 255 characters"),
    ],
)
def test_library_uploads_refuse_invalid_choices_with_field_messages(people, kwargs, field, message):
    with pytest.raises(ValidationError) as caught:
        upload(people["admin"], **kwargs)

    assert message in " ".join(caught.value.message_dict[field])
    assert not Document.objects.exists()


def test_named_people_must_be_active_users_of_the_factory(people, other_admin):
    with pytest.raises(ValidationError) as caught:
        upload(
            people["admin"],
            access_level="restricted",
            restricted_user_ids=[people["named"].pk, other_admin.pk],
        )

    assert "not active users of your factory" in caught.value.message_dict["restricted_users"][0]


def test_named_people_are_only_kept_for_restricted_documents(people):
    document = upload(people["admin"], restricted_user_ids=[people["named"].pk])

    assert document.restricted_user_ids == []


def test_upload_needs_the_upload_permission(people):
    with pytest.raises(PermissionDenied):
        upload(people["auditor"])


def test_a_project_of_another_tenant_is_refused(people, other_tenant):
    foreign = ProjectFactory(organization=other_tenant)

    with pytest.raises(ValidationError):
        upload(people["admin"], project=foreign)


def test_nothing_is_stored_when_the_upload_is_refused(project, people, media_root):
    upload(people["assignee"], project=project, content=pdf("same"))

    with pytest.raises(ValidationError):
        upload(people["assignee"], project=project, content=pdf("same"))

    files = [path for path in media_root.rglob("*") if path.is_file()]
    assert len(files) == 1


def test_a_failure_after_storing_removes_the_file_and_saves_nothing(
    project, people, media_root, monkeypatch
):
    document = upload(people["assignee"], project=project, content=pdf("Rev A"))

    def broken_activity(**kwargs):
        raise RuntimeError("activity log unavailable")

    for event in ("document_uploaded_event", "document_version_added_event"):
        monkeypatch.setattr(f"apps.documents.services.uploads.{event}", broken_activity)
    with pytest.raises(RuntimeError):
        add_version(people["assignee"], document, content=pdf("Rev B"))
    with pytest.raises(RuntimeError):
        upload(people["assignee"], project=project, content=pdf("Other"))

    files = [path for path in media_root.rglob("*") if path.is_file()]
    assert len(files) == 1
    assert DocumentVersion.objects.count() == 1
    assert Document.objects.count() == 1


def test_a_version_for_a_document_the_user_cannot_open_is_refused(project, people):
    document = upload(
        people["admin"],
        project=project,
        access_level="restricted",
        restricted_user_ids=[people["named"].pk],
    )

    with pytest.raises(PermissionDenied):
        add_version(people["outsider"], document, content=pdf("Rev B"))


def test_a_version_for_a_deleted_document_is_refused(project, people):
    document = upload(people["assignee"], project=project)
    Document.objects.filter(pk=document.pk).update(is_deleted=True, deleted_at=document.created_at)

    with pytest.raises(ValidationError, match="was deleted"):
        add_version(people["assignee"], document, content=pdf("Rev B"))


def test_the_database_keeps_one_current_version_whatever_the_service_does(project, people):
    document = upload(people["assignee"], project=project)
    add_version(people["assignee"], document, content=pdf("Rev B"))

    with tenant_context(document.organization_id), pytest.raises(Exception, match="one_current"):
        DocumentVersion.objects.filter(document=document).update(is_current=True)


def _concurrently(users_and_contents, document):
    barrier = threading.Barrier(len(users_and_contents))
    outcomes: list[str] = []

    def run(user, content):
        try:
            with tenant_context(user.organization_id, user):
                barrier.wait()
                add_version(user, document, content=content)
            outcomes.append("added")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in users_and_contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_versions_get_consecutive_numbers(project, people):
    document = upload(people["assignee"], project=project, content=pdf("Rev A"))

    outcomes = _concurrently(
        [(people["assignee"], pdf("Rev B")), (people["sub_stage"], pdf("Rev C"))], document
    )

    assert outcomes == ["added", "added"]
    numbers = document.versions.order_by("version_number").values_list(
        "version_number", "is_current"
    )
    assert list(numbers) == [(1, False), (2, False), (3, True)]
    document.refresh_from_db()
    assert document.current_version_number == 3


@pytest.mark.django_db(transaction=True)
def test_the_same_file_uploaded_twice_at_once_makes_one_version_and_one_refusal(project, people):
    document = upload(people["assignee"], project=project, content=pdf("Rev A"))

    outcomes = _concurrently(
        [(people["assignee"], pdf("Rev B")), (people["sub_stage"], pdf("Rev B"))], document
    )

    assert outcomes.count("added") == 1
    refusals = [outcome for outcome in outcomes if outcome != "added"]
    assert refusals == ["This file is identical to version 2 (“bracket.pdf”). Nothing was added."]
    assert document.versions.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_new_document_uploaded_twice_at_once_makes_one_document(project, people):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(user):
        try:
            with tenant_context(user.organization_id, user):
                barrier.wait()
                upload(user, project=project, content=pdf("same"))
            outcomes.append("uploaded")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(people[key],)) for key in ("assignee", "creator")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("uploaded") == 1
    assert any("already in this project" in outcome for outcome in outcomes)
    assert Document.objects.count() == 1
