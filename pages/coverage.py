"""Reception days held without press coverage in both languages (R27: 003 p.31): coverage is
due within 1 working day of the reception, counted by the one working-day calendar (R31)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from booking.domain.workdays import WorkingCalendar
from booking.models import ReceptionDay
from pages.news import NewsPage

COVERAGE_WORKING_DAYS = 1  # 003 p.31
# How far back the press office is shown days still without coverage.
LOOK_BACK_DAYS = 31


@dataclass(frozen=True)
class Uncovered:
    day: ReceptionDay
    missing: tuple  # language codes without live coverage
    due: datetime.date
    working_days_left: int  # negative when overdue

    @property
    def overdue(self):
        return self.working_days_left < 0

    @property
    def missing_names(self):
        names = dict(settings.LANGUAGES)
        return [str(names[code]) for code in self.missing]

    @property
    def overdue_by(self):
        return max(0, -self.working_days_left)


def days_awaiting_coverage(today=None, calendar=None):
    """Days held up to *today* (within ``LOOK_BACK_DAYS``) that lack live coverage in kk or
    ru, oldest first, with the date it is due and the working days left. Three queries."""
    today = today or timezone.localdate()
    calendar = calendar or WorkingCalendar.from_db()
    days = list(
        ReceptionDay.objects.active()
        .published()
        .filter(date__lte=today, date__gte=today - datetime.timedelta(days=LOOK_BACK_DAYS))
        .select_related("official", "venue")
        .order_by("date", "start_time")
    )
    covered = set(
        NewsPage.reception_days.through.objects.filter(
            receptionday__in=[day.pk for day in days], newspage__live=True
        ).values_list("receptionday_id", "newspage__locale__language_code")
    )
    languages = [code for code, _name in settings.LANGUAGES]
    result = []
    for day in days:
        missing = tuple(code for code in languages if (day.pk, code) not in covered)
        if missing:
            due = calendar.add_working_days(day.date, COVERAGE_WORKING_DAYS)
            left = calendar.working_days_between(today, due)
            result.append(Uncovered(day, missing, due, left))
    return result
