"""Production: all deployment-specific values come from the environment (docs/deploy.md lists
them). A missing, empty or malformed value stops every process at start with an error that names
the variable; `manage.py check --deploy --fail-level WARNING` passes with these settings."""

import os

from .base import *  # noqa: F403 (settings modules extend base by star import)
from .base import database_from_env, environment

DEBUG = False
SECRET_KEY = environment.secret_key(os.environ.get("SECRET_KEY"))
ALLOWED_HOSTS = environment.hosts(os.environ.get("ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = environment.origins(os.environ.get("CSRF_TRUSTED_ORIGINS"))
# Links in e-mails to applicants: must be the public address, never the dev default.
WAGTAILADMIN_BASE_URL = environment.origins(
    environment.required("PORTAL_BASE_URL"), "PORTAL_BASE_URL"
)[0]
# PostgreSQL: SQLite is for `make run` only. An empty DATABASE_URL is an error here (no default);
# a sqlite:// one gets the options that make it safe to share, as in development.
DATABASES = {"default": database_from_env(None)}

# HTTPS. TLS ends at the reverse proxy, which must set X-Forwarded-Proto (deploy/nginx/ does):
# without it every request looks like plain HTTP and is redirected to HTTPS for ever.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = environment.boolean("SECURE_SSL_REDIRECT", True)
if not SECURE_SSL_REDIRECT:
    # Only when the proxy itself sends http:// to https:// (deploy/nginx/ does): then Django's
    # own redirect is redundant, and its deploy check would warn about something handled.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
# The load balancer's health check may come over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = environment.integer("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = environment.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = environment.boolean("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405 (from base)
        "upgrade-insecure-requests": True,
    }
}

# Static files served by the app nodes themselves, compressed and with hashed names.
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405 (from base; SecurityMiddleware stays first)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405 (from base)
]
STORAGES = {
    **STORAGES,  # noqa: F405 (from base)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"

# One JSON object a line by default, for the log collector (LOG_FORMAT=text for plain lines).
if not os.environ.get("LOG_FORMAT"):
    LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405 (from base)
