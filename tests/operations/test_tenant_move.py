"""One factory out of this installation and into another: its rows identical, nobody else's, its
users able to sign in, its files in storage; and refused, changing nothing, where it exists."""

import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from apps.core.models import tenant_models
from tests.operations.helpers import (
    run_manage,
    sign_in_and_get,
    table_checksums,
    this_database,
)

pytestmark = pytest.mark.django_db(transaction=True)


def tenant_rows(organization_id, *, other_tenants=False) -> dict[str, str]:
    """Per tenant table, the condition selecting one tenant's rows (or every other tenant's)."""
    operator = "<>" if other_tenants else "="
    return {
        f"public.{model._meta.db_table}": (
            f"{model._meta.get_field(model.TENANT_FIELD).column} {operator} '{organization_id}'"
        )
        for model in tenant_models()
    }


@pytest.fixture
def archive(tmp_path, two_filled_tenants):
    path = tmp_path / "tenant-a.tar.gz"
    call_command("export_tenant", two_filled_tenants.a.slug, out=path, stdout=io.StringIO())
    return path


@pytest.fixture
def empty_installation(scratch_database):
    database = scratch_database("install")
    migrate = run_manage(database, "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    return database


def read_member(archive_path, name) -> bytes:
    with tarfile.open(archive_path, "r:gz") as archive:
        return archive.extractfile(name).read()


def test_the_archive_holds_every_row_of_the_tenant_and_nothing_of_another(
    archive, two_filled_tenants
):
    manifest = json.loads(read_member(archive, "manifest.json"))
    a, b = two_filled_tenants.a, two_filled_tenants.b

    expected = table_checksums(this_database(), tenant_rows(a.pk))
    assert {f"public.{t['table']}": t["rows"] for t in manifest["tables"]} == {
        table: rows for table, (rows, _) in expected.items()
    }
    assert all(t["rows"] > 0 for t in manifest["tables"])  # every table is really exercised
    everything = b"".join(read_member(archive, t["member"]) for t in manifest["tables"])
    assert str(b.pk).encode() not in everything
    assert len(manifest["files"]) == two_filled_tenants.files // 2
    assert all(str(a.pk) in file["name"] for file in manifest["files"])


def test_export_then_import_into_an_empty_installation_moves_the_tenant_whole(
    archive, two_filled_tenants, empty_installation, tmp_path
):
    a = two_filled_tenants.a
    target_media = tmp_path / "target-media"

    result = run_manage(empty_installation, "import_tenant", str(archive), media_root=target_media)

    assert result.returncode == 0, result.stderr[-3000:]
    assert table_checksums(empty_installation, tenant_rows(a.pk)) == table_checksums(
        this_database(), tenant_rows(a.pk)
    )
    others = table_checksums(empty_installation, tenant_rows(a.pk, other_tenants=True))
    assert {table: rows for table, (rows, _) in others.items()} == dict.fromkeys(others, 0)
    manifest = json.loads(read_member(archive, "manifest.json"))
    for file in manifest["files"]:
        with default_storage.open(file["name"]) as original:
            assert (target_media / file["name"]).read_bytes() == original.read()
    probe = sign_in_and_get(
        empty_installation, two_filled_tenants.admin_email, two_filled_tenants.password, "/"
    )
    assert probe["signed_in_as"] is not None
    assert probe["pages"] == {"/": 200}


def test_import_into_an_installation_that_has_the_tenant_is_refused_and_changes_nothing(
    archive, media_root
):
    before = table_checksums(this_database())
    files_before = sorted(path for path in media_root.rglob("*"))

    with pytest.raises(CommandError, match="was not imported, nothing changed: the slug"):
        call_command("import_tenant", str(archive), stdout=io.StringIO())

    assert table_checksums(this_database()) == before
    assert sorted(path for path in media_root.rglob("*")) == files_before


def test_a_damaged_archive_is_refused_before_anything_is_read_into_the_database(archive, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "tables/users.copy":
                content = content.replace(b"example.com", b"example.org")
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    before = table_checksums(this_database())

    with pytest.raises(CommandError, match=r"tables/users\.copy does not match its SHA-256"):
        call_command("import_tenant", str(damaged), stdout=io.StringIO())

    assert table_checksums(this_database()) == before
