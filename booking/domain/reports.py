"""R03 (001 p.7; 002 p.7-1): every official in the schedule receives at least once a month.
What the editors' report and dashboard panel show; and the quarterly figures of R29."""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from booking.domain import deadlines
from booking.domain.rules import horizon_end
from booking.domain.workdays import WorkingCalendar
from booking.enums import (
    ATTENDED_STATUSES,
    Channel,
    DayStatus,
    RefusalGround,
    RequestAction,
    RequestStatus,
    Topic,
)
from booking.models import (
    Official,
    ReceptionDay,
    ReceptionRequest,
    ReceptionSettings,
    RequestEvent,
)


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


# R29 (001 p.38; 002 p.40): the results of reception work are reported at least quarterly.
# What follows computes a quarter's figures from the booking data; ``pages.reports`` shows them
# and freezes them when the report is published.


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, today=None):
        """The quarter before the one *today* is in."""
        today = today or timezone.localdate()
        return cls.of(cls.of(today).start - datetime.timedelta(days=1))

    @property
    def start(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        return self.start + relativedelta(months=3, days=-1)

    def months(self):
        return [self.start + relativedelta(months=n) for n in range(3)]


# Statuses reached only by a request that was given a date and time (R13).
SCHEDULED_OR_LATER = (
    RequestStatus.SCHEDULED,
    RequestStatus.RECEIVED,
    RequestStatus.NO_SHOW,
    RequestStatus.ON_CONTROL,
    RequestStatus.CLOSED,
)
# The answer of R13: the date and time, or the reasoned refusal.
ANSWER_ACTIONS = (RequestAction.SCHEDULE, RequestAction.REFUSE)


def _counts(values, choices):
    counts = Counter(values)
    return {code: counts.get(code, 0) for code in choices.values}


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def quarter_figures(quarter, organisation_key=None, calendar=None, today=None):
    """The figures of *quarter* for the organisation with *organisation_key* (every
    organisation when None), as plain JSON-ready data. Requests count by their registration
    date; the answer is the first date-and-time or refusal (R13), counted in working days by
    the one calendar (R31). Seven queries whatever the amount of data."""
    calendar = calendar or WorkingCalendar.from_db()
    today = today or timezone.localdate()
    reception_settings = ReceptionSettings.load()
    answer_days = deadlines.answer_deadline_days(reception_settings)
    requests = ReceptionRequest.objects.filter(
        registered_on__gte=quarter.start, registered_on__lte=quarter.end
    )
    days = ReceptionDay.objects.published().filter(
        date__gte=quarter.start, date__lte=min(quarter.end, today)
    )
    officials = Official.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    if organisation_key:
        requests = requests.filter(official__organisation__translation_key=organisation_key)
        days = days.filter(official__organisation__translation_key=organisation_key)
        officials = officials.filter(organisation__translation_key=organisation_key)
    rows = list(
        requests.values(
            "pk",
            "channel",
            "topic",
            "status",
            "refusal_ground",
            "received_at",
            "registered_on",
            "extended_on",
            "satisfaction",
        )
    )
    first_answers = dict(
        RequestEvent.objects.filter(reception_request__in=requests, action__in=ANSWER_ACTIONS)
        .values("reception_request_id")
        .annotate(first=Min("at"))
        .values_list("reception_request_id", "first")
    )
    on_time = sum(
        row["registered_on"]
        <= deadlines.registration_date(row["received_at"], calendar, reception_settings)
        for row in rows
    )
    taken = []
    registered = {row["pk"]: row["registered_on"] for row in rows}
    for pk, moment in first_answers.items():
        taken.append(calendar.working_days_between(registered[pk], timezone.localdate(moment)))
    within = sum(count <= answer_days for count in taken)
    statuses = Counter(row["status"] for row in rows)
    scores = [row["satisfaction"] for row in rows if row["satisfaction"]]
    return {
        "year": quarter.year,
        "quarter": quarter.number,
        "start": quarter.start.isoformat(),
        "end": quarter.end.isoformat(),
        "requests": len(rows),
        "by_channel": _counts((row["channel"] for row in rows), Channel),
        "by_topic": _counts((row["topic"] for row in rows), Topic),
        "registered_on_time": on_time,
        "outcomes": {
            "not_considered": statuses[RequestStatus.NOT_CONSIDERED],
            "returned": statuses[RequestStatus.RETURNED],
            "forwarded": statuses[RequestStatus.FORWARDED],
            "refused": statuses[RequestStatus.REFUSED],
            "scheduled": sum(statuses[status] for status in SCHEDULED_OR_LATER),
            "attended": sum(statuses[status] for status in ATTENDED_STATUSES),
            "no_show": statuses[RequestStatus.NO_SHOW],
            "withdrawn": statuses[RequestStatus.WITHDRAWN],
        },
        "refused_by_ground": _counts(
            (row["refusal_ground"] for row in rows if row["status"] == RequestStatus.REFUSED),
            RefusalGround,
        ),
        "answer_days": answer_days,
        "answered": len(taken),
        "answered_in_time": within,
        "answered_in_time_share": _share(within, len(taken)),
        "median_working_days": statistics.median(taken) if taken else None,
        "extended": sum(1 for row in rows if row["extended_on"]),
        "receptions": _receptions(quarter, days, officials, today),
        "days_cancelled": days.filter(status=DayStatus.CANCELLED).count(),
        "days_moved": days.filter(status=DayStatus.MOVED).count(),
        "satisfaction": {
            "surveyed": len(scores),
            "average": round(statistics.mean(scores), 2) if scores else None,
            "scores": {str(score): scores.count(score) for score in range(1, 6)},
        },
    }


def _receptions(quarter, days, officials, today):
    """Receptions held per official and month, against the at-least-monthly rule (R03)."""
    months = [month for month in quarter.months() if month <= today]
    held = Counter(
        (key, date.month)
        for key, date in days.filter(status=DayStatus.SCHEDULED).values_list(
            "official__translation_key", "date"
        )
    )
    names = {}
    for key, language, name in Official.objects.filter(
        translation_key__in=officials.values("translation_key")
    ).values_list("translation_key", "locale__language_code", "full_name"):
        names.setdefault(str(key), {})[language] = name
    result = []
    for official in officials.filter(is_active=True).order_by("sort_order", "full_name"):
        per_month = [held[(official.translation_key, month.month)] for month in months]
        result.append(
            {
                "official": str(official.translation_key),
                "names": names.get(str(official.translation_key), {}),
                "months": per_month,
                "total": sum(per_month),
                "months_without": sum(1 for count in per_month if not count),
            }
        )
    return {"months": [month.isoformat() for month in months], "officials": result}
