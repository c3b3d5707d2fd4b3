"""Settings shared by every environment. Nothing secret lives here: see dev/test/production."""

import contextlib
import datetime
import os
from pathlib import Path

from portal.settings import environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent


INSTALLED_APPS = [
    "portal.apps.PortalConfig",
    "pages",
    "booking",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    # Admin login throttling (see AXES_* below) and the Content-Security-Policy's checks.
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers on every response, cached ones too: Content-Security-Policy (strict on the public
    # site, relaxed for the Wagtail admin) and Permissions-Policy.
    "portal.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # A cached anonymous page is served from here, before anything reads the database.
    "portal.cache.PageCacheMiddleware",
    # Before anything reads the body: an oversized one never reaches the disk.
    "portal.middleware.RequestBodyLimitMiddleware",
    # Compresses what every middleware below has finished: public responses only (BREACH).
    "portal.compression.PublicGZipMiddleware",
    # Marks tagged anonymous responses public (ETag, no Vary: Cookie), the rest private.
    "portal.cache.PublicResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out admin login into the translated 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"


def database_from_env(default_url):
    """The database from DATABASE_URL (persistent connections, checked before reuse); an empty
    or unset one means *default_url* (none: an error); a malformed one stops with an error
    naming the variable. SQLite gets options that make it safe to share, in every settings
    module (gunicorn with production settings too): without IMMEDIATE, a transaction that reads
    before it writes (a sign-up: the day, then the year's counter) gets "database is locked" at
    once when another writes, since SQLite never waits to turn a read into a write."""
    config = environment.database(os.environ.get("DATABASE_URL", ""), default=default_url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # SQLite ignores SELECT ... FOR UPDATE; IMMEDIATE takes the write lock at BEGIN, so a
            # capacity check inside transaction.atomic() cannot race another writer.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis (several nodes): the shared cache (CACHES below), sessions, the task queue's broker and
# the rate-limit counters. Unset: all of them use the database. Checked here, so a malformed
# value stops every process with a clear error.
REDIS_URL = environment.redis_url(os.environ.get("REDIS_URL", ""))


# --- CACHES (page cache, feeds, rate limits, task status; see portal/cache.py) ---------------
# One cache every app and worker node shares, so that an edit saved on one node (or by the task
# worker) is seen by all: Redis when REDIS_URL is set (production); else files on this machine
# when PORTAL_CACHE_DIR is set or the settings name a folder (dev: `make run`'s web server and
# task worker share them); else the database, shared by every node without another service.
def cache_from_env(local_dir=None):
    """*local_dir*: the folder of the file cache when neither variable is set (`make run`)."""
    options = {"MAX_ENTRIES": 100_000}
    if REDIS_URL:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    if os.environ.get("PORTAL_CACHE_DIR") or local_dir:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(os.environ.get("PORTAL_CACHE_DIR") or local_dir),
            "OPTIONS": options,
        }
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        "OPTIONS": options,
    }


def fragment_cache():
    """Pieces of pages and feeds keyed by every fact they show, so never stale: in the shared
    Redis when there is one (one node's work serves all), else in each process's memory (files
    would be slower than building them again)."""
    if REDIS_URL:
        return {**cache_from_env(), "KEY_PREFIX": "portal-fragments"}
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }


