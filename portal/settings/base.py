"""Settings shared by every environment. Nothing secret lives here: see dev/test/production."""

import contextlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: an oversized one never reaches the disk.
    "portal.middleware.RequestBodyLimitMiddleware",
    # Compresses what every middleware below has finished: public responses only (BREACH).
    "portal.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
    """The database from DATABASE_URL; SQLite gets options that make it safe to share."""
    config = dj_database_url.config(default=default_url, conn_max_age=600, conn_health_checks=True)
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

# A cache every app and worker node shares: the database by default, so rate limits and the
# task-queue status are the same on every node without another service.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        # Feeds, rate limits and the worker heartbeat: far more than the default 300 entries.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

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
    "workers": 2,
    "timeout": 60,
    "retry": 120,
    "max_attempts": 3,
    "catch_up": False,
}

# How many reverse proxies in front of the app append to X-Forwarded-For (rate limits count the
# visitor's address, not the proxy's). 0: use REMOTE_ADDR as it is.
PORTAL_TRUSTED_PROXIES = int(os.environ.get("PORTAL_TRUSTED_PROXIES", "0"))

# The domain part of every iCal UID. Calendars recognise events by UID: never change it once
# feeds are published, or every subscriber sees each reception twice.
ICAL_UID_DOMAIN = os.environ.get("ICAL_UID_DOMAIN", "qabyldau.altyntau.example.kz")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qabyldau@altyntau.example.kz")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "booking": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}
