"""Local development: DEBUG on, a throwaway secret unless one is given, e-mail to the console."""

import os

from .base import *  # noqa: F403 (settings modules extend base by star import)

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-never-use-in-production")
ALLOWED_HOSTS = environment.items("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")  # noqa: F405
# `make run` sets PORTAL_BASE_URL from PORT, so links in e-mails name the port actually served.
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# The page cache in files on this machine: the web server and the task worker share them.
CACHES = {
    **CACHES,  # noqa: F405 (from base)
    "default": cache_from_env(local_dir=BASE_DIR / ".cache" / "pages"),  # noqa: F405 (base)
}
