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
# A Celery worker started by a test writes its mail to files there, which the test reads.
if TEST_MAIL_DIR := env("TEST_MAIL_DIR", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": TEST_MAIL_DIR},
        }
    }
# A task of a killed test worker is delivered again within seconds, not an hour.
CELERY_VISIBILITY_TIMEOUT_SECONDS = env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=10)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS,
    # Look for such tasks every second (kombu's default looks every 10 s x 10 calls).
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_TASK_ALWAYS_EAGER = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Not the .data/backups of `make run`: /health/ in tests must not see a developer's old set. Tests
# that back up pass a directory of their own.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / ".data" / "test-backups")))  # noqa: F405
# The webhook tests' receiver is plain HTTP on 127.0.0.1; retries come after 1 s, 2 s, …
API_WEBHOOK_ALLOW_LOOPBACK_HTTP = True
API_WEBHOOK_RETRY_BASE_SECONDS = env.int("API_WEBHOOK_RETRY_BASE_SECONDS", default=1)
