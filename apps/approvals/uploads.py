"""What an approval attachment may be: a size limit and a short list of file types, recognised by
their content as well as their name, so a program renamed `quote.pdf` is refused."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NAME_MAX = 255
SNIFF_BYTES = 8192
ZIP = (b"PK\x03\x04",)

# extension → (MIME type, the signatures its content starts with; None means text)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".csv": ("text/csv", None),
    ".txt": ("text/plain", None),
}


@dataclass(frozen=True)
class CheckedUpload:
    file_name: str
    mime_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return getattr(settings, "APPROVAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def allowed_extensions() -> str:
    return ", ".join(sorted(ALLOWED_TYPES))


def clean_file_name(name: str) -> str:
    """The last path part, without control characters, at most NAME_MAX characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > NAME_MAX:
        stem, suffix = PurePath(base).stem, PurePath(base).suffix[:20]
        base = stem[: NAME_MAX - len(suffix)] + suffix
    return base


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is still text.
        return len(head) == SNIFF_BYTES and error.reason == "unexpected end of data"
    return True


def validate_upload(upload) -> CheckedUpload:
    """Check an uploaded file (a Django UploadedFile); raise a `file` ValidationError a person
    can act on, or return its clean name, type, size and SHA-256."""
    if upload is None:
        raise ValidationError({"file": "Choose a file to attach."})
    name = clean_file_name(upload.name)
    extension = PurePath(name).suffix.lower()
    if not name or extension not in ALLOWED_TYPES:
        raise ValidationError(
            {"file": f"This kind of file cannot be attached. Allowed: {allowed_extensions()}."}
        )
    if not upload.size:
        raise ValidationError({"file": "The file is empty."})
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            {"file": f"The file is too large ({filesizeformat(upload.size)}); "
                     f"the limit is {filesizeformat(limit)}."}
        )  # fmt: skip
    mime_type, signatures = ALLOWED_TYPES[extension]
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        digest.update(chunk)
    upload.seek(0)
    matches = _looks_like_text(head) if signatures is None else head.startswith(signatures)
    if not matches:
        raise ValidationError(
            {"file": f"The content of “{name}” is not a {extension[1:].upper()} file."}
        )
    return CheckedUpload(
        file_name=name, mime_type=mime_type, size=upload.size, sha256=digest.hexdigest()
    )
