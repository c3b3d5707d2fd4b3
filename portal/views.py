import logging

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django_q.brokers import get_broker
from django_q.status import Stat

from booking.domain import notifications
from booking.interfaces.forms import MAX_ATTACHMENTS, MAX_UPLOAD_BYTES
from booking.interfaces.views import sign_up_after_csrf_failure
from portal.i18n import current_language
from portal.sitemap import BilingualSitemap

logger = logging.getLogger(__name__)


def _queue_status():
    broker = get_broker()
    clusters = Stat.get_all(broker=broker)
    return {
        "status": "ok" if clusters else "no_workers",
        "workers": sum(len(cluster.workers) for cluster in clusters),
        "queued": broker.queue_size(),
    }


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: 200 while the database answers, with the task queue's state."""
    body = {"status": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = "ok"
    except Exception:
        logger.exception("Health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    try:
        body["task_queue"] = _queue_status()
    except Exception:
        logger.exception("Health check: task queue status unavailable")
        body["task_queue"] = {"status": "unavailable"}
    # Messages failed for good or overdue: "degraded", still 200 (the node itself is alive).
    body["outbox"] = notifications.counts()
    if body["outbox"]["failed"] or body["outbox"]["overdue"]:
        body["status"] = "degraded"
    return JsonResponse(body)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap(request):
    return django_sitemap(request, sitemaps={"pages": BilingualSitemap(request)})


def _error_page(request, status, context=None):
    """A translated error page in the language of the address (``/kk/…``, ``/ru/…``): the
    error may come before ``LocaleMiddleware`` has chosen one."""
    language = translation.get_language_from_path(request.path_info) or current_language()
    with translation.override(language):
        response = render(request, f"{status}.html", context or {}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    """handler400: a request Django refuses to read. A body over the size limit gets the 413
    page, one with too many fields or files the 400 page that says so."""
    if isinstance(exception, DisallowedHost):
        # Not a visitor of this site (a scanner, a wrong proxy): no page that needs the host.
        return HttpResponseBadRequest("Bad Request (400)", content_type="text/plain")
    if isinstance(exception, RequestDataTooBig):
        return _error_page(
            request,
            413,
            {
                "max_files": MAX_ATTACHMENTS,
                "max_file_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
                "max_total_mb": settings.PORTAL_MAX_REQUEST_BODY // (1024 * 1024),
            },
        )
    too_many = isinstance(exception, TooManyFieldsSent | TooManyFilesSent)
    return _error_page(request, 400, {"too_many": too_many})


def permission_denied(request, exception=None):
    """handler403."""
    return _error_page(request, 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without a valid token, usually one left open past the
    session or with cookies blocked. The sign-up form comes back with what was typed."""
    # Resolved before the CSRF check ran; None if the address matched nothing.
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "sign_up" and request.method == "POST":
        return sign_up_after_csrf_failure(request)
    return _error_page(request, 403, {"csrf": True})
