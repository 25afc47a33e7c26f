"""Local development: `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-dev-only-not-a-secret-3f9a1c7e2b")
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The sample data's first admin (`first_run` prints how to sign in) operates a local installation.
OPERATOR_EMAILS = env.list("OPERATOR_EMAILS", default=["john.smith@factorypulse.com"])
