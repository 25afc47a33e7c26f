"""Settings shared by every environment. Every value comes from the environment (12-factor)."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "apps"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- GENERAL ---
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("vi", "Tiếng Việt")]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date, date-time and number format per language (apps/core/formatting.py shows them).
FORMAT_MODULE_PATH = ["factorypulse.formats"]
# A visitor's choice on the sign-in page (or a user's on their settings page) lasts a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
ROOT_URLCONF = "factorypulse.urls"
WSGI_APPLICATION = "factorypulse.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- DATABASE ---
# Migrations and maintenance run as the login role of DATABASE_URL (the table owner). Requests and
# tenant tasks switch to APP_DB_ROLE, a non-owner NOBYPASSRLS role, inside their transaction.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/factorypulse")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
APP_DB_ROLE = env("APP_DB_ROLE", default="factorypulse_app")
# Hardened deployments: DATABASE_URL's role owns nothing (it may only become APP_DB_ROLE) and
# `manage.py migrate` connects as the schema's owner through this URL instead (apps/core's migrate).
MIGRATION_DATABASE_URL = env("MIGRATION_DATABASE_URL", default="")
# The jobs that need the owner's rights (dashboard refresh, backups, lockout records, the KPIs, the
# beat jobs' list of tenants) use this second connection when set (apps.core.owner); unset, the
# login role of DATABASE_URL is the owner and they switch back to it inside their transaction.
OWNER_DATABASE_URL = env("OWNER_DATABASE_URL", default="") or MIGRATION_DATABASE_URL
if OWNER_DATABASE_URL:
    DATABASES["owner"] = {
        **env.db_url_config(OWNER_DATABASE_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 5},
        # The same database under another role: tests share the default's test database.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["apps.core.owner.OwnerRouter"]
# Requests of customer portal accounts run as this role (apps.portal): non-owner, NOBYPASSRLS, with
# privileges on a few tables only and policies keyed on the customer as well as the tenant.
PORTAL_DB_ROLE = env("PORTAL_DB_ROLE", default="factorypulse_portal")

# --- APPS ---
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "ninja",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "axes",
]
LOCAL_APPS = [
    "apps.core",
    "apps.organizations",
    "apps.users",
    "apps.contacts",
    "apps.workflow",
    "apps.projects",
    "apps.approvals",
    "apps.documents",
    "apps.activity",
    "apps.messaging",
    "apps.notifications",
    "apps.dashboard",
    "apps.portal",
    "apps.operations",
    "apps.api",
    "apps.demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# --- AUTHENTICATION ---
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.users.backends.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout after repeated failed sign-ins (django-axes), for the cool-off (an hour), under three
# rules with a limit each (apps/users/lockout.py): an e-mail from one IP; an e-mail from any IP
# (guesses spread over addresses); one IP over every e-mail (one password tried on many accounts),
# set high because a whole factory may sign in from behind one NAT address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SIGN_IN_ACCOUNT_FAILURE_LIMIT = env.int("SIGN_IN_ACCOUNT_FAILURE_LIMIT", default=10)
SIGN_IN_NETWORK_FAILURE_LIMIT = env.int("SIGN_IN_NETWORK_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"], ["ip_address"]]
AXES_LOCKOUT_CALLABLE = "apps.users.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# Failures count per e-mail as the login matches it (stripped, lower-cased), not per spelling.
AXES_USERNAME_CALLABLE = "apps.users.backends.axes_username"
AXES_RESET_ON_SUCCESS = True
# The app role has no privilege on axes' tables: this handler works on them as the login role.
AXES_HANDLER = "apps.users.lockout.LockoutHandler"
# Password-reset e-mails per address and per client IP per hour (apps/users/reset_throttle.py).
PASSWORD_RESET_MAILS_PER_ADDRESS = env.int("PASSWORD_RESET_MAILS_PER_ADDRESS", default=3)
PASSWORD_RESET_MAILS_PER_IP = env.int("PASSWORD_RESET_MAILS_PER_IP", default=20)
# Every failed sign-in is kept with its time (successes are, by default, in the access log): the
# operators' "authentication failures per attempts in the last hour" is read from both.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# --- MIDDLEWARE ---
# TenantMiddleware must stay right after AuthenticationMiddleware (and the API's token middleware,
# which may replace the user by a token's): it resolves the user and then opens the one
# transaction in which the whole view runs as the app role.
# RequestMetricsMiddleware is first so that it times the whole request and sees every 500.
MIDDLEWARE = [
    "apps.core.middleware.RequestMetricsMiddleware",
    # An unchanged poll of a live page with a valid pass is answered here, from Redis alone.
    "apps.core.live.LivePollMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.FormEncodingMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.api.middleware.ApiTokenMiddleware",
    "apps.core.middleware.TenantMiddleware",
    "apps.users.middleware.UserPreferencesMiddleware",
    # Customers' accounts reach only the portal; staff are sent from it to their home page.
    "apps.portal.middleware.PortalBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# --- TEMPLATES ---
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.operations.context_processors.operator",
            ],
        },
    }
]
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# --- STATIC AND MEDIA ---
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are never served from MEDIA_URL: they go out only through the documents'
# download view, which checks the tenant and the access level. MEDIA_ROOT stays outside static/.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
MEDIA_URL = "/media/"
# Any Django storage by configuration, e.g. S3-compatible object storage:
# `pip install django-storages[s3]`, FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage and
# FILE_STORAGE_OPTIONS={"bucket_name": "...", "endpoint_url": "https://...", ...}.
FILE_STORAGE_BACKEND = env(
    "FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
FILE_STORAGE_OPTIONS = env.json("FILE_STORAGE_OPTIONS", default={})
STORAGES = {
    "default": {"BACKEND": FILE_STORAGE_BACKEND, "OPTIONS": FILE_STORAGE_OPTIONS},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
# Largest document file accepted; bigger uploads are cut off while they are being received.
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_MB", default=50) * 1024 * 1024
# Office files are ZIP containers: bound what one unpacks to (in all, and beyond 32 MB as a
# multiple of its size; real files pack about 10:1) and its number of parts, against zip bombs.
DOCUMENT_MAX_UNPACKED_BYTES = env.int("DOCUMENT_MAX_UNPACKED_MB", default=300) * 1024 * 1024
DOCUMENT_MAX_PACKING_RATIO = env.int("DOCUMENT_MAX_PACKING_RATIO", default=100)
DOCUMENT_MAX_ZIP_ENTRIES = env.int("DOCUMENT_MAX_ZIP_ENTRIES", default=5000)

# --- BACKUPS ---
# `manage.py backup_database` and the nightly beat job write backup sets here and keep the newest
# BACKUP_KEEP. Beat runs the job daily at BACKUP_HOUR:BACKUP_MINUTE UTC (default 02:30 in Vietnam).
# /health/ turns unhealthy when the newest good set is older than BACKUP_MAX_AGE_HOURS, and, only
# with BACKUP_REQUIRED, when there is none at all (a new install is healthy before its first night).
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(Path(str(MEDIA_ROOT)).parent / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=7)
BACKUP_HOUR = env.int("BACKUP_HOUR", default=19)
BACKUP_MINUTE = env.int("BACKUP_MINUTE", default=30)
BACKUP_MAX_AGE_HOURS = env.int("BACKUP_MAX_AGE_HOURS", default=26)
BACKUP_REQUIRED = env.bool("BACKUP_REQUIRED", default=False)

# --- REDIS, CACHE, SESSIONS ---
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# While Redis is down the cache misses and drops writes instead of raising (apps/core/cache.py);
# the timeouts bound each attempt.
CACHES = {
    "default": {
        "BACKEND": "apps.core.cache.OutageTolerantRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# Sessions live in PostgreSQL so that a Redis outage never signs anyone out or breaks a page.
# The app role reaches a session only by its key, through SECURITY DEFINER functions.
SESSION_ENGINE = "apps.users.sessions"

# --- API ---
# Requests per personal access token per minute (429 with Retry-After beyond).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=60)
# Webhook retries wait base x 2^(attempt-1) seconds (at most 6 h) for up to a day.
API_WEBHOOK_RETRY_BASE_SECONDS = env.int("API_WEBHOOK_RETRY_BASE_SECONDS", default=30)
# Webhooks must use HTTPS; plain HTTP to a loopback address only where this is on (tests).
API_WEBHOOK_ALLOW_LOOPBACK_HTTP = env.bool("API_WEBHOOK_ALLOW_LOOPBACK_HTTP", default=False)

# --- CELERY ---
# Unset or empty: the Redis of REDIS_URL (an empty value would make Celery try AMQP).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing gives up quickly when the broker is down (a page must not hang on it): work queued
# from a request is already stored and a beat sweep picks it up again. socket_timeout bounds a
# command on a broker that accepted the connection but does not answer (hung, or behind a
# firewall that drops packets); without it a publish waits for ever. It stays above the
# worker's 1 s BRPOP poll.
# A task a worker took but never acknowledged (tasks acknowledge when they end, `acks_late`; a
# worker killed mid-task never does) is delivered again this long after it was taken. Longer than
# any task runs or waits for its retry countdown, or it would run twice.
CELERY_VISIBILITY_TIMEOUT_SECONDS = env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
CELERY_HEARTBEAT_INTERVAL_SECONDS = env.int("CELERY_HEARTBEAT_INTERVAL_SECONDS", default=60)
# Dashboard materialized views are refreshed this often; /health/ turns unhealthy when their data
# is older than three intervals. A queued refresh that waited a whole interval is dropped: the next
# one is already on its way.
DASHBOARD_REFRESH_SECONDS = env.int("DASHBOARD_REFRESH_SECONDS", default=300)
# Approvals past their SLA are escalated (and ended delegations handed back) this often.
APPROVALS_SWEEP_INTERVAL_SECONDS = env.int("APPROVALS_SWEEP_INTERVAL_SECONDS", default=300)
# The operators' KPIs are sampled this often (apps.operations.kpis): their trend charts and the
# database's growth read the samples, which are kept OPS_KPI_SAMPLE_DAYS days.
OPS_KPI_SAMPLE_SECONDS = env.int("OPS_KPI_SAMPLE_SECONDS", default=300)
OPS_KPI_SAMPLE_DAYS = env.int("OPS_KPI_SAMPLE_DAYS", default=8)
CELERY_BEAT_SCHEDULE = {
    "record-heartbeat": {
        "task": "apps.core.tasks.record_heartbeat",
        "schedule": CELERY_HEARTBEAT_INTERVAL_SECONDS,
        "options": {"expires": CELERY_HEARTBEAT_INTERVAL_SECONDS},
    },
    "refresh-dashboard-views": {
        "task": "apps.dashboard.tasks.refresh_dashboard_views",
        "schedule": DASHBOARD_REFRESH_SECONDS,
        "options": {"expires": DASHBOARD_REFRESH_SECONDS},
    },
    "notifications-email-sweep": {
        "task": "apps.notifications.tasks.notifications_email_sweep",
        "schedule": 60,
        "options": {"expires": 60},
    },
    "sub-stages-notify-overdue": {
        "task": "apps.projects.tasks.sub_stages_notify_overdue",
        "schedule": 15 * 60,
        "options": {"expires": 15 * 60},
    },
    "notifications-purge-expired": {
        "task": "apps.notifications.tasks.notifications_purge_expired",
        "schedule": 6 * 60 * 60,
        "options": {"expires": 6 * 60 * 60},
    },
    # Escalate approvals past their SLA, end expired delegations (one task per tenant).
    "approvals-sweep": {
        "task": "apps.approvals.tasks.approvals_sweep_all_tenants",
        "schedule": APPROVALS_SWEEP_INTERVAL_SECONDS,
        "options": {"expires": APPROVALS_SWEEP_INTERVAL_SECONDS},
    },
    # The operators' KPIs, evaluated and kept for their trend charts and the database's growth.
    "operations-record-kpis": {
        "task": "apps.operations.tasks.kpis_record_samples",
        "schedule": OPS_KPI_SAMPLE_SECONDS,
        "options": {"expires": OPS_KPI_SAMPLE_SECONDS},
    },
    # A backup set in BACKUP_DIR. Still runs if a worker comes back within 20 h; never queued
    # twice for the same night.
    "backup-database-nightly": {
        "task": "apps.operations.tasks.backup_database_nightly",
        "schedule": crontab(hour=BACKUP_HOUR, minute=BACKUP_MINUTE),
        "options": {"expires": 20 * 60 * 60},
    },
}

# --- HEALTH ---
# `/health/` answers its status to anyone; its checks (hosts, workers, jobs, errors) only to
# signed-in staff (is_staff or one of these roles, the values of apps.users.roles.Role) or to a
# monitor sending `Authorization: Bearer <HEALTH_TOKEN>` (unset: no token is accepted).
HEALTH_TOKEN = env("HEALTH_TOKEN", default="")
HEALTH_DETAIL_ROLES = ("admin", "management")

# --- MONITORING ---
# `/metrics` (Prometheus) answers only `Authorization: Bearer <METRICS_TOKEN>`: 401 without a
# token, 403 with another one or when no token is set. Under gunicorn set PROMETHEUS_MULTIPROC_DIR
# (an empty directory, writable by every process) so that all its workers are counted.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# The installation's operators: who may open the operators' page and its JSON. Its KPIs sum every
# tenant, so being a tenant's admin (the user model's `is_staff`) is not enough: operators are named
# here by e-mail (compared lower-cased). Empty: only a monitor with METRICS_TOKEN reads the KPIs.
OPERATOR_EMAILS = env.list("OPERATOR_EMAILS", default=[])
# The pages whose server time is the seed's "dashboard query time" (a name ending in ":" is a
# whole URL namespace); the refresh action rebuilds the views and is not a page.
OPS_DASHBOARD_VIEWS = ("home", "dashboard:")
OPS_DASHBOARD_VIEWS_EXCLUDED = ("dashboard:refresh",)
# The connections the app may hold (PgBouncer's pool size, or 0: the server's max_connections
# less its superuser reserve); the KPI "pool utilisation" is this database's connections over it.
DATABASE_CONNECTION_LIMIT = env.int("DATABASE_CONNECTION_LIMIT", default=0)

# --- SECURITY ---
# A request holds at most this many form fields (Django's default, stated here as the bound it
# is); admin inlines are bounded in rows as well (`core.admin.INLINE_MAX_ROWS`).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere: htmx and page code are static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- EMAIL ---
# EMAIL_URL: consolemail:// (default, prints mail), smtp://user:pass@host:587 or
# smtp+tls://..., smtp+ssl://...
# An empty EMAIL_URL (docker-compose passes one when it is unset) means the default here; the
# production settings refuse to start with it.
EMAIL_URL = env("EMAIL_URL", default="") or "consolemail://"
_email = environ.Env.email_url_config(EMAIL_URL)
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 10,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Factory Pulse <noreply@factorypulse.local>")

# --- NOTIFICATIONS ---
# Absolute links in e-mails (no request to take the host from): the address users open. The
# default suits local runs only; the production settings require it.
SITE_URL = env("SITE_URL", default="") or "http://127.0.0.1:8000"
# How often an open page asks whether the bell's count changed (a 304 when it did not).
NOTIFICATION_POLL_SECONDS = env.int("NOTIFICATION_POLL_SECONDS", default=30)
# Live pages (apps/core/changefeed.py): how often an open page asks whether it is behind, and how
# long the version's database-derived mark is trusted before it is derived again.
LIVE_POLL_SECONDS = env.int("LIVE_POLL_SECONDS", default=10)
# How long a page's pass answers its unchanged polls without the session being read again: a
# session ended on the server (not by signing out, which deletes the cookie) sees at most this
# long of "nothing changed" 304s, never any data (apps/core/live.py).
LIVE_PASS_SECONDS = env.int("LIVE_PASS_SECONDS", default=300)
CHANGEFEED_MARK_SECONDS = env.int("CHANGEFEED_MARK_SECONDS", default=60)
CHANGEFEED_REDIS_URL = env("CHANGEFEED_REDIS_URL", default="") or REDIS_URL
# Notifications are purged this long after they were made (unless made with their own expiry).
NOTIFICATION_TTL_DAYS = env.int("NOTIFICATION_TTL_DAYS", default=180)
# E-mail of high/urgent notifications: tries per notification; the sweep leaves a notification to
# its queued task for the grace period and gives up on those older than the maximum age.
NOTIFICATION_EMAIL_MAX_ATTEMPTS = 6
NOTIFICATION_EMAIL_GRACE = 60  # seconds
NOTIFICATION_EMAIL_MAX_AGE = 48  # hours
# The overdue job announces sub-stages that fell due within this window (it runs every 15 min).
OVERDUE_LOOKBACK_HOURS = 48

# --- LOGGING ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
