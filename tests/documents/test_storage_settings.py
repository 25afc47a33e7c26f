"""Where files are kept is configuration: local by default (outside static/), any Django storage
(an S3-compatible one included) by setting two environment variables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRINT_STORAGE = (
    "import django, json; django.setup(); from django.conf import settings; "
    "from django.core.files.storage import storages; "
    "print(json.dumps([settings.STORAGES['default'], type(storages['default']).__name__]))"
)


def storage_with(env: dict) -> list:
    result = subprocess.run(
        [sys.executable, "-c", PRINT_STORAGE],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "factorypulse.settings.test", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_files_are_kept_on_the_local_disk_by_default_outside_static():
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    media = Path(settings.MEDIA_ROOT).resolve()
    for static_dir in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]:
        assert not media.is_relative_to(Path(static_dir).resolve())


def test_another_storage_is_a_matter_of_configuration():
    configured, storage_class = storage_with(
        {
            "FILE_STORAGE_BACKEND": "django.core.files.storage.InMemoryStorage",
            "FILE_STORAGE_OPTIONS": '{"location": "documents"}',
        }
    )

    assert configured == {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
        "OPTIONS": {"location": "documents"},
    }
    assert storage_class == "InMemoryStorage"
