"""The route contexts of ``SchedulePage``: the schedule, an official's page, the poster and the
open data. Thin: rows come from ``booking.domain.rows``, files from ``booking.interfaces``."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from booking.domain import deadlines
from booking.domain.rows import Localizer, month_choices, schedule_rows
from booking.domain.rules import horizon_end
from booking.enums import ReceptionMode
from booking.interfaces import open_data
from booking.interfaces.subscribe import subscription
from booking.models import Official, ReceptionDay, ReceptionSettings
from pages.forms import ALL_MONTHS, ScheduleFilterForm, month_end
from portal import cache

# The query parameters the schedule's routes read (the filter form): other ones are not cached.
FILTER_PARAMS = tuple(ScheduleFilterForm.base_fields)
# The schedule page is also read page by page.
PAGE_PARAM = "page"
SCHEDULE_PARAMS = (*FILTER_PARAMS, PAGE_PARAM)
# Rows on one page of the schedule: about 75 KB of HTML, whatever the number of days.
PAGE_SIZE = 50
# Coming days listed on an official's page; the schedule filtered by the official has the rest.
OFFICIAL_DAYS = 10


def tag_days(request, query_params=FILTER_PARAMS):
    """The schedule, the poster and open data show every listed day and the directory."""
    cache.tag(request, cache.BOOKING, cache.DAYS, query_params=query_params)


@dataclass(frozen=True)
class Pagination:
    """Which page of the rows is shown: *number* of *count* (1-based), *total* rows in all."""

    number: int
    count: int
    total: int

    @property
    def previous(self):
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self):
        return self.number + 1 if self.number < self.count else None

    @property
    def offset(self):
        return (self.number - 1) * PAGE_SIZE

    @property
    def numbers(self):
        """Page numbers to link: the first, the last and two either side of this one; None
        where some are left out."""
        shown = sorted(
            {1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)}
        )
        numbers = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def paginate(request, total):
    """The ``Pagination`` the ``page`` parameter asks for. A page that is not a number or does
    not exist is a 404 (a stale link after days were removed, or a made-up one: not cached)."""
    count = max(1, -(-total // PAGE_SIZE))
    raw = request.GET.get(PAGE_PARAM)
    if raw is None:
        return Pagination(1, count, total)
    if not raw.isdigit() or not 1 <= int(raw) <= count:
        raise Http404
    return Pagination(int(raw), count, total)


def days_by_month(days):
    """{first day of a month: number of *days* in it}, in one query."""
    return dict(
        days.order_by()
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )


def keep_until_a_day_ends(request, rows):
    """A page offering sign-up for a day changes when that day ends: kept until the first does."""
    now = timezone.now()
    ends = [row.day.ends_at for row in rows if row.day.ends_at > now]
    if ends:
        cache.tag(request, until=min(ends))


def schedule_feeds(page, request, localizer, filters=None):
    """The feed of what the page shows first (the organisation or official the visitor filtered
    by, else the page's organisation, else all days), then one per organisation and per venue.
    *filters* is the filter form's cleaned data."""
    filters = filters or {}
    official = filters.get("official") and localizer.find(Official, filters["official"])
    organisation = None
    if filters.get("organisation"):
        organisation = next(
            (
                o
                for o in localizer.organisations()
                if str(o.translation_key) == filters["organisation"]
            ),
            None,
        )
    elif page.organisation_id:
        organisation = localizer(page.organisation)
    if official:
        main = subscription(
            request, official.full_name, "feed_official", key=official.translation_key
        )
    elif organisation:
        main = subscription(
            request,
            organisation.display_name,
            "feed_organisation",
            key=organisation.translation_key,
        )
    else:
        main = subscription(request, _("All reception days"), "feed_all")
    if page.organisation_id:
        return main, []
    others = [
        subscription(request, o.display_name, "feed_organisation", key=o.translation_key)
        for o in localizer.organisations()
    ] + [
        subscription(request, venue.name, "feed_venue", key=venue.translation_key)
        for venue in localizer.venues()
    ]
    return main, others


def _filtered_days(page, request, localizer, today, reception_settings, *, coming_weeks=False):
    """The page's upcoming days narrowed by the visitor's filters, and the filter form; its
    ``period`` says which dates are shown. With *coming_weeks* (the schedule page), the form
    also gets ``months`` ({first day of a month: days in it} within the period), and with no
    month chosen the period is only the month of the first day listed and the next (open data
    keeps it all)."""
    end = horizon_end(today, reception_settings)
    organisations = localizer.organisations()
    if page.organisation_id:
        organisations = [
            o for o in organisations if o.translation_key == page.organisation.translation_key
        ]
    officials = [o for o in localizer.officials() if o.is_active]
    if page.organisation_id:
        keys = {str(o.translation_key) for o in organisations}
        officials = [o for o in officials if str(localizer(o.organisation).translation_key) in keys]
    form = ScheduleFilterForm(
        request.GET or None,
        months=month_choices(today, end),
        organisations=organisations,
        officials=officials,
    )
    days = page.base_days().filter(date__gte=today, date__lte=end)
    first, last = today, end
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        month = form.chosen_month()
        if month not in (None, ALL_MONTHS):
            days = days.in_month(month.year, month.month)
            first, last = max(month, today), min(month_end(month), end)
        if data.get("organisation"):
            days = days.filter(official__organisation__translation_key=data["organisation"])
        if data.get("official"):
            official = next(o for o in officials if o.slug == data["official"])
            days = days.for_official(official)
        if data.get("mode") == ReceptionMode.IN_PERSON:
            days = days.exclude(mode=ReceptionMode.VIDEO)
        elif data.get("mode") == ReceptionMode.VIDEO:
            days = days.exclude(mode=ReceptionMode.IN_PERSON)
        elif data.get("mode") == ReceptionMode.EITHER:
            days = days.filter(mode=ReceptionMode.EITHER)
    if coming_weeks:
        tally = days_by_month(days)
        if form.chosen_month() is None:
            start = min(tally, default=today)
            last = min(month_end(month_end(start) + datetime.timedelta(days=1)), end)
            days = days.filter(date__lte=last)
            tally = {month: n for month, n in tally.items() if month <= last}
        form.months_shown = tally
    form.period = form.period_between(first, last)
    return days, form


def schedule_context(page, request):
    """The schedule page: the period the filters choose, one page of ``PAGE_SIZE`` rows."""
    tag_days(request, SCHEDULE_PARAMS)
    reception_settings = ReceptionSettings.load(request_or_site=request)
    localizer = Localizer(locale_id=page.locale_id)
    today = timezone.localdate()
    days, form = _filtered_days(
        page, request, localizer, today, reception_settings, coming_weeks=True
    )
    pagination = paginate(request, sum(form.months_shown.values()))
    shown = days.with_places_taken()[pagination.offset : pagination.offset + PAGE_SIZE]
    rows = schedule_rows(
        shown,
        localizer,
        reception_settings.restriction_mode,
        page.official_url_maker(request),
    )
    keep_until_a_day_ends(request, rows)
    feed, other_feeds = schedule_feeds(
        page, request, localizer, getattr(form, "cleaned_data", None)
    )
    return {
        "filter_form": form,
        "period": form.period,
        "rows": rows,
        "pagination": pagination,
        "restriction_mode": reception_settings.restriction_mode,
        "page_organisation": localizer(page.organisation),
        "feed": feed,
        "other_feeds": other_feeds,
    }


def official_context(page, request, slug):
    """An official's page: who they are and their next ``OFFICIAL_DAYS`` reception days, with a
    link to the schedule filtered by them when they have more."""
    localizer = Localizer(locale_id=page.locale_id)
    official = next(
        (o for o in localizer.officials() if o.slug == slug and o.is_active),
        None,
    )
    if official is None:
        # Not translated into the page's language yet: shown as it is in another.
        official = (
            Official.objects.active()
            .filter(slug=slug)
            .select_related("organisation", "photo")
            .first()
        )
    if official is None:
        raise Http404
    if page.organisation_id and (
        official.organisation.translation_key != page.organisation.translation_key
    ):
        raise Http404
    cache.tag(request, cache.BOOKING, cache.official_tag(official.translation_key))
    reception_settings = ReceptionSettings.load(request_or_site=request)
    today = timezone.localdate()
    days = (
        ReceptionDay.objects.for_listing()
        .for_official(official)
        .filter(date__gte=today)
        .with_places_taken()
    )
    localized = localizer(official)
    rows = schedule_rows(days[: OFFICIAL_DAYS + 1], localizer, reception_settings.restriction_mode)
    more_days = None
    if len(rows) > OFFICIAL_DAYS:
        rows = rows[:OFFICIAL_DAYS]
        more_days = (
            page.get_url(request)
            + "?"
            + urlencode({"official": localized.slug, "month": ALL_MONTHS})
        )
    keep_until_a_day_ends(request, rows)
    return {
        "official": localized,
        "feed": subscription(
            request, localized.full_name, "feed_official", key=official.translation_key
        ),
        "organisation": localizer(official.organisation),
        "rows": rows,
        "more_days": more_days,
        "restriction_mode": reception_settings.restriction_mode,
        "answer_days": deadlines.answer_deadline_days(reception_settings),
    }


def poster_context(page, request):
    """The schedule for this month and the next, once per language, for printing (R01)."""
    tag_days(request)
    today = timezone.localdate()
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=62)).replace(day=1) - datetime.timedelta(days=1)
    reception_settings = ReceptionSettings.load(request_or_site=request)
    days = list(page.base_days().filter(date__gte=first, date__lte=last))
    sections = []
    for code, _name in settings.LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        with translation.override(code):
            localizer = Localizer(locale)
            sections.append(
                {
                    "language": code,
                    "rows": schedule_rows(days, localizer, reception_settings.restriction_mode),
                    "organisation": localizer(page.organisation),
                    "title": page.get_translation_or_none(locale) or page,
                }
            )
    return {
        "sections": sections,
        "period_start": first,
        "period_end": last,
        "restriction_mode": reception_settings.restriction_mode,
    }


def open_data_rows(page, request):
    """The rows the visitor's filters select, with the addresses of officials' pages."""
    tag_days(request)
    localizer = Localizer()
    reception_settings = ReceptionSettings.load(request_or_site=request)
    days, _form = _filtered_days(page, request, localizer, timezone.localdate(), reception_settings)
    return schedule_rows(
        days, localizer, reception_settings.restriction_mode, page.official_url_maker(request)
    )


def open_data_csv(page, request):
    return open_data.csv_response(
        open_data_rows(page, request), request, open_data.download_name(page.slug, "csv")
    )


def open_data_json(page, request):
    return open_data.json_response(
        open_data_rows(page, request), request, open_data.download_name(page.slug, "json")
    )
