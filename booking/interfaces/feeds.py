"""iCal feeds over HTTP: conditional GET first (two queries, no calendar built), then the feed.

The feeds link each event to its official's page under the schedule page, and name the region
from the portal settings: so this module reads ``pages``, which the domain never does."""

import datetime
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Func, IntegerField, Q, Subquery
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from booking.domain.rows import Localizer, schedule_rows
from booking.domain.rules import horizon_end
from booking.domain.text import latin_slug
from booking.interfaces import ical, responses
from booking.models import Official, Organisation, ReceptionDay, ReceptionSettings, Venue
from pages.models import PortalSettings, SchedulePage
from portal import cache
from portal.i18n import catalogue_fingerprint
from portal.navigation import restricted

# Raise when the feed's code changes its text or structure, so that cached copies are refetched
# (a change of the translation catalogue does it by itself: ``catalogue_fingerprint``).
FEED_FORMAT = 2
MODELS = {"official": Official, "organisation": Organisation, "venue": Venue}
# Days read (and their events made) at a time: a worker never holds the whole horizon's.
FEED_CHUNK = 500


@dataclass
class FeedScope:
    """Which reception days a feed holds, how it is named and how its file is called."""

    days: object  # ReceptionDay queryset
    kind: str
    key: str = ""

    def title(self, localizer):
        obj = localizer.find(MODELS[self.kind], self.key) if self.kind in MODELS else None
        if self.kind == "official" and obj:
            return _("Reception of %(name)s") % {"name": obj.full_name}
        if self.kind == "organisation" and obj:
            return _("Reception: %(organisation)s") % {"organisation": obj.display_name}
        if self.kind == "venue" and obj:
            return _("Reception at %(venue)s") % {"venue": obj.name}
        return _("Personal reception — %(region)s") % {"region": PortalSettings.load().region_name}

    def filename(self, localizer):
        """``reception-<name in Latin letters>-<language>.ics``: each feed a file name of its
        own; the key where the name gives no Latin letters."""
        name = "all"
        if self.kind in MODELS:
            obj = localizer.find(MODELS[self.kind], self.key)
            readable = {
                "official": lambda: obj.slug,
                "organisation": lambda: obj.display_name,
                "venue": lambda: obj.name,
            }[self.kind]
            name = (latin_slug(readable()) if obj else "") or self.key
        return f"reception-{name}-{get_language()}.ics"


class _Count(Func):
    """COUNT in a subquery of its own, without GROUP BY (Django's ``Count`` would group)."""

    function = "COUNT"
    output_field = IntegerField()


class _Newest(Func):
    function = "MAX"


def _count_and_newest(name, queryset, field="updated_at"):
    """Two scalar subqueries: how many rows *queryset* holds and its newest *field*. The count
    moves when a row is deleted (a translation removed), which the newest date would not."""
    rows = queryset.order_by()
    return {
        f"{name}_count": Subquery(rows.annotate(n=_Count("pk")).values("n")[:1]),
        f"{name}_newest": Subquery(
            rows.annotate(
                m=_Newest(field, output_field=queryset.model._meta.get_field(field))
            ).values("m")[:1]
        ),
    }


def schedule_pages(language):
    """The live, public schedule pages of all organisations in *language*, first the one events
    link to: in SQL, so that the feed's validators see an unpublished or private page."""
    return (
        SchedulePage.objects.live()
        .filter(locale__language_code=language, organisation__isnull=True)
        .exclude(restricted())
        .order_by("path")
    )


