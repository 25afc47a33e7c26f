"""Cutting off an oversized upload while it is being received.

Django would otherwise read the whole request body (to memory or a temporary file) before any
check runs. This handler counts a file's bytes as they arrive and, past the limit, skips the rest
of the file: nothing beyond the limit is kept, and the view reports the file as too large.

Upload handlers must be in place before anything reads `request.POST`, which the CSRF middleware
does; hence `limit_upload_size` exempts the view from the middleware's check and runs the same
check itself, after installing the handler (Django's documented pattern).
"""

from __future__ import annotations

from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from apps.core.files import max_upload_bytes


class UploadSizeLimitHandler(FileUploadHandler):
    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.oversized: list[str] = []
        self._received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > self.limit:
            self.oversized.append(self.file_name or gettext("The file"))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers build the file


def limit_upload_size(view):
    """Decorate a view that receives document files (outermost decorator)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        handler = UploadSizeLimitHandler(request, limit=max_upload_bytes())
        request.upload_handlers.insert(0, handler)
        request.upload_size_limit = handler
        return protected(request, *args, **kwargs)

    return wrapped


def oversized_uploads(request) -> list[str]:
    handler = getattr(request, "upload_size_limit", None)
    return handler.oversized if handler is not None else []
