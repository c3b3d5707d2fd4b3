"""Reception days as the public sees them: in the visitor's language, in the columns of the
government's schedule form (R01, R02; 002 annex). The schedule page, poster, open data and feeds
all read these rows."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Locale

from booking.domain import capacity
from booking.enums import DayStatus, ReceptionMode
from booking.models import Official, Organisation, ReceptionDay, ReceptionSettings, Venue


class Localizer:
    """Shows officials, organisations and venues in one locale, whichever locale's row a
    reception day points to: three queries, however many days. *locale* defaults to the active
    language's; *locale_id* names it without loading it (a page's ``locale_id``)."""

    def __init__(self, locale=None, *, locale_id=None):
        if locale is None and locale_id is None:
            locale = Locale.get_active()
        self._locale = locale
        self.locale_id = locale.pk if locale is not None else locale_id
        self._maps = {
            model: {obj.translation_key: obj for obj in queryset.filter(locale_id=self.locale_id)}
            for model, queryset in (
                (Official, Official.objects.select_related("photo", "organisation")),
                (Organisation, Organisation.objects.all()),
                (Venue, Venue.objects.all()),
            )
        }

    @property
    def locale(self):
        if self._locale is None:
            self._locale = Locale.objects.get(pk=self.locale_id)
        return self._locale

    def __call__(self, obj):
        if obj is None:
            return None
        return self._maps[type(obj)].get(obj.translation_key, obj)

    def officials(self):
        return sorted(self._maps[Official].values(), key=lambda o: (o.sort_order, o.full_name))

    def organisations(self):
        return sorted(self._maps[Organisation].values(), key=lambda o: (o.sort_order, o.name))

    def venues(self):
        return sorted(self._maps[Venue].values(), key=lambda v: v.name)

    def find(self, model, key):
        """The object of *model* in this locale with translation key (or slug) *key*."""
        for obj in self._maps[model].values():
            if str(obj.translation_key) == key or getattr(obj, "slug", None) == key:
                return obj
        return None


@dataclass(frozen=True)
class ScheduleRow:
    day: ReceptionDay
    official: Official
    organisation: Organisation
    venue: Venue
    mode: str
    moved_to: ReceptionDay | None
    official_url: str = ""

    @property
    def date(self):
        return self.day.date

    @property
    def start_time(self):
        return self.day.start_time

    @property
    def end_time(self):
        return self.day.end_time

    @property
    def status(self):
        return self.day.status

    @property
    def is_active(self):
        return self.day.status == DayStatus.SCHEDULED

    @property
    def mode_label(self):
        return ReceptionMode(self.mode).label

    @property
    def places_left(self):
        """Free places, where the rows were counted ``with_places_taken()``; else None."""
        if getattr(self.day, "places_taken", None) is None:
            return None
        return capacity.places_left(self.day)

    @property
    def phone(self):
        return self.official.reception_phone or self.organisation.phone

    @property
    def email(self):
        return self.official.reception_email or self.organisation.email


def schedule_rows(days, localizer=None, restriction_mode=None, official_url=None):
    """One row per day, in the localizer's language. *days* should come ``for_listing()``;
    *official_url* maps an official to the address of their page. Restriction mode (R19) turns
    only days still to come to video: a past day keeps the mode it was scheduled in."""
    localizer = localizer or Localizer()
    today = timezone.localdate()
    urls = {}
    if restriction_mode is None:
        restriction_mode = ReceptionSettings.load().restriction_mode
    rows = []
    for day in days:
        official = localizer(day.official)
        if official_url and official.pk not in urls:
            urls[official.pk] = official_url(official)
        rows.append(
            ScheduleRow(
                day=day,
                official=official,
                organisation=localizer(day.official.organisation),
                venue=localizer(day.venue),
                mode=ReceptionMode.VIDEO if restriction_mode and day.date >= today else day.mode,
                moved_to=day.moved_to,
                official_url=urls.get(official.pk, ""),
            )
        )
    return rows


def month_choices(today, end):
    """(YYYY-MM, first day) for each month from *today*'s to *end*'s."""
    months = []
    month = today.replace(day=1)
    while month <= end:
        months.append((f"{month:%Y-%m}", month))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months