def feed_facts(anchor, days, scope_kind="all", scope_key="", portal=True):
    """What a feed's validators are made of, in one query: count and newest change of *days*
    and of everything they show, and only of that (an edit elsewhere leaves the ETag alone).

    Besides the days: the days they were moved to (named in the moved day's description), the
    officials, organisations and venues the days show in any language (the feed falls back to
    another language's row when one is missing), the feed's own official, organisation or venue
    (its title, even with no days), the portal settings (office phone, region name) and the
    schedule page of the language whose address the events link to. *anchor* is a queryset of
    one row the facts are selected from (the reception settings)."""
    keys = {
        "official": days.values("official__translation_key"),
        "organisation": days.values("official__organisation__translation_key"),
        "venue": days.values("venue__translation_key"),
    }
    own = Q(translation_key=scope_key)
    shown = {
        "days": days,
        "moved_to": ReceptionDay.objects.filter(moved_from__in=days.values("pk")),
    }
    for kind, model in MODELS.items():
        wanted = Q(translation_key__in=keys[kind])
        shown[kind] = model.objects.filter(wanted | own if kind == scope_kind else wanted)
    facts = {}
    for name, queryset in shown.items():
        facts.update(_count_and_newest(name, queryset))
    if scope_kind in MODELS:
        facts.update(_count_and_newest("scope", MODELS[scope_kind].objects.filter(own)))
    if portal:
        facts.update(_count_and_newest("portal", PortalSettings.objects.all()))
    page = schedule_pages(get_language())[:1]
    facts["page"] = Subquery(page.values("pk"))
    facts["page_path"] = Subquery(page.values("url_path"))
    facts["page_published"] = Subquery(page.values("last_published_at"))
    return anchor.values(**facts).get()


def _stamps(facts):
    return [value for value in facts.values() if isinstance(value, datetime.datetime)]


def _window(reception_settings):
    """Today, and the first and last dates a feed holds: the recent past its settings keep and
    the schedule's horizon (days beyond it are not published yet, whoever made them)."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=reception_settings.feed_past_days)
    return today, first, horizon_end(today, reception_settings)


def _validators(scope, facts, reception_settings, today):
    # The window moves at midnight: the feed may change then without any edit.
    midnight = datetime.datetime.combine(
        today, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    last_modified = max([*_stamps(facts), midnight]).replace(microsecond=0)
    language = get_language()
    etag = responses.make_etag(
        (
            FEED_FORMAT,
            catalogue_fingerprint(language),
            language,
            scope.kind,
            scope.key,
            today,
            reception_settings.restriction_mode,
            reception_settings.feed_past_days,
            reception_settings.schedule_horizon_months,
            *sorted(facts.items()),
        )
    )
    return etag, last_modified


def _schedule_page_url(request):
    """The schedule page of the visitor's language, for links to officials' pages."""
    page = schedule_pages(get_language()).first()
    return page, (page.get_url(request) if page else None)


def _anchor(reception_settings):
    return ReceptionSettings.objects.filter(pk=reception_settings.pk)


def tag_feed(request, scope_kind, official_key=None):
    """A feed shows the directory and the schedule page's address; one official's feed only that
    official's days, the others (and a single day's file) are forgotten with any day."""
    own = cache.official_tag(official_key) if official_key else cache.DAYS
    cache.tag(request, cache.SITE, cache.BOOKING, own)


def serve_feed(request, scope):
    tag_feed(request, scope.kind, scope.key if scope.kind == "official" else None)
    reception_settings = ReceptionSettings.load(request_or_site=request)
    today, first_day, last_day = _window(reception_settings)
    days = scope.days.filter(date__gte=first_day, date__lte=last_day)
    facts = feed_facts(_anchor(reception_settings), days, scope.kind, scope.key)
    if scope.kind in MODELS and not facts["scope_count"]:
        raise Http404
    etag, last_modified = _validators(scope, facts, reception_settings, today)
    current = responses.not_modified(request, etag, last_modified)
    if current is not None:
        return current
    body, filename = _build_feed(request, scope, days, reception_settings)
    return responses.calendar_response(body, filename, etag, last_modified)


def _build_feed(request, scope, days, reception_settings):
    """The feed's body and the name of its file."""
    localizer = Localizer()
    page, base = _schedule_page_url(request)
    official_path = page.official_url_maker(request) if page else None
    official_urls = {}

    def official_url(row):
        if not official_path:
            return ""
        if row.official.pk not in official_urls:
            official_urls[row.official.pk] = request.build_absolute_uri(official_path(row.official))
        return official_urls[row.official.pk]

    portal = PortalSettings.load(request_or_site=request)
    signup = _("Sign up for this reception on the portal or by phone %(phone)s.") % {
        "phone": portal.office_phone
    }
    calendar = ical.new_calendar(
        scope.title(localizer),
        description=_("Days of personal reception of citizens, updated by the reception office."),
        url=request.build_absolute_uri(base) if base else "",
    )
    # The days are read in chunks, each dropped once its events are made: a worker holds one
    # chunk's models at a time, not the whole horizon's (10,000 days at most settings allow).
    events, zones = [], set()
    listing = days.for_listing().iterator(chunk_size=FEED_CHUNK)
    while chunk := list(itertools.islice(listing, FEED_CHUNK)):
        rows = schedule_rows(chunk, localizer, reception_settings.restriction_mode)
        zones.update(row.day.starts_at.tzinfo.key for row in rows)
        events.extend(_events(rows, official_url, signup))
    return ical.feed_body(calendar, events, zones), scope.filename(localizer)


