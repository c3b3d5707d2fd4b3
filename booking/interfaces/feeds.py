"""iCal feeds over HTTP: conditional GET first (two queries, no calendar built), then the feed.

The feeds link each event to its official's page under the schedule page, and name the region
from the portal settings: so this module reads ``pages``, which the domain never does."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Max, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from booking.domain.rows import Localizer, schedule_rows
from booking.interfaces import ical, responses
from booking.models import Official, Organisation, ReceptionDay, ReceptionSettings, Venue
from pages.models import PortalSettings, SchedulePage

# Raise when the feed's text or structure changes, so that cached copies are refetched.
FEED_FORMAT = 1
FEED_CACHE_SECONDS = 6 * 3600


@dataclass
class FeedScope:
    """Which reception days a feed holds, how it is named and how its file is called."""

    days: object  # ReceptionDay queryset
    slug: str
    kind: str
    key: str = ""

    def title(self, localizer):
        model = {"official": Official, "organisation": Organisation, "venue": Venue}.get(self.kind)
        obj = localizer.find(model, self.key) if model else None
        if self.kind == "official" and obj:
            return _("Reception of %(name)s") % {"name": obj.full_name}
        if self.kind == "organisation" and obj:
            return _("Reception: %(organisation)s") % {"organisation": obj.display_name}
        if self.kind == "venue" and obj:
            return _("Reception at %(venue)s") % {"venue": obj.name}
        return _("Personal reception — %(region)s") % {"region": PortalSettings.load().region_name}


def _latest(source, field="updated_at"):
    """The newest *field* of a model (or queryset), as a subquery of ``feed_facts``."""
    queryset = getattr(source, "objects", source)
    return Subquery(queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1])


def feed_facts(days):
    """Count and newest change of *days* and of everything they show, in one query: what the
    feed's validators are made of.

    Besides the days: the days they were moved to (named in the moved day's description),
    officials, organisations and venues, the portal settings (office phone, region name) and
    the live schedule pages (whose address the events link to)."""
    return days.aggregate(
        count=Count("pk"),
        days=Max("updated_at"),
        moved_to=Max("moved_to__updated_at"),
        officials=Max(_latest(Official)),
        organisations=Max(_latest(Organisation)),
        venues=Max(_latest(Venue)),
        portal=Max(_latest(PortalSettings)),
        schedule_pages=Max(_latest(SchedulePage.objects.live(), "last_published_at")),
    )


def _stamps(facts):
    return [value for name, value in facts.items() if name != "count" and value is not None]


def _window(reception_settings):
    today = timezone.localdate()
    return today, today - datetime.timedelta(days=reception_settings.feed_past_days)


def _validators(scope, facts, reception_settings, today):
    stamps = _stamps(facts)
    # The window moves at midnight: the feed may change then without any edit.
    midnight = datetime.datetime.combine(
        today, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    last_modified = max([*stamps, midnight]).replace(microsecond=0)
    etag = responses.make_etag(
        (
            FEED_FORMAT,
            get_language(),
            scope.kind,
            scope.key,
            today,
            reception_settings.restriction_mode,
            reception_settings.feed_past_days,
            *sorted(facts.items()),
        )
    )
    return etag, last_modified


def _schedule_page_url(request):
    """The schedule page of the visitor's language, for links to officials' pages."""
    page = (
        SchedulePage.objects.live()
        .public()
        .filter(locale=Locale.get_active(), organisation__isnull=True)
        .first()
    )
    return page, (page.get_url(request) if page else None)


def serve_feed(request, scope):
    reception_settings = ReceptionSettings.load(request_or_site=request)
    today, first_day = _window(reception_settings)
    days = scope.days.filter(date__gte=first_day)
    facts = feed_facts(days)
    if facts["count"] == 0 and scope.kind != "all" and not scope.days.exists():
        # Nothing in the window: an unknown official or venue is a 404, a quiet one is empty.
        _require_known(scope)
    etag, last_modified = _validators(scope, facts, reception_settings, today)
    current = responses.not_modified(request, etag, last_modified)
    if current is not None:
        return current
    filename = f"reception-{scope.slug}-{get_language()}.ics"
    body = responses.cached_body(
        f"feed:{request.get_host()}:{etag}",
        lambda: _build_feed(request, scope, days, reception_settings),
        FEED_CACHE_SECONDS,
    )
    return responses.calendar_response(body, filename, etag, last_modified)


def _build_feed(request, scope, days, reception_settings):
    localizer = Localizer()
    rows = schedule_rows(days.for_listing(), localizer, reception_settings.restriction_mode)
    page, base = _schedule_page_url(request)
    official_path = page.official_url_maker(request) if page else None

    def official_url(row):
        return request.build_absolute_uri(official_path(row.official)) if official_path else ""

    portal = PortalSettings.load(request_or_site=request)
    signup = _("Sign up for this reception on the portal or by phone %(phone)s.") % {
        "phone": portal.office_phone
    }
    calendar = ical.build_feed(
        rows,
        name=scope.title(localizer),
        description=_("Days of personal reception of citizens, updated by the reception office."),
        url=request.build_absolute_uri(base) if base else "",
        official_url=official_url,
        signup_text=signup,
    )
    return calendar.to_ical()


def _require_known(scope):
    model = {"official": Official, "organisation": Organisation, "venue": Venue}[scope.kind]
    lookup = {"slug": scope.key} if scope.kind == "official" else {"translation_key": scope.key}
    if not model.objects.filter(**lookup).exists():
        raise Http404


@require_GET
def all_days(request):
    return serve_feed(request, FeedScope(ReceptionDay.objects.published(), "all", "all"))


@require_GET
def official_days(request, slug):
    keys = Official.objects.filter(slug=slug).values("translation_key")
    days = ReceptionDay.objects.published().filter(official__translation_key__in=keys)
    return serve_feed(request, FeedScope(days, slug, "official", slug))


@require_GET
def organisation_days(request, key):
    days = ReceptionDay.objects.published().filter(official__organisation__translation_key=key)
    return serve_feed(request, FeedScope(days, "organisation", "organisation", str(key)))


@require_GET
def venue_days(request, key):
    days = ReceptionDay.objects.published().filter(venue__translation_key=key)
    return serve_feed(request, FeedScope(days, "venue", "venue", str(key)))


@require_GET
def single_day(request, public_id):
    """One reception day as a file to add to a personal calendar.

    Validated like the feeds, by the day's facts: a 304 costs two queries and loads
    nothing else (a change of SEQUENCE always comes with a new ``updated_at``)."""
    reception_settings = ReceptionSettings.load(request_or_site=request)
    facts = feed_facts(ReceptionDay.objects.filter(public_id=public_id))
    if facts["count"] == 0:
        raise Http404
    etag = responses.make_etag(
        (
            FEED_FORMAT,
            get_language(),
            "day",
            public_id,
            reception_settings.restriction_mode,
            *sorted(facts.items()),
        )
    )
    last_modified = max(_stamps(facts)).replace(microsecond=0)
    current = responses.not_modified(request, etag, last_modified)
    if current is not None:
        return current
    day = get_object_or_404(ReceptionDay.objects.for_listing(), public_id=public_id)
    localizer = Localizer()
    row = schedule_rows([day], localizer, reception_settings.restriction_mode)[0]
    page, _base = _schedule_page_url(request)
    official_url = ""
    if page:
        official_url = request.build_absolute_uri(page.official_url_maker(request)(row.official))
    calendar = ical.new_calendar(row.official.full_name)
    ical.add_event(calendar, row, official_url=official_url)
    calendar.add_missing_timezones(first_date=ical.ZONE_FROM, last_date=ical.ZONE_UNTIL)
    filename = f"reception-{day.date:%Y-%m-%d}-{row.official.slug}.ics"
    return responses.calendar_response(
        calendar.to_ical(), filename, etag, last_modified, disposition="attachment"
    )
