"""Settings for Dangjian, read from the environment (twelve-factor).

Every value has a safe development default, so that ``make run`` works on a fresh clone; a
production deployment sets ``DJANGO_DEBUG=0`` and the variables listed in the README. A bad
value (an unparsable URL, a missing secret in production) stops start-up with a clear error.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets admin and queryset classes be subscripted for type checking (ModelAdmin[Member]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("DANGJIAN_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "import_export",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "config",
    "orgs",
    "members",
    "merchants",
    "liaison",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "orgs.audit.AuditContextMiddleware",
    "orgs.security.SessionSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.errors.FriendlyNotFoundMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dangjian.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    # Writers take the lock at BEGIN, so the audit hash chain never forks.
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "orgs.security.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
DANGJIAN_PASSWORD_MAX_AGE_DAYS = env.int("DANGJIAN_PASSWORD_MAX_AGE_DAYS", default=90)

# Sessions: 30 minutes idle (renewed on every request), 12 hours at most after login.
SESSION_COOKIE_AGE = env.int("DANGJIAN_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
DANGJIAN_SESSION_ABSOLUTE_SECONDS = env.int("DANGJIAN_SESSION_ABSOLUTE_SECONDS", default=12 * 3600)

# Lockout: 5 failed logins for one account lock it for 30 minutes (django-axes).
AXES_FAILURE_LIMIT = env.int("DANGJIAN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DANGJIAN_LOCKOUT_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Per account, not per address: offices reach the intranet through one NAT address, and locking
# an address would lock a whole office out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "orgs/locked_out.html"

# Audit log retention; the purge never removes entries younger than 180 days.
DANGJIAN_AUDIT_RETENTION_DAYS = max(env.int("DANGJIAN_AUDIT_RETENTION_DAYS", default=180), 180)
DANGJIAN_TRUSTED_PROXY_HEADER = env.str("DANGJIAN_TRUSTED_PROXY_HEADER", default="")

# Second factor (TOTP, django-otp) for the admin; on by default in production.
DANGJIAN_ADMIN_OTP = env.bool("DANGJIAN_ADMIN_OTP", default=not DEBUG)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = "Asia/Shanghai"
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Front-end packages installed from npm (package.json); `make install` copies their built files
# here (assets/echarts/echarts.min.js), so they are served like the site's own static files.
# Before that step the pages work without their charts (the browser tests in CI fail on it).
ASSETS_DIR = BASE_DIR / "assets"
STATICFILES_DIRS = [ASSETS_DIR] if ASSETS_DIR.is_dir() else []
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dangjian@localhost")

# The committee this installation serves; other committees run their own copy.
DANGJIAN_COMMITTEE_NAME = env.str("DANGJIAN_COMMITTEE_NAME", default="兰山区直播电商行业党委")

# Enterprise cases: whether the 7- and 15-day feedback deadlines count Chinese working days
# (statutory holidays and make-up days) or calendar days; and how long an enterprise may go
# without a visit before the liaison pages flag it.
DANGJIAN_CASE_DAYS_ARE_WORKING_DAYS = env.bool("DANGJIAN_CASE_DAYS_ARE_WORKING_DAYS", default=True)
DANGJIAN_VISIT_PERIOD_DAYS = env.int("DANGJIAN_VISIT_PERIOD_DAYS", default=90)

# Integrity-shop plaques: validity after the award or a yearly review, the notice period in which
# the yearly review falls due, and the wait before a shop whose plaque was revoked applies again.
DANGJIAN_PLAQUE_VALIDITY_MONTHS = env.int("DANGJIAN_PLAQUE_VALIDITY_MONTHS", default=12)
DANGJIAN_PLAQUE_REVIEW_NOTICE_DAYS = env.int("DANGJIAN_PLAQUE_REVIEW_NOTICE_DAYS", default=30)
DANGJIAN_PLAQUE_REAPPLY_DAYS = env.int("DANGJIAN_PLAQUE_REAPPLY_DAYS", default=365)
# Complaints: the Nth substantiated complaint within the window suspends the shop's plaque.
DANGJIAN_COMPLAINT_SUSPEND_COUNT = env.int("DANGJIAN_COMPLAINT_SUSPEND_COUNT", default=2)
DANGJIAN_COMPLAINT_WINDOW_MONTHS = env.int("DANGJIAN_COMPLAINT_WINDOW_MONTHS", default=12)
# The public plaque check: requests per address (django-ratelimit rate) and status cache seconds.
DANGJIAN_VERIFY_RATE = env.str("DANGJIAN_VERIFY_RATE", default="30/m")
DANGJIAN_VERIFY_CACHE_SECONDS = env.int("DANGJIAN_VERIFY_CACHE_SECONDS", default=60)
# The public address the plaques' QR codes carry (e.g. https://dangjian.example.gov.cn); empty:
# the host the admin page was reached on.
DANGJIAN_PUBLIC_BASE_URL = env.str("DANGJIAN_PUBLIC_BASE_URL", default="")
# Who records a case's return visit and closes or reopens it (role keys of orgs.roles); never the
# officer who handled the case. A key that names no role fails the system check.
DANGJIAN_RETURN_VISIT_ROLES = env.list(
    "DANGJIAN_RETURN_VISIT_ROLES", default=["red_leader", "committee_staff"]
)

# Membership development: the largest document a step may carry (scans of signed forms).
DANGJIAN_DOCUMENT_MAX_BYTES = env.int("DANGJIAN_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)

# Celery: the embedded default is kombu's filesystem transport, so that ``make run`` needs no
# broker; production points CELERY_BROKER_URL at Redis or RabbitMQ.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None) or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # This transport forgets a task whose worker dies while running it; the import watchdog
    # (DANGJIAN_IMPORT_JOB_TIMEOUT) queues such a job again.
    _queue_dir = VAR_DIR / "broker" / "queue"
    _processed_dir = VAR_DIR / "broker" / "processed"
    _control_dir = VAR_DIR / "broker" / "control"
    for _dir in (_queue_dir, _processed_dir, _control_dir):
        _dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        # Its exchange table, which the transport would otherwise write into the working folder.
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
else:
    # Redis gives an unacknowledged task to another worker after this many seconds, even while
    # its first worker is still running it: keep it above the longest import (minutes). After a
    # worker dies, the import watchdog below re-queues its job sooner. RabbitMQ has no such
    # option: it redelivers as soon as the dead worker's connection closes, and its own
    # ``consumer_timeout`` (rabbitmq.conf, 30 minutes by default) must exceed the longest task.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("DANGJIAN_BROKER_VISIBILITY_TIMEOUT", default=3600),
        **env.json("CELERY_BROKER_TRANSPORT_OPTIONS", default={}),
    }
# Every task is delivered at least once, and a job makes a second delivery harmless
# (members/imports/jobs.py): a task is acknowledged only when it has finished, given back to the
# queue when its worker process dies, and a worker reserves one task at a time, so that a crash
# hands back at most that one.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process that has grown past this after a task is replaced by a fresh one (Celery counts
# KiB), so that one large file does not keep a worker's memory high for the next.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("DANGJIAN_WORKER_MAX_MEMORY_MB", default=1024) * 1024
# And a hard cap on each pool process's address space (0: none), so that a file needing more
# fails its own job with a MemoryError instead of taking the process, or the machine, down.
DANGJIAN_WORKER_MEMORY_LIMIT_MB = env.int("DANGJIAN_WORKER_MEMORY_LIMIT_MB", default=2048)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "purge-audit-log": {"task": "orgs.tasks.purge_audit_log", "schedule": 24 * 3600},
    "liaison-sweep-overdue": {"task": "liaison.tasks.sweep_overdue", "schedule": 15 * 60},
    "members-development-digest": {
        "task": "members.tasks.development_digest",
        "schedule": 24 * 3600,
    },
    "members-watch-import-jobs": {"task": "members.tasks.watch_import_jobs", "schedule": 120},
    # Every config.screen.services.PERIOD.
    "screen-snapshot": {"task": "config.tasks.take_screen_snapshot", "schedule": 5 * 60},
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Export and import need their own permissions (members.export_member, members.import_member).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
# Roster imports: files above the threshold run as a Celery job; files above the limits are
# refused before any row is read.
DANGJIAN_IMPORT_ASYNC_ROWS = env.int("DANGJIAN_IMPORT_ASYNC_ROWS", default=2000)
DANGJIAN_IMPORT_MAX_ROWS = env.int("DANGJIAN_IMPORT_MAX_ROWS", default=200_000)
DANGJIAN_IMPORT_MAX_BYTES = env.int("DANGJIAN_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# An import job that shows no sign of life (a progress tick) for this many seconds is taken to
# be lost with its worker: the watchdog queues it again, up to the attempts limit, then marks it
# failed. Keep the timeout above the longest write (one transaction, no ticks inside).
DANGJIAN_IMPORT_JOB_TIMEOUT = env.int("DANGJIAN_IMPORT_JOB_TIMEOUT", default=600)
DANGJIAN_IMPORT_JOB_ATTEMPTS = env.int("DANGJIAN_IMPORT_JOB_ATTEMPTS", default=3)
if DANGJIAN_IMPORT_JOB_TIMEOUT < 1 or DANGJIAN_IMPORT_JOB_ATTEMPTS < 1:
    raise ImproperlyConfigured(
        "DANGJIAN_IMPORT_JOB_TIMEOUT and DANGJIAN_IMPORT_JOB_ATTEMPTS must be at least 1."
    )
# What a file may hold, counted by reading it (members/imports/reading.py): columns per row,
# characters per cell, and for .xlsx the parts of the zip, their unpacked size in all, and how
# many times one part may inflate (a zip bomb inflates a thousandfold).
DANGJIAN_IMPORT_MAX_COLUMNS = env.int("DANGJIAN_IMPORT_MAX_COLUMNS", default=100)
DANGJIAN_IMPORT_MAX_CELL_CHARS = env.int("DANGJIAN_IMPORT_MAX_CELL_CHARS", default=1000)
DANGJIAN_IMPORT_XLSX_MAX_PARTS = env.int("DANGJIAN_IMPORT_XLSX_MAX_PARTS", default=1000)
DANGJIAN_IMPORT_XLSX_MAX_UNPACKED = env.int(
    "DANGJIAN_IMPORT_XLSX_MAX_UNPACKED", default=256 * 1024 * 1024
)
DANGJIAN_IMPORT_XLSX_MAX_RATIO = env.int("DANGJIAN_IMPORT_XLSX_MAX_RATIO", default=100)

# Input limits, for the API and the admin alike: the dates any field accepts (years inclusive),
# the length of free text (a case description, a visit report, a decision), the size of a request
# body apart from uploaded files, and how deeply an API request's JSON may nest.
DANGJIAN_DATE_MIN_YEAR = env.int("DANGJIAN_DATE_MIN_YEAR", default=1900)
DANGJIAN_DATE_MAX_YEAR = env.int("DANGJIAN_DATE_MAX_YEAR", default=2100)
if not 1 < DANGJIAN_DATE_MIN_YEAR <= DANGJIAN_DATE_MAX_YEAR < 9999:
    # The date rules add and subtract years; the range keeps them inside Python's calendar.
    raise ImproperlyConfigured(
        "DANGJIAN_DATE_MIN_YEAR and DANGJIAN_DATE_MAX_YEAR must satisfy 1 < min <= max < 9999."
    )
DANGJIAN_TEXT_MAX_LENGTH = env.int("DANGJIAN_TEXT_MAX_LENGTH", default=10_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DANGJIAN_REQUEST_MAX_BYTES", default=2_621_440)
DANGJIAN_API_JSON_MAX_DEPTH = env.int("DANGJIAN_API_JSON_MAX_DEPTH", default=20)

# REST API. Token authentication comes first so that an anonymous request gets 401 with a
# WWW-Authenticate header (not 403); tokens are stored hashed (django-rest-knox).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "orgs.api_limits.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "orgs.api_limits.JSONParser",
        "orgs.api_limits.FormParser",
        "orgs.api_limits.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "orgs.api_base.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("DANGJIAN_API_TOKEN_RATE", default="5/min")},
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("DANGJIAN_API_TOKEN_TTL_HOURS", default=10)),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dangjian API",
    "DESCRIPTION": "党建组织管理系统 REST API (v1). Rows outside the user's scope answer 404.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The appraisal's grade and the case's grade are different choice lists.
    "ENUM_NAME_OVERRIDES": {"AppraisalGradeEnum": "members.models.AppraisalGrade.Grade"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # Lockouts and failures are in the audit log; axes's per-login chatter is not needed.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Personal data at rest (orgs.crypto): Fernet keys (first encrypts, all decrypt, for rotation)
# and a separate key for the blind index. Development derives both from the secret key.
DANGJIAN_FIELD_KEYS = env.list("DANGJIAN_FIELD_KEYS", default=[])
DANGJIAN_BLIND_INDEX_KEY = env.str("DANGJIAN_BLIND_INDEX_KEY", default="")
if not DANGJIAN_FIELD_KEYS or not DANGJIAN_BLIND_INDEX_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DANGJIAN_FIELD_KEYS and DANGJIAN_BLIND_INDEX_KEY must be set when DJANGO_DEBUG is off."
        )
    import base64
    import hashlib

    def _development_key(label: str) -> str:
        digest = hashlib.sha256(f"{SECRET_KEY}:{label}".encode()).digest()
        return base64.urlsafe_b64encode(digest).decode()

    DANGJIAN_FIELD_KEYS = DANGJIAN_FIELD_KEYS or [_development_key("field")]
    DANGJIAN_BLIND_INDEX_KEY = DANGJIAN_BLIND_INDEX_KEY or _development_key("blind-index")

# Security headers. The Content-Security-Policy allows only this site's own scripts (there is no
# inline script anywhere); the admin's inline style attributes need 'unsafe-inline' for styles.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    },
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
AXES_VERBOSE = False
