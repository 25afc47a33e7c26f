"""Tests: real PostgreSQL and Redis (the same code paths as production), fast hashing."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-not-a-secret-8c2d4e6f")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_TASK_ALWAYS_EAGER = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Not the .data/backups of `make run`: /health/ in tests must not see a developer's old set. Tests
# that back up pass a directory of their own.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / ".data" / "test-backups")))  # noqa: F405
