"""The test suite: fast hashing, local memory cache, synchronous tasks, mail to the outbox."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403 (settings modules extend base by star import)

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
    },
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-private-"))
FILE_UPLOAD_TEMP_DIR = upload_temp_dir(PRIVATE_MEDIA_ROOT)  # noqa: F405 (from base)
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405 (from base)
STORAGES = {
    **STORAGES,  # noqa: F405 (from base)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": environment.private_storage("local", PRIVATE_MEDIA_ROOT),  # noqa: F405 (base)
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# SQLite tests use a file, not memory: threads then see one database with its real locking, so
# the capacity race test proves the lock on the embedded database too.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405 (from base)
    DATABASES["default"]["TEST"] = {  # noqa: F405 (from base)
        "NAME": str(Path(tempfile.mkdtemp(prefix="portal-test-db-")) / "test.sqlite3")
    }
