"""Sending a stored file to the browser, safely.

Always as an attachment, with the type our content check decided (never the browser's word from
the upload), and `X-Content-Type-Options: nosniff` so no browser second-guesses it. Django's
FileResponse writes the Content-Disposition (RFC 6266: a quoted, escaped `filename` for plain
ASCII names, `filename*` in UTF-8 for any other) and streams the file from storage.
"""

from __future__ import annotations

import logging

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from apps.documents.models import DocumentVersion

logger = logging.getLogger(__name__)
GONE = 410
DOWNLOAD_BLOCK_BYTES = 256 * 1024  # FileResponse's default (4 KB) means many small writes


def _gone(request, message: str) -> HttpResponse:
    return render(request, "documents/file_gone.html", {"message": message}, status=GONE)


def stored_file_response(request, version: DocumentVersion) -> HttpResponse:
    """The file of a version, or 410 Gone with a message when it is no longer stored."""
    if not version.file.name:
        return _gone(
            request, gettext("The files of this document were removed by an administrator.")
        )
    try:
        handle = version.file.storage.open(version.file.name, "rb")
    except FileNotFoundError:
        logger.error("Stored file missing: %s (version %s)", version.file.name, version.pk)
        return _gone(
            request, gettext("The stored file cannot be found. Please tell an administrator.")
        )
    response = FileResponse(
        handle, as_attachment=True, filename=version.file_name, content_type=version.mime_type
    )
    response.block_size = DOWNLOAD_BLOCK_BYTES
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
