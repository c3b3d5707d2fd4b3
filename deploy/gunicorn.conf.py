"""gunicorn for the portal: `gunicorn -c deploy/gunicorn.conf.py portal.wsgi` (docs/deploy.md).

Every value can be changed from the environment of the unit that runs it."""

import contextlib
import ctypes
import gc
import multiprocessing
import os

# Behind nginx on the same node: loopback only. Another node's proxy: PORTAL_BIND=10.0.0.11:8000.
bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
# Processes, each with a few threads: requests wait mostly on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
worker_class = "gthread"
threads = int(os.environ.get("PORTAL_THREADS", "4"))
# A request longer than this is killed (a sign-up with five 5 MB documents on a slow line fits).
timeout = int(os.environ.get("PORTAL_TIMEOUT", "60"))
# SIGTERM (systemctl stop/restart): requests in progress get this long to finish.
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so that a slow leak never grows. A new worker loads the
# application (about 2 s; not preloaded in the master, so that `systemctl reload` brings new
# code): at a few hundred requests a second that must be every minute or so, not every few
# seconds (`make bench` saw requests queue behind replacements at 2,000).
max_requests = 20000
max_requests_jitter = 2000
# Only nginx on this node may tell gunicorn the scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("PORTAL_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No access log here: nginx writes it, with tracking tokens left out (deploy/nginx/portal.conf).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Request line and headers: Django's own limits apply to the body.
limit_request_line = 8190
limit_request_fields = 100
proc_name = "portal"


# glibc's mallopt(M_ARENA_MAX): each of a worker's threads would otherwise get a memory arena
# of its own, and a large feed built once by each thread stays in each arena. One arena for all
# (they take turns under Python's GIL anyway): 176 MB at 10,000 days instead of 216-227 MB.
M_ARENA_MAX = -8
ARENAS = int(os.environ.get("PORTAL_MALLOC_ARENAS", "1"))


def post_worker_init(worker):
    """The worker has loaded the application: its modules, URL patterns, settings and
    catalogues live as long as the worker. Moved out of the collector's reach (gc.freeze), they
    are no longer walked by every full collection, which made a pause of about 200 ms every
    few requests at 2,000 reception days; only what requests create is collected. Then, before
    the worker starts its threads, their memory arenas are limited (glibc only)."""
    gc.freeze()
    worker.log.info("Froze %s objects of the loaded application", gc.get_freeze_count())
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, ARENAS)
