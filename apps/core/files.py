"""What may be uploaded (documents, approval attachments): the file's name, size and, above all,
its content; and removing stored files.

The type of a file is read from its first bytes (its "magic"), never taken from the browser's
Content-Type or from the extension alone; the extension must then agree with the content, so a
program renamed `drawing.pdf` and a text file renamed `photo.png` are both refused.

Accepted (decided for a contract manufacturer's paperwork and CAD exchange):
- PDF; PNG, JPEG, GIF, TIFF images;
- Word, Excel and PowerPoint files of the current (ZIP-based, Office Open XML) format, without
  macros;
- STEP, IGES and DXF (ASCII or binary) CAD files;
- CSV and plain text (any 8-bit or UTF-8 text without NUL or control bytes; UTF-16 is refused:
  save it as UTF-8).
Refused: programs and scripts of any kind (Windows MZ/PE, ELF, Mach-O, `#!` scripts), old binary
Office files and macro-enabled Office files (they carry macros), ZIP archives in general (their
content cannot be checked), and everything else not listed.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
HEAD_BYTES = 64 * 1024
UNPACKED_RATIO_FLOOR = 32 * 1024 * 1024
FILE_NAME_MAX = 200


@dataclass(frozen=True)
class FileKind:
    label: Promise | str  # lazily translated: what the file is, as a sentence names it
    mime_type: str
    extensions: tuple[str, ...]


PDF = FileKind(_("a PDF document"), "application/pdf", (".pdf",))
PNG = FileKind(_("a PNG image"), "image/png", (".png",))
JPEG = FileKind(_("a JPEG image"), "image/jpeg", (".jpg", ".jpeg"))
GIF = FileKind(_("a GIF image"), "image/gif", (".gif",))
TIFF = FileKind(_("a TIFF image"), "image/tiff", (".tif", ".tiff"))
DOCX = FileKind(
    _("a Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    _("an Excel workbook"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = FileKind(
    _("a PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
STEP = FileKind(_("a STEP CAD model"), "model/step", (".step", ".stp"))
IGES = FileKind(_("an IGES CAD model"), "model/iges", (".iges", ".igs"))
DXF = FileKind(_("a DXF drawing"), "image/vnd.dxf", (".dxf",))
CSV = FileKind(_("a CSV table"), "text/csv", (".csv",))
TEXT = FileKind(_("plain text"), "text/plain", (".txt",))

ACCEPTED_KINDS = (PDF, PNG, JPEG, GIF, TIFF, DOCX, XLSX, PPTX, STEP, IGES, DXF, CSV, TEXT)
ACCEPTED_EXTENSIONS = tuple(extension for kind in ACCEPTED_KINDS for extension in kind.extensions)
ACCEPTED_SUMMARY = _(
    "PDF, PNG, JPEG, GIF, TIFF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), "
    "STEP, IGES, DXF, CSV and plain text (.txt)"
)

# Headers of programs. Checked first: whatever the name says, a program is refused as one.
EXECUTABLE_MAGIC: tuple[tuple[bytes, Promise], ...] = (
    (b"MZ", _("a Windows program")),
    (b"\x7fELF", _("a Linux program")),
    (b"\xfe\xed\xfa\xce", _("a macOS program")),
    (b"\xfe\xed\xfa\xcf", _("a macOS program")),
    (b"\xce\xfa\xed\xfe", _("a macOS program")),
    (b"\xcf\xfa\xed\xfe", _("a macOS program")),
    (b"\xca\xfe\xba\xbe", _("a macOS or Java program")),
    (b"#!", _("a script")),
)
BINARY_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"AutoCAD Binary DXF\r\n\x1a\x00", DXF),
)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OFFICE_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
UTF8_BOM = b"\xef\xbb\xbf"
# Bytes that do not occur in text: NUL and the other C0 controls except tab, line feed, vertical
# tab, form feed, carriage return, SUB (an old end-of-file mark) and ESC.
NON_TEXT_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A, 0x1B}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with the facts the database records."""

    name: str
    kind: FileKind
    size: int
    sha256: str

    @property
    def mime_type(self) -> str:
        return self.kind.mime_type


def max_upload_bytes() -> int:
    """The limit of an upload unless the caller has its own (approval attachments do)."""
    return settings.DOCUMENT_MAX_UPLOAD_BYTES


