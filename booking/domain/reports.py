"""R03 (001 p.7; 002 p.7-1): every official in the schedule receives at least once a month.
What the editors' report and dashboard panel show."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from booking.domain.rules import horizon_end
from booking.models import Official, ReceptionDay


@dataclass(frozen=True)
class ScheduleGap:
    official: Official
    month: datetime.date  # first day of the month


def months_without_reception(today=None):
    """(official, month) pairs in the horizon where an active official has no reception day
    (001 p.7; 002 p.7-1). Two queries whatever the number of officials."""
    today = today or timezone.localdate()
    end = horizon_end(today)
    # The current month, then every month the horizon covers whole.
    months = [today.replace(day=1)]
    while months[-1] + relativedelta(months=2, days=-1) <= end:
        months.append(months[-1] + relativedelta(months=1))
    officials = list(
        Official.objects.active()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .select_related("organisation")
    )
    covered = set(
        ReceptionDay.objects.active()
        .filter(date__gte=months[0], date__lte=end)
        .values_list("official__translation_key", "date__year", "date__month")
        .distinct()
    )
    return [
        ScheduleGap(official, month)
        for official in officials
        for month in months
        if (official.translation_key, month.year, month.month) not in covered
    ]