CACHES = {"default": cache_from_env(), "fragments": fragment_cache()}
# How long a cached page is kept at most (it is also dropped at midnight and on every change).
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", 6 * 3600))
# --- end of CACHES ----------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Kazakh (the state language) first and default, Russian second. Both are complete.
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", "Қазақша"),
    ("ru", "Русский"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Django has no Kazakh formats: ours (portal/formats/kk) give the 24-hour clock.
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_I18N_ENABLED = True
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
# Staff work in the state language or in Russian (issue 15); new accounts start in kk.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The whole country keeps one time (UTC+5 since 1 March 2024): the office's zone, nothing to pick.
WAGTAIL_USER_TIME_ZONES = ["Asia/Almaty"]
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_labels.LoginForm"
# Our own strings first; then the Kazakh (and the missing Russian) translation of Wagtail's and
# Django's admin, which ship none (issue 15; docs/admin-glossary.md keeps its terms).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "portal" / "admin_locale"]
USE_I18N = True
LANGUAGE_COOKIE_NAME = "portal_language"

# Since 1 March 2024 the whole country is on UTC+5; keep tzdata current so zone data agrees.
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Applicants' documents: never under MEDIA_ROOT (which is public), never with a public URL.
# With several app nodes this folder must be shared storage.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Applicants' documents (booking/models/files.py): PORTAL_PRIVATE_STORAGE=local (the folder
    # above) or s3 (an S3-compatible bucket through django-storages; PORTAL_S3_* variables).
    "private": environment.private_storage(
        os.environ.get("PORTAL_PRIVATE_STORAGE"), PRIVATE_MEDIA_ROOT
    ),
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


def upload_temp_dir(private_root):
    """Uploads in progress (files over FILE_UPLOAD_MAX_MEMORY_SIZE) are spooled inside private
    storage, not /tmp: a worker killed mid-upload leaves no applicant's file in a public temp
    folder. Created if missing."""
    path = Path(private_root) / "tmp"
    # Read-only where only collectstatic runs: created by the first process that can write.
    with contextlib.suppress(OSError):
        path.mkdir(parents=True, exist_ok=True)
    return path


FILE_UPLOAD_TEMP_DIR = upload_temp_dir(PRIVATE_MEDIA_ROOT)
# The largest request body in bytes (the sign-up form: 5 documents of 5 MB and an authority
# document, with room to spare); larger ones get the 413 page. Match the proxy's limit to it.
PORTAL_MAX_REQUEST_BODY = int(os.environ.get("PORTAL_MAX_REQUEST_BODY", 40 * 1024 * 1024))
# Form fields without files: far more than any public form needs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A form left open past its session is shown again with what was typed, not Django's page.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

WAGTAIL_SITE_NAME = "Алтынтау облысы әкімдігі"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Task queue: django-q2 on the ORM broker, so no extra service is needed to run.
Q_CLUSTER = {
    "name": "portal",
    "orm": "default",
    "workers": environment.integer("PORTAL_Q_WORKERS", 2, minimum=1),
    # Seconds between the ORM broker's looks at the queue.
    "poll": environment.integer("PORTAL_Q_POLL_SECONDS", 1, minimum=1),
    "timeout": 60,
    "retry": 120,
    "max_attempts": 3,
    "catch_up": False,
}

# Several nodes: the task queue in Redis; django-q2 keeps results and schedules in the database.
if REDIS_URL:
    Q_CLUSTER = {key: value for key, value in Q_CLUSTER.items() if key != "orm"}
    Q_CLUSTER["redis"] = REDIS_URL
# Worker nodes beyond the first: PORTAL_Q_SCHEDULER=0 (one node runs the scheduled tasks).
Q_CLUSTER["scheduler"] = environment.boolean("PORTAL_Q_SCHEDULER", True)

# Sessions: in the database, read through the shared cache when Redis is there.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The reverse proxies in front of the app (addresses or networks, comma-separated): a request
# from one of them is from the address it names in X-Forwarded-For, read from the right past
# every trusted proxy. Empty: REMOTE_ADDR as it is. Rate limits and the admin login throttling
# count the visitor's address, never the proxy's.
PORTAL_TRUSTED_PROXIES = environment.networks(os.environ.get("PORTAL_TRUSTED_PROXIES", ""))

# The domain part of every iCal UID. Calendars recognise events by UID: never change it once
# feeds are published, or every subscriber sees each reception twice.
ICAL_UID_DOMAIN = os.environ.get("ICAL_UID_DOMAIN", "qabyldau.altyntau.example.kz")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qabyldau@altyntau.example.kz")
# Seconds before an unreachable mail server counts as a failed attempt (the outbox retries it).
EMAIL_TIMEOUT = environment.integer("EMAIL_TIMEOUT", 30, minimum=1)
# The outbox (booking.domain.notifications): failures retried with a growing back-off for this
# many hours, then marked failed; staff digests go to each official's reception office e-mail,
# else to this address; SMS (applicants without e-mail) through this backend (a provider's
# gateway is one more class; booking.interfaces.sms.FileBackend writes to SMS_FILE_PATH).
PORTAL_MESSAGE_RETRY_HOURS = environment.integer("PORTAL_MESSAGE_RETRY_HOURS", 48, minimum=48)
PORTAL_OFFICE_EMAIL = os.environ.get("PORTAL_OFFICE_EMAIL", DEFAULT_FROM_EMAIL)
SMS_BACKEND = os.environ.get("SMS_BACKEND", "booking.interfaces.sms.ConsoleBackend")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(BASE_DIR / ".cache" / "sms"))
# Days after a request is finished (closed, refused, withdrawn…) before its applicant's personal
# data is erased by the daily job; 5 years by default (docs/decisions.md).
PORTAL_RETENTION_DAYS = environment.integer("PORTAL_RETENTION_DAYS", 5 * 365, minimum=1)

# Content-Security-Policy (django-csp, portal/security.py). The public site runs no inline
# script, style or handler (static/js/ binds every button): nothing but its own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The Wagtail admin (/admin/) still needs inline scripts and styles, eval (its rich-text
# editor), blob: and data: images and frames for previews and embeds: relaxed there only.
PORTAL_ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", "https:"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
    "worker-src": ["'self'", "blob:"],
}
# No avatars fetched from a third party for staff (and no hole in the admin's policy for them).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Powerful browser features the portal never uses are off for it and for anything it embeds.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

# Admin login throttling (django-axes): 5 wrong passwords for one user name from one address
# lock that pair out for 15 minutes; the right password then fails too. The address is the
# visitor's behind the trusted proxies; the attempts are in the database, shared by every node.
# A stranger's failures never lock the real user out from their own address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = environment.integer("PORTAL_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=environment.integer("PORTAL_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "booking.interfaces.ratelimit.login_address"
AXES_LOCKOUT_TEMPLATE = "portal/login_locked.html"
AXES_USERNAME_FORM_FIELD = "username"

# Logs: LOG_LEVEL (default INFO) for the portal's own loggers; LOG_FORMAT text or json (one
# object a line for a collector). Both formatters blank out IINs, phones, e-mail addresses and
# tracking tokens that might slip into a line (portal/logs.py).
LOG_LEVEL = environment.log_level(os.environ.get("LOG_LEVEL"))
LOG_FORMAT = (os.environ.get("LOG_FORMAT") or "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise environment.ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {
            "()": "portal.logs.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {
            "()": "portal.logs.RedactingJsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger", "asctime": "time"},
        },
    },
    # Before any formatter: SMTP replies, personal data out of every line (portal/log_filters.py).
    "filters": {"personal_data": {"()": "portal.log_filters.PersonalDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "booking": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django-q": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}