def oversized_message(name: str, size: int | None = None, *, limit: int | None = None) -> str:
    limit_text = filesizeformat(max_upload_bytes() if limit is None else limit)
    if size is None:
        return gettext("“%(name)s” is larger than the %(limit)s limit. Upload a smaller file.") % {
            "name": name,
            "limit": limit_text,
        }
    return gettext("“%(name)s” is %(size)s; the limit is %(limit)s. Upload a smaller file.") % {
        "name": name,
        "size": filesizeformat(size),
        "limit": limit_text,
    }


def clean_file_name(raw: str | None) -> str:
    """The name as the user will see it again, or a ValidationError saying what is wrong.

    A name is data, not a path: anything that looks like a path (folders, `..`) or hides
    characters is refused rather than silently rewritten, so nobody is surprised later.
    """
    name = unicodedata.normalize("NFC", raw or "").strip()
    if not name:
        raise ValidationError({"file": gettext("The file has no name. Choose the file again.")})
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” is not a plain file name: it must not contain folders "
                    "(/ or \\ or ..). Rename the file and upload it again."
                )
                % {"name": name}
            }
        )
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in name):
        raise ValidationError(
            {
                "file": gettext(
                    "The file name contains invisible control characters. Rename the file."
                )
            }
        )
    if len(name) > FILE_NAME_MAX:
        raise ValidationError(
            {
                "file": gettext(
                    "The file name is too long (%(length)s characters; at most %(limit)s). "
                    "Rename the file."
                )
                % {"length": len(name), "limit": FILE_NAME_MAX}
            }
        )
    if name.startswith("."):
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” is a hidden file name. Give the file a name before its extension."
                )
                % {"name": name}
            }
        )
    return name


def _zip_kind(uploaded_file, name: str) -> FileKind:
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            # Only the central directory is read: nothing is unpacked.
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” looks like a ZIP-based file but is damaged. Save it again."
                )
                % {"name": name}
            }
        ) from None
    finally:
        uploaded_file.seek(0)
    _check_unpacked_size(entries, name, packed_size=uploaded_file.size)
    members = [entry.filename for entry in entries]
    if "[Content_Types].xml" in members:
        if any(member.lower().endswith("vbaproject.bin") for member in members):
            raise ValidationError(
                {
                    "file": gettext(
                        "“%(name)s” contains macros, which cannot be uploaded. Save it as a "
                        "normal .docx/.xlsx/.pptx file without macros."
                    )
                    % {"name": name}
                }
            )
        for prefix, kind in OFFICE_PARTS:
            if any(member.startswith(prefix) for member in members):
                return kind
    raise ValidationError(
        {
            "file": gettext(
                "“%(name)s” is a ZIP archive. Archives cannot be checked and are not "
                "accepted: upload the files inside it. Accepted types: %(accepted)s."
            )
            % {"name": name, "accepted": ACCEPTED_SUMMARY}
        }
    )


def _check_unpacked_size(entries: list[zipfile.ZipInfo], name: str, *, packed_size: int) -> None:
    """Refuse a ZIP container (an Office file) that would unpack to far more than it weighs: a
    "zip bomb" fills the disk or memory of whoever opens it (our previews, the customer's PC).

    The sizes are those the archive declares; a reader (Python's, Office's) refuses an entry
    that inflates beyond its declared size, so they bound what opening the file can cost.
    Real Office files stay far inside the bounds: their XML packs about 10:1, their pictures
    barely pack at all.
    """
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > settings.DOCUMENT_MAX_ZIP_ENTRIES:
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” holds %(parts)s parts; at most %(limit)s are accepted. Save it "
                    "again (or split it) and upload that."
                )
                % {
                    "name": name,
                    "parts": f"{len(entries):,}",
                    "limit": f"{settings.DOCUMENT_MAX_ZIP_ENTRIES:,}",
                }
            }
        )
    # A small file may pack very well (an empty spreadsheet); only a large unpacked size is
    # held to the ratio.
    packs_suspiciously = (
        unpacked > UNPACKED_RATIO_FLOOR
        and unpacked > packed_size * settings.DOCUMENT_MAX_PACKING_RATIO
    )
    if unpacked > settings.DOCUMENT_MAX_UNPACKED_BYTES or packs_suspiciously:
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” would unpack to %(unpacked)s from %(packed)s, far more than a "
                    "real document does. It is refused: opening it could fill the disk or "
                    "memory of whoever opens it."
                )
                % {
                    "name": name,
                    "unpacked": filesizeformat(unpacked),
                    "packed": filesizeformat(packed_size),
                }
            }
        )


