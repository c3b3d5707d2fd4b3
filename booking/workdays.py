"""The working-day calendar: the one place that knows what "N working days" means.

Public holidays come from the ``holidays`` package (country KZ); editors add the government's
decreed transfers as ``WorkingDayOverride`` rows (a day off moved to another date, a weekend day
made a working day), which win over the package. Saturdays and Sundays are days off (R31,
003 p.249). Every legal deadline is computed here.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from booking.enums import OverrideKind
from portal.i18n import current_language

# The package has Kazakh and English names but no Russian ones; these are the official ones.
# It records decreed transfers it knows (a day off and the weekend day made working); editors'
# overrides add the ones it does not know yet and win over it.
RUSSIAN_HOLIDAY_NAMES = {
    "New Year's Day": "Новый год",
    "Orthodox Christmas": "Православное Рождество",
    "International Women's Day": "Международный женский день",
    "Constitution Day": "День Конституции",
    "Nowruz Holiday": "Наурыз мейрамы",
    "Kazakhstan's People Solidarity Holiday": "Праздник единства народа Казахстана",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "Victory Day": "День Победы",
    "Eid al-Adha": "Курбан айт",
    "Capital Day": "День Столицы",
    "Republic Day": "День Республики",
    "Independence Day": "День Независимости",
}
_SUFFIX = re.compile(r"\s*\((observed|estimated)\)")
_SUBSTITUTED = re.compile(r"Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)")


def _russian_name(name):
    """The Russian name of one of the package's English holiday names."""
    substituted = _SUBSTITUTED.match(name)
    if substituted:
        month, day, year = substituted.groups()
        return f"Выходной день (перенесён с {day}.{month}.{year})"
    base = _SUFFIX.sub("", name)
    russian = RUSSIAN_HOLIDAY_NAMES.get(base, base)
    return f"{russian} (перенос)" if "(observed)" in name else russian


@lru_cache(maxsize=64)
def _package_year(year):
    """({date: (kk name, ru name)}, {weekend days made working}) for one year."""
    english = holidays.country_holidays("KZ", years=year, language="en_US")
    kazakh = holidays.country_holidays("KZ", years=year, language="kk")
    names = {
        day: (kazakh.get(day, name), "; ".join(_russian_name(n) for n in name.split("; ")))
        for day, name in english.items()
    }
    workdays = {day for day in english.weekend_workdays if day.year == year}
    return names, workdays


def _package_holidays(year):
    return _package_year(year)[0]


@dataclass
class WorkingCalendar:
    """Working days with the editors' overrides loaded once; build with ``from_db()``."""

    overrides: dict = field(default_factory=dict)  # {date: (kind, kk name, ru name)}

    @classmethod
    def from_db(cls):
        from booking.models import WorkingDayOverride

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
        index = 0 if language == "kk" else 1
        override = self.overrides.get(day)
        if override is not None:
            return override[1 + index]
        names = _package_holidays(day.year).get(day)
        if names:
            return names[index]
        return ("Демалыс күні", "Выходной день")[index]

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


def calendar():
    return WorkingCalendar.from_db()


def is_working_day(day):
    return calendar().is_working_day(day)


def next_working_day(day):
    return calendar().next_working_day(day)


def add_working_days(day, count):
    return calendar().add_working_days(day, count)


def working_days_between(start, end):
    return calendar().working_days_between(start, end)
