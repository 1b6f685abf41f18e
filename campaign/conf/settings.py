"""Settings for the study-campaign portal (`DJANGO_SETTINGS_MODULE=campaign.conf.settings`).

Every deployment value comes from the environment (see .env.example); the defaults are for
development on one machine. Keep campaign logic out of this module.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from campaign.conf.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # allauth.mfa's templates use its filters (naturaltime on the authenticators' list).
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "documents",
    "accounts.audit",
    "accounts",
    "campaign",
    "campaign.feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "campaign.conf.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed (static files are compressed ahead by whitenoise, cached public
    # pages by documents.cache). Django adds random padding against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "campaign.conf.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "campaign.conf.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request being served, for the audit trail's address and browser (audit.trail).
    "accounts.audit.trail.CurrentRequestMiddleware",
    "accounts.idle.BackendIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "campaign.replica.RecentWritesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "campaign.conf.middleware.WeChatDownloadMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Administrators reach the backend and the reports only signed in with a second factor.
    "accounts.two_factor.required.SecondFactorRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "campaign.conf.urls"
WSGI_APPLICATION = "campaign.conf.wsgi.application"

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
                "documents.reading_mode.mode_in_context",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so the project's templates can give a widget its own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


# Database: SQLite in the project by default; DATABASE_URL points elsewhere (PostgreSQL in CI
# and production), e.g. postgres://user:password@host:5432/name.
# CONN_MAX_AGE=0: a connection lives for one request, so idle threads hold none and a server needs
# at most its busy threads' worth (the budget in deploy/gunicorn.conf.py and the README). Raise
# it only within that budget, or behind PgBouncer; the health check then replaces a connection
# the database dropped (a restart) before a request uses it.
def _database(url: str) -> dict:
    database = dj_database_url.parse(
        url, conn_max_age=env_int("CONN_MAX_AGE", default=0), conn_health_checks=True
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: it costs 50-90 ms a query once the planner's estimate passes
        # jit_above_cost (the city dashboard does), and gained nothing on the largest, the 汇总表.
        # Random reads priced as on SSD (PostgreSQL's default, 4, assumes spinning disks): the
        # dashboard then reads the units' activity in index order, a streamed GROUP BY, instead
        # of hashing 100,000 units.
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # Several writers at once (threads, workers): readers never block the writer (WAL), a
        # write transaction takes the lock when it begins rather than failing half-way
        # ("database is locked") and waits up to 20 s for it.
        database.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE",
            timeout=20,
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        )
    return database


DATABASES = {
    "default": _database(env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
# Reports may read from a PostgreSQL streaming replica (campaign.replica): its URL here.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**_database(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["campaign.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Seconds a request body may stay silent before the request is refused (campaign.conf.bodies).
REQUEST_BODY_TIMEOUT = env_int("REQUEST_BODY_TIMEOUT", default=20)

# The cache: public pages (documents.cache) and allauth's sign-in limits. Shared by a server's
# workers (files) or by several servers (Redis, REDIS_URL), so a change reaches every process.
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", default=str(BASE_DIR / "cache")),
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "campaign.permissions.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Backend users (organisers and admins) only: length and kinds of character (等级保护).
    {
        "NAME": "accounts.passwords.BackendPasswordValidator",
        "OPTIONS": {
            "min_length": env_int("BACKEND_PASSWORD_MIN_LENGTH", default=12),
            "min_classes": env_int("BACKEND_PASSWORD_MIN_CLASSES", default=3),
        },
    },
]
# Sessions of backend users end after this many idle minutes (accounts.idle); readers' sessions
# last SESSION_COOKIE_AGE, Django's two weeks.
BACKEND_IDLE_MINUTES = env_int("BACKEND_IDLE_MINUTES", default=30)
if BACKEND_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("BACKEND_IDLE_MINUTES must be at least 1.")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "documents:home"

# django-allauth: accounts are made by admins (the adapter closes sign-up); people sign in by
# username or email and can reset a forgotten password by email.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
# Mail subjects name the portal, not the host name (templates/account/email/ hold the texts).
ACCOUNT_EMAIL_SUBJECT_PREFIX = _("[Learn from Comrade Li Bin] ")
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_REDIRECT_URL = "documents:home"
# Five wrong passwords for an account pause its sign-in for five minutes (a password reset lifts
# it), ten a minute from one address; counted in the shared cache, so across workers and servers.
LOGIN_PAUSE_SECONDS = 5 * 60
ACCOUNT_RATE_LIMITS = {"login_failed": f"10/m/ip,5/{LOGIN_PAUSE_SECONDS}s/key"}
# The client's address, for the limit per address and the audit trail: behind proxies that append
# to X-Forwarded-For (deploy/nginx.conf: 1), the address the outermost one saw. Left at 0 behind
# a proxy, every client has the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)

# Two factors (allauth.mfa): an authenticator app (TOTP) and recovery codes for everyone who
# works in the backend; required of administrators (accounts.two_factor.required) unless
# MFA_REQUIRED_FOR_ADMINS=0, on by default whenever DEBUG is off. Security keys and passkeys
# (WebAuthn) need https, so they are offered only where MFA_WEBAUTHN=1 says the site has it.
MFA_REQUIRED_FOR_ADMINS = env_bool("MFA_REQUIRED_FOR_ADMINS", default=not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
if env_bool("MFA_WEBAUTHN", default=False):
    MFA_SUPPORTED_TYPES.append("webauthn")
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", default="学习李斌同志")
MFA_ADAPTER = "accounts.two_factor.adapter.SecondFactorAdapter"

# The security audit trail (accounts/audit/): entries are kept this many days, then `manage.py
# prune_audit` (daily) removes them; on PostgreSQL the database refuses to delete younger ones.
# The Cybersecurity Law (art. 21) asks for at least six months.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", default=180)
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 180 (six months).")

# 意见建议 (campaign/feedback/): sends a visitor may make from one address, and all visitors together,
# within FEEDBACK_WINDOW_SECONDS; counted in the shared cache, as the sign-in limit is.
FEEDBACK_LIMIT_PER_IP = env_int("FEEDBACK_LIMIT_PER_IP", default=5)
FEEDBACK_LIMIT_GLOBAL = env_int("FEEDBACK_LIMIT_GLOBAL", default=200)
FEEDBACK_WINDOW_SECONDS = env_int("FEEDBACK_WINDOW_SECONDS", default=60 * 60)
if FEEDBACK_WINDOW_SECONDS < 1:
    raise ImproperlyConfigured("FEEDBACK_WINDOW_SECONDS must be at least 1.")

# Mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# The portal's address as readers reach it, for links in mail sent without a request (reminders).
PORTAL_URL = env_str("PORTAL_URL", default="http://localhost:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: Simplified Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["campaign.conf.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves compressed files with hashed names; nothing comes from a CDN.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security: strict in production, relaxed only where development on http://127.0.0.1 needs it.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): the site's own scripts only, nothing framed, no plugins,
# forms posting only here. Styles may also be inline: a few library templates (the admin's
# export page, allauth's e-mail page) hide or space elements with style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features no page of the portal uses (campaign.conf.middleware.PermissionsPolicy).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Attachments: Django's own check of request sizes, above the 10 MB a file may have.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A decision uploaded by a campaign admin to start a campaign (documents/reading/): a Word file
# or PDF of a few pages is well under 1 MB; the limit keeps out what is not one.
DECISION_UPLOAD_MAX_BYTES = env_int("DECISION_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Reverting from history would skip form validation; changes go through the forms instead.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Personal data (the privacy page reads these): absentees' names, and the names of authors who
# did not agree to publication, are replaced by 缺席者1, 缺席者2… (`anonymise_personal_data`, daily)
# this many months after the end of the year their session was held in (PIPL: no longer than the
# work needs). PRIVACY_CONTACT: whom members ask for a copy, a correction or a deletion.
PERSONAL_DATA_MONTHS = env_int("PERSONAL_DATA_MONTHS", default=24)
if PERSONAL_DATA_MONTHS < 1:
    raise ImproperlyConfigured("PERSONAL_DATA_MONTHS must be at least 1.")
PRIVACY_CONTACT = env_str("PRIVACY_CONTACT", default="")

# django-import-export (the admin's import and export; see campaign/exchange/).
# XLSX and CSV only; an import is all or nothing, in one transaction, after a dry-run preview.
# Import and export are permissions of their own (campaign.import_studysession, …), given by
# role in campaign/permissions.py. Imported rows are logged in the admin log like form edits.
# Formula escaping is done by campaign/exchange/escaping.py, not by the library: its escape drops the "=" (so a
# title would change), leaves +, - and @ alone, and turns every XLSX cell into text.
IMPORT_EXPORT_FORMATS = [XLSX, CSV]
# An uploaded file waits between its preview and its confirmed import in MEDIA_ROOT (never
# served): the task worker that imports a large file may be another process or server.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_CHUNK_SIZE = 1000  # rows fetched per query (and prefetch) while exporting

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # Django's own default sends "django" to a console of its own in development as well, so
    # every line came twice: here it goes to the root's handler only.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}

# Background tasks (a large import): queued in the database, run by `manage.py db_worker`,
# which `make run` starts beside the server and production runs as a service of its own.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
