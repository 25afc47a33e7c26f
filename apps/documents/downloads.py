"""Sending a stored file to the browser, safely.

Always as an attachment, with the type our content check decided (never the browser's word from
the upload), `X-Content-Type-Options: nosniff` so no browser second-guesses it, and a
Content-Disposition that carries the real name (RFC 6266 / RFC 5987 `filename*`) beside a plain
ASCII fallback for old clients. The response streams the file from storage (FileResponse).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from apps.documents.models import DocumentVersion

logger = logging.getLogger(__name__)
GONE = 410
DOWNLOAD_BLOCK_BYTES = 256 * 1024  # FileResponse's default (4 KB) means many small writes
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._ ()+-]")


def _ascii(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_ASCII.sub("_", ascii_text)


def ascii_file_name(name: str) -> str:
    """A quoted-string-safe ASCII stand-in: accents dropped, anything else replaced by `_`, and
    `download` when nothing of the name is left (a name all in Chinese, say)."""
    suffix = PurePosixPath(name).suffix
    stem = _ascii(name.removesuffix(suffix)).strip(" ._")
    return f"{stem or 'download'}{_ascii(suffix)}"


def content_disposition(name: str) -> str:
    return (
        f"attachment; filename=\"{ascii_file_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )


def _gone(request, message: str) -> HttpResponse:
    return render(request, "documents/file_gone.html", {"message": message}, status=GONE)


def stored_file_response(request, version: DocumentVersion) -> HttpResponse:
    """The file of a version, or 410 Gone with a message when it is no longer stored."""
    if not version.file.name:
        return _gone(request, "The files of this document were removed by an administrator.")
    try:
        handle = version.file.storage.open(version.file.name, "rb")
    except FileNotFoundError:
        logger.error("Stored file missing: %s (version %s)", version.file.name, version.pk)
        return _gone(request, "The stored file cannot be found. Please tell an administrator.")
    response = FileResponse(handle, content_type=version.mime_type)
    response.block_size = DOWNLOAD_BLOCK_BYTES
    response["Content-Disposition"] = content_disposition(version.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
