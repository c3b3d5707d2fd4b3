"""The working-day calendar: the one place that knows what "N working days" means (R31).

Public holidays come from the ``holidays`` package (country KZ); editors add the government's
decreed transfers as ``WorkingDayOverride`` rows (a day off moved to another date, a weekend day
made a working day), which win over the package. Saturdays and Sundays are days off (R31,
003 p.249). Every legal deadline is computed with it, in ``booking.domain.deadlines``.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from booking.enums import OverrideKind
from booking.models import WorkingDayOverride
from portal.i18n import current_language

# The package's English holiday names, translated in locale/kk and locale/ru. The package's own
# Kazakh names are not used: one catalogue keeps both languages consistent and correctable.
HOLIDAY_NAMES = {
    "New Year's Day": pgettext_lazy("public holiday", "New Year's Day"),
    "Orthodox Christmas": pgettext_lazy("public holiday", "Orthodox Christmas"),
    "International Women's Day": pgettext_lazy("public holiday", "International Women's Day"),
    "Constitution Day": pgettext_lazy("public holiday", "Constitution Day"),
    "Nowruz Holiday": pgettext_lazy("public holiday", "Nowruz Holiday"),
    "Kazakhstan's People Solidarity Holiday": pgettext_lazy(
        "public holiday", "Kazakhstan's People Solidarity Holiday"
    ),
    "Defender of the Fatherland Day": pgettext_lazy(
        "public holiday", "Defender of the Fatherland Day"
    ),
    "Victory Day": pgettext_lazy("public holiday", "Victory Day"),
    "Eid al-Adha": pgettext_lazy("public holiday", "Eid al-Adha"),
    "Capital Day": pgettext_lazy("public holiday", "Capital Day"),
    "Republic Day": pgettext_lazy("public holiday", "Republic Day"),
    "Independence Day": pgettext_lazy("public holiday", "Independence Day"),
}
_ESTIMATED = re.compile(r"\s*\(estimated\)")
_OBSERVED = re.compile(r"\s*\(observed\)")
_SUBSTITUTED = re.compile(r"Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)")


def holiday_label(name):
    """One of the package's English holiday names in the active language."""
    substituted = _SUBSTITUTED.match(name)
    if substituted:
        month, day, year = substituted.groups()
        # Translators: a weekend day off moved to a weekday by decree; date as 31.12.2026
        return pgettext("public holiday", "Day off (moved from %(date)s)") % {
            "date": f"{day}.{month}.{year}"
        }
    base = _ESTIMATED.sub("", name)
    observed = bool(_OBSERVED.search(base))
    base = _OBSERVED.sub("", base)
    label = str(HOLIDAY_NAMES.get(base, base))
    if observed:
        # Translators: a holiday that fell on a weekend, its day off carried over to a weekday
        return pgettext("public holiday", "%(holiday)s (carried-over day off)") % {"holiday": label}
    return label


@lru_cache(maxsize=64)
def _package_year(year):
    """({date: English name}, {weekend days made working}) for one year."""
    english = holidays.country_holidays("KZ", years=year, language="en_US")
    workdays = {day for day in english.weekend_workdays if day.year == year}
    return dict(english.items()), workdays


@dataclass
class WorkingCalendar:
    """Working days with the editors' overrides loaded once; build with ``from_db()``."""

    overrides: dict = field(default_factory=dict)  # {date: (kind, kk name, ru name)}

    @classmethod
    def from_db(cls):
        rows = WorkingDayOverride.objects.values_list("date", "kind", "name_kk", "name_ru")
        return cls({day: (kind, kk, ru) for day, kind, kk, ru in rows})

    def is_working_day(self, day):
        override = self.overrides.get(day)
        if override is not None:
            return override[0] == OverrideKind.WORKING_DAY
        names, weekend_workdays = _package_year(day.year)
        if day in weekend_workdays:
            return True
        if day.weekday() >= 5:
            return False
        return day not in names

    def non_working_reason(self, day, language=None):
        """Why *day* is not a working day, in *language* (the active one by default)."""
        if self.is_working_day(day):
            return None
        language = language or current_language()
        override = self.overrides.get(day)
        if override is not None:
            # Editors type the decree's names in both languages: data, not interface text.
            return override[1] if language == "kk" else override[2]
        name = _package_year(day.year)[0].get(day)
        with translation.override(language):
            if name:
                return "; ".join(holiday_label(part) for part in name.split("; "))
            # Translators: why a Saturday or Sunday has no reception
            return pgettext("non-working day", "Day off")

    def next_working_day(self, day):
        """The first working day strictly after *day*."""
        day += datetime.timedelta(days=1)
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def working_day_on_or_after(self, day):
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day, count):
        """The date *count* working days after *day* (before it for a negative count).

        Day one is the first working day after *day*, as deadlines "within N working days of
        registration" count from the day after."""
        step = datetime.timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start, end):
        """Working days after *start* up to and including *end* (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
