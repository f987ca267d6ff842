"""Django settings for foro: one module, every value from the environment (see foro/conf.py)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from foro.conf import env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

VAR_DIR = Path(
    env(
        "FORO_VAR_DIR",
        str(PROJECT_DIR / "var"),
        "Folder for the SQLite database, uploads and other local state.",
        doc_default="<project>/var",
    )
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEMO_MODE = env(
    "FORO_DEMO_MODE",
    False,
    "Demo mode: allows `foro demo load`, shows a demo banner and accepts the built-in secret key. Never in production.",
    "bool",
)
DEBUG = env(
    "FORO_DEBUG", False, "Django debug mode (tracebacks in pages). Development only.", "bool"
)

_DEV_SECRET = "foro-insecure-development-key-do-not-use-in-production"
SECRET_KEY = env(
    "FORO_SECRET_KEY",
    "",
    "Secret key for sessions and signatures. Required unless FORO_DEBUG or FORO_DEMO_MODE is on.",
)
# Every server entry (`foro serve`, `foro worker`, foro.wsgi) refuses to start with the
# built-in key, or a short or known one, unless in debug or demo mode (foro.core.checks).
INSECURE_SECRET_KEY = (
    not SECRET_KEY
    or SECRET_KEY == _DEV_SECRET
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 32
    or len(set(SECRET_KEY)) < 8
)
SECRET_KEY = SECRET_KEY or _DEV_SECRET

ALLOWED_HOSTS = env(
    "FORO_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "testserver"],
    "Comma-separated host names this server answers to.",
    "list",
)
CSRF_TRUSTED_ORIGINS = env(
    "FORO_CSRF_TRUSTED_ORIGINS",
    [],
    "Comma-separated origins (scheme://host) trusted for CSRF behind a proxy.",
    "list",
)

DATABASE_URL = env(
    "DATABASE_URL",
    "",
    "Database URL. Empty: SQLite at FORO_VAR_DIR/foro.sqlite3. Production: postgres://user:pass@host:5432/name.",
)
if DATABASE_URL:
    # Health checks: a kept connection is tested before a request reuses it, so the first
    # request after a PostgreSQL restart gets a new connection instead of a 500
    # (benchmarks/faults.py pg-restart).
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    DATABASES["default"]["TEST"] = {"NAME": f"test_foro_{os.getpid()}"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "foro.sqlite3"),
            # IMMEDIATE: a write transaction takes the lock at BEGIN, so two writers never
            # both read the audit chain head and fork it (see docs/adr/0004).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            },
            # a file (not memory) so that browser tests' server thread shares it; one per
            # process so that two test runs on one machine never share a database
            "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "foro.core",
    "foro.reference",
    "foro.network",
    "foro.screening",
    "foro.licensing",
    "foro.portal",
    "foro.reporting",
    "foro.relations",
    "foro.treaties",
    "foro.eulaw",
    "foro.trade",
    "foro.devcoop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "foro.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "foro.core.middleware.RequestIdMiddleware",
    "foro.core.metrics.MetricsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "foro.core.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "foro.core.middleware.UnstorableInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "foro.core.middleware.TotpRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "foro.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "foro.urls"
WSGI_APPLICATION = "foro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "foro.core.context_processors.shell",
            ],
        },
    }
]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "foro.core.lockout.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
FORO_LOGIN_MAX_FAILURES = env(
    "FORO_LOGIN_MAX_FAILURES",
    5,
    "Failed sign-ins of one username from one address that lock it (see docs/security.md).",
    "int",
)
FORO_LOGIN_MAX_FAILURES_ANY_ADDRESS = env(
    "FORO_LOGIN_MAX_FAILURES_ANY_ADDRESS",
    25,
    "Failed sign-ins of one username from any address that lock it everywhere.",
    "int",
)
FORO_TOKEN_MAX_FAILURES = env(
    "FORO_TOKEN_MAX_FAILURES",
    10,
    "Invalid API tokens from one address that throttle it (429) for the lock time.",
    "int",
)
FORO_LOCKOUT_MINUTES = env(
    "FORO_LOCKOUT_MINUTES",
    15,
    "How long a sign-in lock or token throttle lasts (an administrator can lift it earlier).",
    "int",
)
FORO_PROXY_COUNT = env(
    "FORO_PROXY_COUNT",
    0,
    "Reverse proxies in front of foro: the client address is taken from X-Forwarded-For, this many hops from the right (0: REMOTE_ADDR).",
    "int",
)
FORO_REAUTH_MINUTES = env(
    "FORO_REAUTH_MINUTES",
    10,
    "A countersignature needs a password (and TOTP code, when enrolled) entered this many minutes ago at most; older, the page asks for it again. API tokens cannot countersign.",
    "int",
)
FORO_TOTP_REQUIRED_ROLES = env(
    "FORO_TOTP_REQUIRED_ROLES",
    [],
    "Comma-separated roles that must sign in with a TOTP code as a second factor (e.g. licensing_officer,senior_licensing_officer); they enrol at their first sign-in. Empty: TOTP is optional for everyone.",
    "list",
)
FORO_TOTP_ISSUER = env(
    "FORO_TOTP_ISSUER", "foro", "Issuer name shown in authenticator apps for TOTP enrolment."
)
# Sign-in with an OpenID Connect provider (foro/core/oidc.py); off while the client id is empty.
OIDC_RP_CLIENT_ID = env(
    "FORO_OIDC_CLIENT_ID",
    "",
    "OpenID Connect: foro's client id at the identity provider. Empty: no single sign-on, passwords only.",
)
OIDC_RP_CLIENT_SECRET = env(
    "FORO_OIDC_CLIENT_SECRET", "", "OpenID Connect: the client secret. Secret."
)
OIDC_OP_AUTHORIZATION_ENDPOINT = env(
    "FORO_OIDC_AUTHORIZATION_ENDPOINT",
    "",
    "OpenID Connect: the provider's authorization endpoint URL.",
)
OIDC_OP_TOKEN_ENDPOINT = env(
    "FORO_OIDC_TOKEN_ENDPOINT", "", "OpenID Connect: the provider's token endpoint URL."
)
OIDC_OP_USER_ENDPOINT = env(
    "FORO_OIDC_USERINFO_ENDPOINT", "", "OpenID Connect: the provider's userinfo endpoint URL."
)
OIDC_OP_JWKS_ENDPOINT = (
    env(
        "FORO_OIDC_JWKS_ENDPOINT",
        "",
        "OpenID Connect: the URL of the provider's signing keys (JWKS), for RS256/ES256 ID tokens.",
    )
    or None
)
OIDC_RP_SIGN_ALGO = env(
    "FORO_OIDC_SIGN_ALGO", "RS256", "OpenID Connect: the ID token's signing algorithm."
)
OIDC_PROVIDER_NAME = env(
    "FORO_OIDC_PROVIDER_NAME",
    "",
    "OpenID Connect: the provider's name on the sign-in button (e.g. the department's single sign-on).",
)
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False  # accounts and roles come from an administrator, never the provider
OIDC_USE_NONCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("foro.core.oidc.ForoOidcBackend")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Dutch first, English second; Belgian formats in both (foro/formats/).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "foro_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["foro.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(
    env(
        "FORO_MEDIA_ROOT",
        str(VAR_DIR / "media"),
        "Folder where uploaded documents are stored (shared storage when there are several app servers).",
        doc_default="FORO_VAR_DIR/media",
    )
)
MEDIA_URL = "/media-not-served/"

FORO_MAX_UPLOAD_MB = env(
    "FORO_MAX_UPLOAD_MB", 20, "Largest document upload accepted, in megabytes.", "int"
)
FORO_CLAMAV = env(
    "FORO_CLAMAV",
    "",
    "clamd to scan every uploaded document with (INSTREAM): host:port or the path of its Unix socket. When set and clamd cannot be reached, uploads are refused. Empty: no scanning.",
)
FORO_CLAMAV_TIMEOUT = env(
    "FORO_CLAMAV_TIMEOUT", 30, "Seconds to wait for clamd's verdict on one upload.", "int"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": env(
            "FORO_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            "Task backend. The database backend lets N workers share one queue; tests use the immediate backend.",
        ),
        "QUEUES": ["default"],
    }
}

FORO_WORKER_HEARTBEAT_SECONDS = env(
    "FORO_WORKER_HEARTBEAT_SECONDS",
    10,
    "How often a `foro worker` renews its lease and looks for tasks of lost workers.",
    "int",
)
FORO_WORKER_LEASE_SECONDS = env(
    "FORO_WORKER_LEASE_SECONDS",
    60,
    "A worker silent this long is taken for dead: its RUNNING task is queued again.",
    "int",
)
FORO_TASK_MAX_ATTEMPTS = env(
    "FORO_TASK_MAX_ATTEMPTS",
    3,
    "Workers that may die under one task before it is marked failed instead of queued again.",
    "int",
)

FORO_TEST_PAUSE_DIR = env(
    "FORO_TEST_PAUSE_DIR",
    "",
    "Fault-injection tests only, never in production: a folder; a process about to record an "
    "audit event whose verb names a file there waits inside its transaction (foro.core.faults).",
)

FORO_READY_MAX_QUEUE_LAG_SECONDS = env(
    "FORO_READY_MAX_QUEUE_LAG_SECONDS",
    900,
    "/health/ready fails when the oldest waiting task has waited longer (0: never).",
    "int",
)
FORO_METRICS_TOKEN = env(
    "FORO_METRICS_TOKEN",
    "",
    "Bearer token that lets a scraper read /metrics from another machine (empty: only from this machine, loopback).",
)
# Read by prometheus_client itself when it is imported; declared here for the docs.
PROMETHEUS_MULTIPROC_DIR = env(
    "PROMETHEUS_MULTIPROC_DIR",
    "",
    "With several gunicorn workers: a folder the workers share for their metrics (emptied at start), so /metrics sums them all.",
)

EMAIL_BACKEND = env(
    "FORO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    "Django e-mail backend for notifications to applicants (SMTP in production).",
)
EMAIL_HOST = env("FORO_EMAIL_HOST", "localhost", "SMTP host when the SMTP backend is used.")
EMAIL_PORT = env("FORO_EMAIL_PORT", 25, "SMTP port.", "int")
DEFAULT_FROM_EMAIL = env("FORO_FROM_EMAIL", "foro@localhost", "Sender address of notifications.")

SITE_URL = env(
    "FORO_SITE_URL",
    "http://127.0.0.1:8000",
    "Public base URL, used in licence QR codes and e-mails.",
)

SERVE_BIND = env(
    "FORO_BIND", "127.0.0.1:8000", "Address and port `foro serve` listens on (host:port)."
)
SERVE_WORKERS = env(
    "FORO_WORKERS", 3, "Number of gunicorn worker processes of `foro serve`.", "int"
)

SCREENING_WARM_AT_START = env(
    "FORO_SCREENING_WARM",
    True,
    "Build the screening index in each server process as it starts (else on first use).",
    "bool",
)

FORO_LIST_SOURCES = env(
    "FORO_LIST_SOURCES",
    [],
    "Sanctions lists fetched and imported once a day: comma-separated CODE=URL or "
    "CODE:FORMAT=URL items (see docs/screening.md). Empty: none.",
    "list",
)
FORO_LIST_FETCH_TIMEOUT = env(
    "FORO_LIST_FETCH_TIMEOUT", 120, "Seconds a list download may stall before it fails.", "int"
)
FORO_LIST_MAX_MB = env(
    "FORO_LIST_MAX_MB", 1024, "Largest sanctions-list download accepted, in megabytes.", "int"
)

# Denials shared between member states (docs/licensing-denials-and-amendments.md, "Keys")
FORO_DENIALS_STATE = env(
    "FORO_DENIALS_STATE",
    "BE",
    "Member state of this installation (ISO code), named in the signed denial exchange files.",
)
FORO_DENIALS_AUTHORITY = env(
    "FORO_DENIALS_AUTHORITY",
    "Flemish Government, Department of Chancellery and Foreign Affairs",
    "Licensing authority named in the denial exchange files.",
)
FORO_DENIALS_KEY_ID = env(
    "FORO_DENIALS_KEY_ID",
    "",
    "Name of this installation's Ed25519 key for the denial exchange (e.g. BE-VLG-2026).",
)
FORO_DENIALS_SIGNING_KEY = env(
    "FORO_DENIALS_SIGNING_KEY",
    "",
    "This installation's Ed25519 private key, base64 of the 32-byte seed "
    "(`foro denials_keygen` makes one). Secret.",
)
FORO_DENIALS_TRUSTED_KEYS = env(
    "FORO_DENIALS_TRUSTED_KEYS",
    "",
    "Path of the JSON file of the other authorities' trusted public keys for the denial exchange.",
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 3600 * env(
    "FORO_SESSION_HOURS",
    10,
    "A browser session ends this many hours after the last sign-in.",
    "int",
)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
_HTTPS = env("FORO_HTTPS", False, "Serve behind HTTPS: secure cookies and HSTS.", "bool")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if _HTTPS:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

_LOG_FORMAT = env(
    "FORO_LOG_FORMAT",
    "plain",
    "Log lines: `plain` for people, `json` (one object per line, with the request id) for a log collector.",
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "foro.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "foro.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if _LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("FORO_LOG_LEVEL", "INFO", "Log level.")},
    # WeasyPrint logs every rendering step at INFO
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