def _events(rows, official_url, signup):
    """Each row's serialised VEVENT, kept as a fragment (``portal.cache.fragments``) shared by
    every feed the event is in: all days, its official's, organisation's, venue's."""
    today = timezone.localdate()
    language = get_language()
    common = (FEED_FORMAT, language, catalogue_fingerprint(language), signup)
    keys = [_event_key(common, row, official_url(row), today) for row in rows]

    def serialise(index):
        row = rows[index]
        return ical.event(row, official_url=official_url(row), signup_text=signup).to_ical()

    return cache.fragments(keys, serialise)


def _event_key(common, row, url, today):
    """Everything a VEVENT's text is made of: the day (its ``updated_at`` moves with every
    saved change), the day it moved to, the official, organisation and venue in the feed's
    language, the mode shown (restriction mode), whether sign-up is still open, the address of
    the official's page, and (in *common*) the format, language, catalogue and sign-up text."""
    day = row.day
    facts = (
        *common,
        cache.stamp(day),
        cache.stamp(row.moved_to),
        cache.stamp(row.official),
        cache.stamp(row.organisation),
        cache.stamp(row.venue),
        row.mode,
        row.is_active and row.date >= today,
        url,
    )
    return cache.fragment_key("feed-event", facts)


@require_safe
def all_days(request):
    return serve_feed(request, FeedScope(ReceptionDay.objects.published(), "all"))


@require_safe
def official_days(request, key):
    days = ReceptionDay.objects.published().filter(official__translation_key=key)
    return serve_feed(request, FeedScope(days, "official", str(key)))


@require_safe
def official_days_by_slug(request, slug):
    """The address feeds had before they were keyed: sent on for good to the one that never
    changes. A slug no official has any more is a 404, which the redirects recorded when the
    slug changed answer (``booking.receivers``)."""
    official = Official.objects.filter(slug=slug).only("translation_key").first()
    if official is None:
        raise Http404
    return HttpResponsePermanentRedirect(official_feed_path(official))


def official_feed_path(official):
    """The address of *official*'s feed in the active language; it never changes."""
    return reverse("feed_official", kwargs={"key": official.translation_key})


@require_safe
def organisation_days(request, key):
    days = ReceptionDay.objects.published().filter(official__organisation__translation_key=key)
    return serve_feed(request, FeedScope(days, "organisation", str(key)))


@require_safe
def venue_days(request, key):
    days = ReceptionDay.objects.published().filter(venue__translation_key=key)
    return serve_feed(request, FeedScope(days, "venue", str(key)))


@require_safe
def single_day(request, public_id):
    """One reception day as a file to add to a personal calendar; like the feeds, none for a
    day of an official taken out of the schedule.

    Validated like the feeds, by the day's facts: a 304 costs two queries and loads
    nothing else (a change of SEQUENCE always comes with a new ``updated_at``)."""
    reception_settings = ReceptionSettings.load(request_or_site=request)
    days = ReceptionDay.objects.published().filter(public_id=public_id)
    facts = feed_facts(_anchor(reception_settings), days, portal=False)
    if facts["days_count"] == 0:
        raise Http404
    # Kept with the lists of days: naming its official's tag would cost a query on every 304.
    tag_feed(request, "day")
    # Dated like the feeds: in restriction mode, a day that has passed shows its own mode again.
    today = timezone.localdate()
    etag, last_modified = _validators(
        FeedScope(days, "day", str(public_id)), facts, reception_settings, today
    )
    current = responses.not_modified(request, etag, last_modified)
    if current is not None:
        return current
    day = get_object_or_404(days.for_listing())
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
