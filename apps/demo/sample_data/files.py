"""Small real files for the sample documents: one-page PDFs and CSVs, kept in Django's storage."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.core.files import check_upload
from apps.documents.models import document_storage_name


@dataclass(frozen=True)
class StoredFile:
    name: str  # the storage name
    size: int
    sha256: str
    mime_type: str


def _pdf_text(text: str) -> str:
    """PDF string literal content: Helvetica speaks Latin-1, so drop accents and escape."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title: str, lines: Sequence[str]) -> bytes:
    """A valid one-page A4 PDF with a title and lines of text (any PDF viewer opens it)."""
    operations = ["BT", "/F1 16 Tf", "50 790 Td", f"({_pdf_text(title)}) Tj", "/F1 10 Tf"]
    operations.append("0 -28 Td")
    for line in lines:
        operations += [f"({_pdf_text(line)}) Tj", "0 -15 Td"]
    operations.append("ET")
    stream = "\n".join(operations).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n" % (len(objects) + 1, xref_at)
    out += b"%%EOF\n"
    return bytes(out)


def csv_bytes(rows: Sequence[str]) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def document_content(file_name: str, title: str, lines: Sequence[str]) -> bytes:
    """The bytes of a sample file: a CSV table for a .csv name, a one-page PDF otherwise."""
    if file_name.lower().endswith(".csv"):
        return csv_bytes(lines)
    return pdf_bytes(title, lines)


def store_document_file(*, tenant_id, document_id, file_name: str, content: bytes) -> StoredFile:
    """Check the file as an upload is checked (its type, size and SHA-256 come from there), then
    save it where uploads go (`document_storage_name`: tenant, document, a random name), never
    under the human file name, which is data."""
    checked = check_upload(ContentFile(content, name=file_name))
    name = default_storage.save(
        document_storage_name(organization_id=tenant_id, document_id=document_id),
        ContentFile(content),
    )
    return StoredFile(
        name=name, size=checked.size, sha256=checked.sha256, mime_type=checked.mime_type
    )
