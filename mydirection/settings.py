"""MyDirection settings.

One module, configured from the environment through the small typed helpers in
``mydirection.env``. SQLite by default; ``DATABASE_URL`` selects PostgreSQL. Setting
``MYDIRECTION_PRODUCTION=1`` turns on the production profile, which passes
``check --deploy`` and refuses to start with demo shortcuts switched on.
"""

import json
from pathlib import Path

import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from mydirection.env import database_from_env, envbool, envint, envlist, envstr, replica_from_env

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("MYDIRECTION_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = envbool("MYDIRECTION_PRODUCTION", default=False)
DEBUG = envbool("MYDIRECTION_DEBUG", default=False)
# The demo lets people past the second factor with a printed code. Production refuses it.
DEMO_MODE = envbool("MYDIRECTION_DEMO", default=False)

if PRODUCTION:
    if DEMO_MODE:
        raise ImproperlyConfigured("MYDIRECTION_DEMO cannot be switched on in production.")
    if DEBUG:
        raise ImproperlyConfigured("MYDIRECTION_DEBUG cannot be switched on in production.")
    SECRET_KEY = envstr("MYDIRECTION_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("MYDIRECTION_SECRET_KEY must be at least 50 characters.")
else:
    # Development and tests only: never used when MYDIRECTION_PRODUCTION is set.
    SECRET_KEY = envstr("MYDIRECTION_SECRET_KEY", "development-only-" + "x" * 50)
SECRET_KEY_FALLBACKS = envlist("MYDIRECTION_SECRET_KEY_FALLBACKS")

# Keyed hashes (access-log subject keys, pseudonymised extracts) use their own key, so that
# rotating SECRET_KEY does not break the link between log entries and a person.
PSEUDONYM_KEY = envstr("MYDIRECTION_PSEUDONYM_KEY", "" if PRODUCTION else "development-pseudonym")
if PRODUCTION and len(PSEUDONYM_KEY) < 32:
    raise ImproperlyConfigured("MYDIRECTION_PSEUDONYM_KEY must be at least 32 characters.")

ALLOWED_HOSTS = envlist(
    "MYDIRECTION_ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
)
CSRF_TRUSTED_ORIGINS = envlist("MYDIRECTION_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "mydirection",
    "mydirection.staff",
    "mydirection.people",
    "mydirection.uploads",
    "mydirection.access",
    "mydirection.caseload",
    "mydirection.assessment",
    "mydirection.person_centred",
    "mydirection.demo",
    "mydirection.evaluation",
    "mydirection.plans",
    "mydirection.notifications",
    "mydirection.summaries",
    "mydirection.portal",
    "mydirection.appointments",
    "mydirection.messaging",
    "mydirection.interventions",
    "mydirection.fund",
    "mydirection.timebank",
    "mydirection.volunteering",
    "mydirection.learning",
    "mydirection.cocreation",
    "mydirection.rights",
    "mydirection.api",
    "mydirection.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mydirection.middleware.no_store",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mydirection.middleware.idle_timeout",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mydirection.access.middleware.one_rule_per_request",
    # Reads the body before CsrfViewMiddleware's check, so that a request over a size limit
    # gets a 413 or 400 page and one log line naming the user (hence after authentication).
    "mydirection.middleware.request_limits",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "mydirection.middleware.second_factor_required",
    "mydirection.access.middleware.justification_redirect",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees the view's own response, and its exceptions before anyone else.
    "mydirection.access.middleware.consult_when_shown",
]

ROOT_URLCONF = "mydirection.urls"
WSGI_APPLICATION = "mydirection.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mydirection.context_processors.service",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]
FORM_RENDERER = "mydirection.forms.GovUKFormRenderer"

DATABASES = {"default": database_from_env(BASE_DIR, VAR_DIR)}
# A read replica for the evaluation's and monitoring's reads (mydirection/routers.py): the
# one MYDIRECTION_REPLICA_URL names, or the primary itself when it names none.
DATABASES["replica"] = replica_from_env(DATABASES["default"])
READ_REPLICA = bool(envstr("MYDIRECTION_REPLICA_URL", ""))
DATABASE_ROUTERS = ["mydirection.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "staff:sign-in"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "staff:sign-in"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]

# Sessions live in the database so that they can be listed and ended per user.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("MYDIRECTION_STAFF_IDLE_SECONDS", 2 * 60 * 60)
# An idle timeout, not an absolute one: ``mydirection.middleware.idle_timeout`` moves the end.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# django-axes: lock a username from an address after repeated failures.
AXES_FAILURE_LIMIT = envint("MYDIRECTION_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = envint("MYDIRECTION_PROXY_COUNT", 0)

OTP_TOTP_ISSUER = "MyDirection"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
# Where `collectstatic` puts the static files WhiteNoise serves (a container image collects them
# at build time; a deployment may keep them elsewhere than in the code's directory).
STATIC_ROOT = Path(envstr("MYDIRECTION_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "mydirection.storage.StaticFiles"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The access log's checkpoints (mydirection/access/checkpoints.py): its head's id and hash,
# appended by the task worker at least every ACCESS_LOG_CHECKPOINT_EVERY entries and every
# hour, to a file the application's database role cannot rewrite (outside the web root), and
# printed to the server log. `mydirection verify-access-log` compares the log with them.
ACCESS_LOG_CHECKPOINTS = Path(
    envstr("MYDIRECTION_ACCESS_LOG_CHECKPOINTS", str(VAR_DIR / "access-log-checkpoints.jsonl"))
)
ACCESS_LOG_CHECKPOINT_EVERY = envint("MYDIRECTION_ACCESS_LOG_CHECKPOINT_EVERY", 1000)

# The retention schedule (mydirection/rights/rules.py, DEFAULT_SCHEDULE): changes by record
# type, each with its reason, as JSON, for example
# MYDIRECTION_RETENTION='{"case": {"years": 6, "reason": "Our records owner's schedule"}}'.
# The task worker's daily `mydirection find-expired` proposes who is past their period.
RETENTION = json.loads(envstr("MYDIRECTION_RETENTION", "{}"))

# Security headers. Content Security Policy with nonces: no inline script without one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Request size limits (mydirection.middleware.request_limits refuses what is over them with
# a 413 or 400 page). A form's fields, files aside, in bytes, and how many fields and files:
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# One uploaded photo or PDF (mydirection/uploads refuses a bigger one with a message on the
# form), and one story's recording, audio or video (its own limit: a video is much bigger).
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
RECORDING_MAX_BYTES = envint("MYDIRECTION_RECORDING_MAX_BYTES", 200 * 1024 * 1024)
# A whole form with files (receipts, story recordings), in bytes: by default one recording and
# a little more. Django has no limit of its own on files: without this one an upload could fill
# the disk.
UPLOAD_MAX_SIZE = envint("MYDIRECTION_UPLOAD_MAX_SIZE", RECORDING_MAX_BYTES + 10 * 1024 * 1024)
if RECORDING_MAX_BYTES < UPLOAD_MAX_BYTES:
    raise ImproperlyConfigured("MYDIRECTION_RECORDING_MAX_BYTES must allow a file of 10MB.")
if UPLOAD_MAX_SIZE < RECORDING_MAX_BYTES:
    raise ImproperlyConfigured(
        "MYDIRECTION_UPLOAD_MAX_SIZE must allow one recording (MYDIRECTION_RECORDING_MAX_BYTES)."
    )
# A file up to one photo's or PDF's limit stays in memory: a photo of a receipt is never
# written to the server's temporary directory. Anything bigger (a recording) streams to a
# temporary file (0600) as it arrives, and is checked and copied from there a chunk at a time.
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
# Uploaded files are kept here (mydirection/uploads): outside the web root (STATIC_ROOT) and
# the package, readable by the application's user only; no URL serves the directory, files
# leave only through the access policy (mydirection.uploads.serving.response).
PRIVATE_FILES_DIR = Path(envstr("MYDIRECTION_FILES_DIR", str(VAR_DIR / "files")))
# Django's own file storage is not used for them, but keeps the same modes should it be.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("MYDIRECTION_SSL_REDIRECT", default=True)
    # A load balancer's or service manager's health probe asks over plain HTTP: /health/
    # answers it there too (it says "ok" and nothing else) instead of redirecting.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("MYDIRECTION_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix pins cookies to this host, secure and path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if envbool("MYDIRECTION_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS: list[str] = []
    if not SECURE_HSTS_PRELOAD:
        # Preload is a commitment for the whole domain; it is decided per deployment.
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# Application logs carry no personal data: identifiers only (see tests/test_logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_query_strings": {"()": "mydirection.logs.NoQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("MYDIRECTION_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints the path, which can include search terms.
        "django.request": {"level": "ERROR"},
        # runserver's access log prints request lines: without their query strings here (the
        # search page's ?q= is a name). gunicorn's is mydirection.serving.AccessLogger.
        "django.server": {"filters": ["no_query_strings"], "propagate": True},
        "axes": {"level": "WARNING"},
    },
}

# How long a justification for seeing a case outside one's caseload lasts in a session.
JUSTIFICATION_SECONDS = envint("MYDIRECTION_JUSTIFICATION_SECONDS", 8 * 60 * 60)

# The API (``mydirection.api``): requests per token, as "<count>/<s|min|hour|day>". Counted
# in the cache: with several workers, configure a shared cache or the limit is per worker.
API_RATE_LIMIT = envstr("MYDIRECTION_API_RATE_LIMIT", "60/min")

# Notifications: "outbox" keeps messages in the database (development, tests, demo);
# "notify" sends them through GOV.UK Notify with MYDIRECTION_NOTIFY_API_KEY. Production
# refuses the outbox: a reminder that is never sent must not look sent.
NOTIFICATIONS_BACKEND = envstr("MYDIRECTION_NOTIFICATIONS", "notify" if PRODUCTION else "outbox")
if NOTIFICATIONS_BACKEND not in ("outbox", "notify"):
    raise ImproperlyConfigured("MYDIRECTION_NOTIFICATIONS must be outbox or notify.")
if PRODUCTION and NOTIFICATIONS_BACKEND == "outbox":
    raise ImproperlyConfigured("The notifications outbox cannot be used in production.")
NOTIFY_API_KEY = envstr("MYDIRECTION_NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = envstr("MYDIRECTION_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# GOV.UK Notify template ids, one per message template and channel. The outbox renders its
# own copy of each template (mydirection.notifications.texts) so the demo shows the words.
NOTIFY_TEMPLATE_IDS = {
    name: {
        channel: envstr(f"MYDIRECTION_NOTIFY_TEMPLATE_{name.upper()}_{channel.upper()}", "")
        for channel in ("sms", "email")
    }
    for name in ("appointment_reminder", "portal_invitation", "sign_in_code", "new_message")
}

TEST_RUNNER = "django.test.runner.DiscoverRunner"