def _is_text(head: bytes) -> bool:
    return NON_TEXT_BYTES.isdisjoint(head)


def _text_kind(head: bytes) -> FileKind | None:
    """STEP, IGES and DXF by their first lines; None for other text."""
    text = head.removeprefix(UTF8_BOM).decode("latin-1")
    if text.lstrip().startswith("ISO-10303-21;"):
        return STEP
    lines = text.splitlines()
    first = lines[0] if lines else ""
    # IGES: fixed 80-column records, the section letter (S or G) in column 73, a sequence number.
    if len(first) >= 80 and first[72] in "SG" and first[73:80].strip().isdigit():
        return IGES
    codes = [line.strip() for line in lines[:6]]
    if codes[:2] == ["0", "SECTION"] or (codes[:1] == ["999"] and codes[2:4] == ["0", "SECTION"]):
        return DXF
    return None


def _kind_of(uploaded_file, head: bytes, name: str, extension: str) -> FileKind:
    for magic, what in EXECUTABLE_MAGIC:
        if head.startswith(magic):
            raise ValidationError(
                {
                    "file": gettext(
                        "“%(name)s” is %(what)s, not a document. Programs and scripts cannot be "
                        "uploaded."
                    )
                    % {"name": name, "what": what}
                }
            )
    for magic, kind in BINARY_MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(uploaded_file, name)
    if head.startswith(OLE_MAGIC):
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” is an old-format Office file (.doc/.xls/.ppt), which can carry "
                    "macros. Save it as .docx, .xlsx or .pptx (or PDF) and upload that."
                )
                % {"name": name}
            }
        )
    if _is_text(head):
        kind = _text_kind(head)
        if kind is not None:
            return kind
        return CSV if extension == ".csv" else TEXT
    raise ValidationError(
        {
            "file": gettext(
                "The type of “%(name)s” is not accepted (its content is not a known document "
                "format). Accepted types: %(accepted)s."
            )
            % {"name": name, "accepted": ACCEPTED_SUMMARY}
        }
    )


def check_upload(uploaded_file, *, max_bytes: int | None = None) -> CheckedFile:
    """Check an uploaded file (a Django File) and return its name, type, size and SHA-256.

    `max_bytes`: the caller's size limit (default `max_upload_bytes()`, the documents' limit).
    Raises ValidationError({"file": message}) with a message a factory worker can act on.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    name = clean_file_name(getattr(uploaded_file, "name", ""))
    size = uploaded_file.size
    if not size:
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” is empty (0 bytes). Choose the file again or check its source."
                )
                % {"name": name}
            }
        )
    if size > limit:
        raise ValidationError({"file": oversized_message(name, size, limit=limit)})
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    extension = PurePosixPath(name).suffix.lower()
    kind = _kind_of(uploaded_file, head, name, extension)
    if not extension:
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” has no file extension. Name it with the extension of "
                    "%(kind)s (%(extensions)s) and upload it again."
                )
                % {"name": name, "kind": kind.label, "extensions": ", ".join(kind.extensions)}
            }
        )
    if extension not in kind.extensions:
        raise ValidationError(
            {
                "file": gettext(
                    "“%(name)s” is named %(extension)s but its content is %(kind)s. Rename "
                    "it to %(extensions)s or upload the right file."
                )
                % {
                    "name": name,
                    "extension": extension,
                    "kind": kind.label,
                    "extensions": ", ".join(kind.extensions),
                }
            }
        )
    digest = hashlib.sha256()
    counted = 0
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        counted += len(chunk)
    uploaded_file.seek(0)
    return CheckedFile(name=name, kind=kind, size=counted, sha256=digest.hexdigest())


def delete_stored_files(names: list[str]) -> None:
    """Remove files from storage. An empty name (a file removed earlier) is skipped, and a file
    that cannot be removed is logged, not raised: the caller's work is done either way."""
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Could not remove the stored file %s", name)
