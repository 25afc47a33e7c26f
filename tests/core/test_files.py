"""What may be uploaded is decided by the file's content; the name only has to agree with it."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.core.files import check_upload, clean_file_name, delete_stored_files
from tests.documents.conftest import office_zip, pdf, upload_file

IGES_LINE = "Bracket exported from CAD".ljust(72) + "S      1"
DXF_ASCII = b"  0\r\nSECTION\r\n  2\r\nHEADER\r\n  0\r\nENDSEC\r\n  0\r\nEOF\r\n"


def refusal(name: str, content: bytes) -> str:
    """The message for a file of this name and content. A ContentFile keeps the name exactly as
    given (an HTTP upload's name is already cut to its last part by Django; other callers, such
    as imports, pass names as they come)."""
    with pytest.raises(ValidationError) as caught:
        check_upload(ContentFile(content, name=name))
    return " ".join(caught.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("drawing.pdf", pdf(), "application/pdf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        ("anim.gif", b"GIF89a" + b"\x00" * 32, "image/gif"),
        ("scan.tif", b"II*\x00" + b"\x00" * 32, "image/tiff"),
        (
            "spec.docx",
            office_zip("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "bom.xlsx",
            office_zip("xl/"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("part.step", b"ISO-10303-21;\nHEADER;\nENDSEC;\n", "model/step"),
        ("part.stp", b"\xef\xbb\xbfISO-10303-21;\n", "model/step"),
        ("part.igs", (IGES_LINE + "\n").encode(), "model/iges"),
        ("plate.dxf", DXF_ASCII, "image/vnd.dxf"),
        ("plate.dxf", b"999\nmade by CAD\n0\nSECTION\n", "image/vnd.dxf"),
        ("plate.dxf", b"AutoCAD Binary DXF\r\n\x1a\x00" + b"\x01" * 16, "image/vnd.dxf"),
        ("bom.csv", "item,qty\r\nốc M8,4\r\n".encode(), "text/csv"),
        ("notes.txt", "Qualité: contrôlée".encode("cp1252"), "text/plain"),
    ],
)
def test_accepted_kinds_are_recognised_by_their_content(name, content, mime_type):
    checked = check_upload(upload_file(name, content, content_type="application/octet-stream"))

    assert checked.mime_type == mime_type
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.name == name


def test_the_browsers_content_type_is_not_believed():
    text = upload_file("notes.txt", b"plain words", content_type="application/pdf")

    assert check_upload(text).mime_type == "text/plain"


@pytest.mark.parametrize(
    ("header", "what"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00", "a Windows program"),
        (b"\x7fELF\x02\x01\x01\x00", "a Linux program"),
        (b"\xcf\xfa\xed\xfe\x07\x00", "a macOS program"),
        (b"#!/bin/sh\nrm -rf /\n", "a script"),
    ],
)
def test_a_program_named_like_a_document_is_refused_as_a_program(header, what):
    message = refusal("drawing.pdf", header + b"\x00" * 64)

    assert f"“drawing.pdf” is {what}, not a document" in message
    assert "cannot be uploaded" in message


def test_an_empty_file_is_refused():
    assert refusal("drawing.pdf", b"") == (
        "“drawing.pdf” is empty (0 bytes). Choose the file again or check its source."
    )


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024

    message = refusal("drawing.pdf", pdf() + b" " * 2048)

    assert "“drawing.pdf” is" in message
    assert "the limit is 1.0\xa0KB" in message


def test_the_default_limit_is_50_mb(settings):
    assert settings.DOCUMENT_MAX_UPLOAD_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "..\\..\\boot.ini", "folder/drawing.pdf", "..", "."]
)
def test_names_with_folders_are_refused(name):
    message = refusal(name, pdf())

    assert "must not contain folders" in message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "The file has no name"),
        ("draw\x00ing.pdf", "invisible control characters"),
        ("draw\u202eing.pdf", "invisible control characters"),
        ("a" * 197 + ".pdf", "too long (201 characters; at most 200)"),
        (".pdf", "hidden file name"),
    ],
)
def test_unsafe_names_are_refused_with_the_reason(name, expected):
    assert expected in refusal(name, pdf())


def test_names_are_normalised_and_trimmed():
    assert clean_file_name("  Ba\u0301n ve\u0303.pdf ") == "Bán vẽ.pdf"


def test_a_name_without_an_extension_is_refused_even_for_good_content():
    message = refusal("passwd", b"root:x:0:0:root:/root:/bin/bash\n")

    assert "“passwd” has no file extension" in message
    assert ".txt" in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.png", pdf(), "named .png but its content is a PDF document"),
        ("drawing.pdf", b"just some text", "named .pdf but its content is plain text"),
        ("bom.xlsx", office_zip("word/"), "named .xlsx but its content is a Word document"),
    ],
)
def test_the_extension_must_agree_with_the_content(name, content, expected):
    assert expected in refusal(name, content)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old-format Office"),
        ("macro.docx", office_zip("word/", macros=True), "contains macros"),
        ("parts.zip", b"PK\x05\x06" + b"\x00" * 18, "is a ZIP archive"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "is damaged"),
        ("blob.bin", b"\x00\x01\x02\x03" * 32, "is not accepted"),
        ("utf16.txt", "hello".encode("utf-16"), "is not accepted"),
    ],
)
def test_other_kinds_are_refused_with_the_reason(name, content, expected):
    assert expected in refusal(name, content)


def zip_bomb(unpacked_mb: int, *, parts: int = 1) -> bytes:
    """A .docx whose one part is `unpacked_mb` MB of zeros: it packs about 1000:1."""
    buffer = io.BytesIO()
    zeros = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(parts):
            with archive.open(f"word/media/part{number}.xml", "w") as part:
                for _ in range(unpacked_mb):
                    part.write(zeros)
    return buffer.getvalue()


def test_a_zip_bomb_named_docx_is_refused():
    bomb = zip_bomb(400)
    assert len(bomb) < 1024 * 1024  # the upload itself is small

    message = refusal("report.docx", bomb)

    assert "would unpack to 400.0\xa0MB" in message
    assert "refused" in message


def test_a_bomb_under_the_total_bound_is_refused_by_how_well_it_packs():
    assert "would unpack to 64.0\xa0MB" in refusal("report.docx", zip_bomb(64))


def test_an_office_file_that_unpacks_a_little_and_packs_well_is_accepted():
    checked = check_upload(ContentFile(zip_bomb(8), name="blank.docx"))

    assert checked.kind.extensions == (".docx",)


def test_an_office_file_with_too_many_parts_is_refused(settings):
    settings.DOCUMENT_MAX_ZIP_ENTRIES = 20
    many = zip_bomb(0, parts=20)  # 21 entries with [Content_Types].xml
    few = zip_bomb(0, parts=19)

    assert "holds 21 parts; at most 20" in refusal("parts.docx", many)
    assert check_upload(ContentFile(few, name="parts.docx")).kind.extensions == (".docx",)


def test_delete_stored_files_removes_them_and_skips_empty_and_missing_names(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kept = default_storage.save("tenants/t/kept.pdf", ContentFile(pdf()))
    gone = default_storage.save("tenants/t/gone.pdf", ContentFile(pdf()))

    delete_stored_files([gone, "", "tenants/t/never-there.pdf"])

    assert default_storage.exists(kept)
    assert not default_storage.exists(gone)
