import logging

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django_q.brokers import get_broker
from django_q.status import Stat

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
