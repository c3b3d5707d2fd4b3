"""What the schedule page's routes show. Thin: the rows come from ``booking.listing``."""

import csv
import datetime
import json
from urllib.parse import quote

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from booking.enums import ReceptionMode
from booking.listing import Localizer, month_choices, schedule_rows
from booking.models import Official, ReceptionDay, ReceptionSettings
from booking.schedule import horizon_end
from pages.forms import ScheduleFilterForm

OPEN_DATA_FIELDS = [
    "id",
    "date",
    "start",
    "end",
    "organisation",
    "official",
    "position",
    "venue",
    "address",
    "mode",
    "kind",
    "status",
    "status_reason",
    "moved_to",
    "phone",
    "email",
    "official_url",
]


def subscription(request, title, url_name, **kwargs):
    """The ways to subscribe to one feed: its address, webcal:// and Google Calendar's link."""
    url = request.build_absolute_uri(reverse(url_name, kwargs=kwargs))
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "title": title,
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
    }


def schedule_feeds(page, request, localizer):
    """The page's own feed first, then one per organisation and per venue."""
    if page.organisation_id:
        organisation = localizer(page.organisation)
        main = subscription(
            request,
            organisation.display_name,
            "feed_organisation",
            key=organisation.translation_key,
        )
        others = []
    else:
        main = subscription(request, _("All reception days"), "feed_all")
        others = [
            subscription(request, o.display_name, "feed_organisation", key=o.translation_key)
            for o in localizer.organisations()
        ] + [
            subscription(request, venue.name, "feed_venue", key=venue.translation_key)
            for venue in localizer.venues()
        ]
    return main, others


def _filtered_days(page, request, localizer, today):
    """The page's upcoming days narrowed by the visitor's filters, and the filter form."""
    end = horizon_end(today)
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
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        if data.get("month"):
            year, month = map(int, data["month"].split("-"))
            days = days.in_month(year, month)
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
    return days, form


def schedule_context(page, request):
    reception_settings = ReceptionSettings.load(request_or_site=request)
    localizer = Localizer()
    today = timezone.localdate()
    days, form = _filtered_days(page, request, localizer, today)
    rows = schedule_rows(
        days, localizer, reception_settings.restriction_mode, page.official_url_maker(request)
    )
    feed, other_feeds = schedule_feeds(page, request, localizer)
    return {
        "filter_form": form,
        "rows": rows,
        "restriction_mode": reception_settings.restriction_mode,
        "page_organisation": localizer(page.organisation),
        "feed": feed,
        "other_feeds": other_feeds,
    }


def official_context(page, request, slug):
    locale = Locale.get_active()
    candidates = Official.objects.active().filter(slug=slug).select_related("organisation", "photo")
    official = candidates.filter(locale=locale).first() or candidates.first()
    if official is None:
        raise Http404
    if page.organisation_id and (
        official.organisation.translation_key != page.organisation.translation_key
    ):
        raise Http404
    reception_settings = ReceptionSettings.load(request_or_site=request)
    localizer = Localizer(locale)
    today = timezone.localdate()
    days = (
        ReceptionDay.objects.for_listing()
        .for_official(official)
        .filter(date__gte=today)
        .with_places_taken()
    )
    localized = localizer(official)
    return {
        "official": localized,
        "feed": subscription(request, localized.full_name, "feed_official", slug=official.slug),
        "organisation": localizer(official.organisation),
        "rows": schedule_rows(days, localizer, reception_settings.restriction_mode),
        "restriction_mode": reception_settings.restriction_mode,
    }


def poster_context(page, request):
    """The schedule for this month and the next, once per language, for printing (R01)."""
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


def _open_data_records(page, request):
    localizer = Localizer()
    reception_settings = ReceptionSettings.load(request_or_site=request)
    days, _form = _filtered_days(page, request, localizer, timezone.localdate())
    rows = schedule_rows(
        days, localizer, reception_settings.restriction_mode, page.official_url_maker(request)
    )
    for row in rows:
        day = row.day
        yield {
            "id": str(day.public_id),
            "date": day.date.isoformat(),
            "start": f"{day.start_time:%H:%M}",
            "end": f"{day.end_time:%H:%M}",
            "organisation": row.organisation.name,
            "official": row.official.full_name,
            "position": row.official.position,
            "venue": row.venue.name,
            "address": row.venue.full_address,
            "mode": row.mode,
            "kind": day.kind,
            "status": day.status,
            "status_reason": day.change_reason,
            "moved_to": str(row.moved_to.public_id) if row.moved_to else "",
            "phone": row.phone,
            "email": row.email,
            "official_url": request.build_absolute_uri(row.official_url),
        }


def _download_name(page, extension):
    return f"reception-schedule-{translation.get_language()}-{page.slug}.{extension}"


def open_data_csv(page, request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_download_name(page, "csv")}"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.DictWriter(response, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    writer.writerows(_open_data_records(page, request))
    return response


def open_data_json(page, request):
    body = {
        "language": translation.get_language(),
        "generated_at": timezone.now(),
        "title": _("Reception schedule"),
        "fields": OPEN_DATA_FIELDS,
        "days": list(_open_data_records(page, request)),
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{_download_name(page, "json")}"'
    return response
