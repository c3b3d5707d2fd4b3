"""Reading deployment settings from the environment, with an error that says what is wrong.

Each function takes the variable's raw value (or reads it) and returns the setting, or raises
``ImproperlyConfigured`` naming the variable and what it expects. A message never repeats a
value that may hold a password (database and Redis URLs): only its scheme or its position.
"""

import ipaddress
import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
REDIS_SCHEMES = ("redis", "rediss", "unix")


def get(name, default=None):
    """The variable's value, stripped; *default* when it is unset. An empty value is ``""``."""
    value = os.environ.get(name)
    return default if value is None else value.strip()


def required(name):
    value = get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: it is required in production.")
    return value


def boolean(name, default):
    value = get(name, "")
    if value == "":
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true/false), not {value!r}.")


def integer(name, default, minimum=0):
    value = get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def split(value):
    """A comma-separated list, spaces and empty items dropped."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def items(name, default=""):
    """The environment variable *name* as a comma-separated list (``split``)."""
    return split(get(name, default))


def database(url, *, default=None, name="DATABASE_URL"):
    """The ``DATABASES["default"]`` entry for *url*: persistent connections with a health check.
    An empty *url* means *default* (SQLite for development) or, without one, an error."""
    url = (url or "").strip() or default
    if not url:
        raise ImproperlyConfigured(
            f"{name} is empty: set it to postgres://USER:PASSWORD@HOST:5432/NAME."
        )
    scheme = urlsplit(url).scheme if "://" in url else ""
    try:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except Exception:  # dj-database-url raises several types; the URL must stay out of it
        config = {}
    if not config.get("ENGINE") or (not config.get("NAME") and scheme != "sqlite"):
        shown = f"scheme {scheme!r}" if scheme else "no scheme"
        raise ImproperlyConfigured(
            f"{name} is not a database URL ({shown}): expected "
            "postgres://USER:PASSWORD@HOST:5432/NAME (or sqlite:///PATH for development)."
        )
    return config


def redis_url(value, name="REDIS_URL"):
    """A Redis URL, or ``""`` when unset (the cache, sessions and tasks then use the database)."""
    value = (value or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in REDIS_SCHEMES or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(
            f"{name} is not a Redis URL (scheme {parts.scheme!r}): expected "
            "redis://[:PASSWORD@]HOST:6379/0, rediss://… (TLS) or unix:///PATH."
        )
    try:
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    return value


def secret_key(value, name="SECRET_KEY"):
    """At least 50 characters, at least 5 different, not Django's insecure placeholder."""
    value = (value or "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set: generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
        )
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"{name} is too weak: use at least 50 random characters "
            "(`python -c 'import secrets; print(secrets.token_urlsafe(64))'`)."
        )
    return value


def hosts(value, name="ALLOWED_HOSTS"):
    result = split(value)
    if not result:
        raise ImproperlyConfigured(
            f"{name} is empty: list the site's host names, comma-separated "
            "(qabyldau.example.kz,www.qabyldau.example.kz)."
        )
    if "*" in result:
        raise ImproperlyConfigured(f"{name} must name the hosts, not '*'.")
    for host in result:
        if "/" in host or (not host.startswith("[") and host.count(":") == 1):
            raise ImproperlyConfigured(
                f"{name} takes host names without scheme, port or path, not {host!r}."
            )
    return result


def origins(value, name="CSRF_TRUSTED_ORIGINS", *, https_only=True):
    result = split(value)
    for origin in result:
        parts = urlsplit(origin)
        allowed = ("https",) if https_only else ("https", "http")
        if parts.scheme not in allowed or not parts.netloc or parts.path not in ("", "/"):
            raise ImproperlyConfigured(
                f"{name} takes origins like https://qabyldau.example.kz "
                f"(scheme {' or '.join(allowed)}, no path), not {origin!r}."
            )
    return result


def networks(value, name="PORTAL_TRUSTED_PROXIES"):
    """Addresses or networks of the reverse proxies in front of the app (comma-separated)."""
    result = []
    for item in split(value):
        try:
            result.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} takes the proxies' addresses or networks (127.0.0.1,10.0.0.0/24), "
                f"not {item!r}."
            ) from None
    return tuple(result)


def log_level(value, name="LOG_LEVEL", default="INFO"):
    value = (value or "").strip().upper() or default
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(LOG_LEVELS)}, not {value!r}.")
    return value


def private_storage(kind, private_root):
    """The ``STORAGES["private"]`` entry: applicants' documents, never with a public URL.

    ``local`` (default): files under PRIVATE_MEDIA_ROOT (shared storage with several app nodes).
    ``s3``: an S3-compatible bucket through django-storages (needs boto3), private objects, read
    only through the admin's permission-checked download view."""
    kind = (kind or "local").strip().lower()
    if kind == "local":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private_root), "base_url": "/admin/no-public-url/"},
        }
    if kind == "s3":
        options = {
            "bucket_name": required("PORTAL_S3_BUCKET"),
            "endpoint_url": get("PORTAL_S3_ENDPOINT_URL", "") or None,
            "region_name": get("PORTAL_S3_REGION", "") or None,
            "access_key": get("PORTAL_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": get("PORTAL_S3_SECRET_ACCESS_KEY", "") or None,
            "location": get("PORTAL_S3_PREFIX", "private"),
            # Private objects: no public ACL, no overwriting, no signed links handed out.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        }
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured(f"PORTAL_PRIVATE_STORAGE must be 'local' or 's3', not {kind!r}.")
