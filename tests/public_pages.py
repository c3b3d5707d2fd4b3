"""The public pages the accessibility and HTML checks visit: one live page of every Wagtail page
type (so page types added later are checked without listing them here), the schedule's routes
and the sign-up form, in one language; and where the checkers live (fetched by ``.ci/run``)."""

import os
from pathlib import Path

from django.core.cache import cache
from django.test import Client
from wagtail.models import Page

from booking.models import Official, ReceptionDay
from pages.schedule_routes import PAGE_SIZE
from tests.factories import add_days_in_bulk

ROOT = Path(__file__).resolve().parent.parent
CHECKERS = Path(os.environ.get("PORTAL_CHECKERS_DIR", ROOT / ".cache" / "checkers"))
AXE = CHECKERS / "node_modules" / "axe-core" / "axe.min.js"
VNU = CHECKERS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Screenshots of browser tests that failed; CI prints the folder.
SCREENSHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS", ROOT / ".cache" / "screenshots"))


def screenshot_if_failed(request, page, failed_before):
    """At a browser fixture's teardown: the page as it was when its test failed."""
    if request.session.testsfailed > failed_before:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def add_a_second_page_of_days():
    """More upcoming days than the schedule shows on one page (the demo has fewer), so that the
    schedule's page links are checked too. Made in bulk, so the page cache is emptied."""
    official = Official.objects.filter(is_active=True).order_by("pk").first()
    venue = ReceptionDay.objects.filter(official=official).first().venue
    add_days_in_bulk(official, PAGE_SIZE + 10, venue=venue, spread=30)
    cache.clear()


def public_urls(language):
    """One address per page type and route, in *language*."""
    urls = {}
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1, locale__language_code=language)
        .order_by("path")
        .specific()
    )
    for page in pages:
        kind = type(page).__name__
        url = page.get_url()
        if kind not in urls and url:
            urls[kind] = url
        if kind == "SchedulePage" and url and "official page" not in urls:
            schedule = Client().get(url).content.decode()
            marker = f'href="{url}official/'
            start = schedule.find(marker)
            if start != -1:
                slug = schedule[start + len(marker) :].split("/", 1)[0]
                urls["official page"] = f"{url}official/{slug}/"
                urls["poster"] = f"{url}poster/"
            # The whole horizon is more than a page of rows: the page links to the others.
            every_month = f"{url}?month=all"
            if "page=2" in Client().get(every_month).content.decode():
                urls["schedule, page 2"] = f"{every_month}&page=2"
    urls["sign-up form"] = f"/{language}/reception/sign-up/"
    urls["search"] = f"/{language}/search/?q=қабылдау"
    return urls
