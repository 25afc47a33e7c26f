"""Production: secrets, a real mail server and the public address required; HTTPS assumed."""

from django.core.checks.mail import NON_PRODUCTION_EMAIL_BACKENDS
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MAILERS, env

# --- GENERAL ---
DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")

# --- SECURITY ---
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
# Anyone can send X-Forwarded-Proto: Django believes it only when the operator says that every
# request reaches the app through a proxy that overwrites it. Otherwise gunicorn decides, believing
# the header only from the peers in FORWARDED_ALLOW_IPS (its default: 127.0.0.1 and ::1).
if env.bool("DJANGO_BEHIND_TRUSTED_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# --- EMAIL ---
# A backend that prints or keeps mail in memory would silently lose every notification and password
# reset: refuse to start instead (Django's `check --deploy` calls this mail.E001).
_mail_backend = MAILERS["default"]["BACKEND"]
if _mail_backend in NON_PRODUCTION_EMAIL_BACKENDS or not env("EMAIL_URL", default=""):
    raise ImproperlyConfigured(
        "Production sends real e-mail: set EMAIL_URL to your mail server, e.g. "
        f"smtp+tls://user:password@smtp.example.com:587 (today's gives {_mail_backend})."
    )

# --- NOTIFICATIONS ---
SITE_URL = env("SITE_URL", default="")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "E-mails link to the address users open: set SITE_URL to it, e.g. "
        f"https://pulse.example.com (it is {SITE_URL!r})."
    )
