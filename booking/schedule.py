"""Reception schedules: validating days and rules, generating days from rules, cancelling and
moving days, finding months without a reception. Views, admin and tasks all call these."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from booking.enums import (
    PLACE_HOLDING_STATUSES,
    ChangeReason,
    DayStatus,
    Frequency,
    ReceptionMode,
    WeekOfMonth,
)
from booking.models import Official, ReceptionDay, ReceptionSettings, ScheduleRule
from booking.workdays import WorkingCalendar

# --- reception days -------------------------------------------------------------------------


def validate_day(day, calendar=None):
    """Refuse a day that ends before it starts, falls on a non-working day, overlaps another
    reception of the same official, or has fewer places than applicants already hold."""
    errors = {}
    if day.start_time and day.end_time and day.end_time <= day.start_time:
        errors["end_time"] = _("The reception must end after it starts.")
    if day.date and day.status == DayStatus.SCHEDULED:
        calendar = calendar or WorkingCalendar.from_db()
        if not calendar.is_working_day(day.date):
            errors["date"] = _("%(date)s is not a working day (%(reason)s).") % {
                "date": date_format(day.date, "SHORT_DATE_FORMAT"),
                "reason": calendar.non_working_reason(day.date),
            }
    if errors:
        raise ValidationError(errors)
    complete = day.official_id and day.date and day.start_time and day.end_time
    if complete and day.status == DayStatus.SCHEDULED:
        clash = (
            ReceptionDay.objects.active()
            .filter(
                official__translation_key=day.official.translation_key,
                date=day.date,
                start_time__lt=day.end_time,
                end_time__gt=day.start_time,
            )
            .exclude(pk=day.pk)
            .first()
        )
        if clash:
            raise ValidationError(
                _("This official already receives %(start)s–%(end)s on that day.")
                % {"start": f"{clash.start_time:%H:%M}", "end": f"{clash.end_time:%H:%M}"}
            )
    if day.pk and day.capacity is not None:
        taken = places_taken(day)
        if day.capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)s applicants already hold a place on this day; "
                        "places cannot be fewer."
                    )
                    % {"taken": taken}
                }
            )


def places_taken(day):
    """Applicants holding a place on *day*: requests registered, under review or scheduled."""
    return day.place_holders.filter(status__in=PLACE_HOLDING_STATUSES).count()


@transaction.atomic
def cancel_day(day, reason, note=""):
    """Cancel *day* (R20): it stays published, marked cancelled, with its reason."""
    if reason not in ChangeReason.values:
        raise ValidationError(_("Choose the reason for the change."))
    day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
    if day.status != DayStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled reception day can be cancelled."))
    day.status = DayStatus.CANCELLED
    day.change_reason = reason
    day.change_note = note
    day.save()
    return day


@transaction.atomic
def move_day(day, *, date, start_time, end_time, venue=None, reason, note=""):
    """Move *day* to another date or time (R20). The old day stays, marked moved and pointing to
    the new one, so calendars and applicants see both; the new day is a reception of its own."""
    if reason not in ChangeReason.values:
        raise ValidationError(_("Choose the reason for the change."))
    day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
    if day.status != DayStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled reception day can be moved."))
    new_day = ReceptionDay(
        official=day.official,
        venue=venue or day.venue,
        date=date,
        start_time=start_time,
        end_time=end_time,
        mode=day.mode,
        capacity=day.capacity,
        kind=day.kind,
        basis=day.basis,
    )
    # Validate the new day as if the old one were already gone (it may overlap itself).
    day.status = DayStatus.MOVED
    day.change_reason = reason
    day.change_note = note
    day.save()
    holders = list(day.place_holders.select_for_update().filter(status__in=PLACE_HOLDING_STATUSES))
    new_day.capacity = max(new_day.capacity, len(holders))
    new_day.full_clean()
    new_day.save()
    day.moved_to = new_day
    day.save(update_fields=["moved_to", "updated_at"])
    _follow_the_move(holders, new_day)
    return new_day


def _follow_the_move(requests, new_day):
    """Applicants holding a place keep it on the new day and are told (R20, 001 p.16)."""
    from django.utils import translation

    from booking.models import RequestEvent

    for request in requests:
        request.preferred_day = new_day
        request.save(update_fields=["preferred_day"])
        with translation.override(request.language):
            note = _("The reception is moved to %(date)s, %(start)s.") % {
                "date": date_format(new_day.date, "j E Y"),
                "start": f"{new_day.start_time:%H:%M}",
            }
        RequestEvent.objects.create(request=request, status=request.status, public_note=note)
        transaction.on_commit(lambda pk=request.pk: _notify_day_changed(pk))


def _notify_day_changed(request_pk):
    from django_q.tasks import async_task

    async_task("booking.tasks.send_day_changed", request_pk)


# --- schedule rules -------------------------------------------------------------------------


def rule_to_rrule(rule):
    """The RFC 5545 RRULE of *rule*, e.g. ``FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU``."""
    parts = []
    if rule.frequency == Frequency.WEEKLY:
        parts = ["FREQ=WEEKLY", f"INTERVAL={rule.interval}", f"BYDAY={rule.weekday}"]
    elif rule.frequency == Frequency.MONTHLY_WEEKDAY:
        parts = [
            "FREQ=MONTHLY",
            f"INTERVAL={rule.interval}",
            f"BYDAY={rule.week_of_month}{rule.weekday}",
        ]
    elif rule.frequency == Frequency.MONTHLY_DAY:
        parts = ["FREQ=MONTHLY", f"INTERVAL={rule.interval}", f"BYMONTHDAY={rule.day_of_month}"]
    return ";".join(parts)


def describe_rule(rule):
    """*rule* in words of the active language: "every second Tuesday, 15:00–18:00"."""
    hours = f"{rule.start_time:%H:%M}–{rule.end_time:%H:%M}" if rule.start_time else ""
    weekday = rule.get_weekday_display()
    if rule.frequency == Frequency.WEEKLY:
        text = _("every week on %(weekday)s") % {"weekday": weekday}
        if rule.interval > 1:
            text = _("every %(n)s weeks on %(weekday)s") % {"n": rule.interval, "weekday": weekday}
    elif rule.frequency == Frequency.MONTHLY_WEEKDAY:
        text = _("%(week)s %(weekday)s of the month") % {
            "week": WeekOfMonth(rule.week_of_month).label if rule.week_of_month else "",
            "weekday": weekday,
        }
    elif rule.frequency == Frequency.MONTHLY_DAY:
        text = _("day %(day)s of each month") % {"day": rule.day_of_month}
    else:
        text = ""
    if rule.frequency != Frequency.WEEKLY and rule.interval and rule.interval > 1:
        text = _("%(rule)s, every %(n)s months") % {"rule": text, "n": rule.interval}
    return f"{text}, {hours}" if hours else text


def rule_dates(rule, start, end):
    """Every date *rule* names between *start* and *end* inclusive, working or not."""
    first = max(start, rule.valid_from)
    last = min(end, rule.valid_until) if rule.valid_until else end
    if first > last:
        return []
    dtstart = datetime.datetime.combine(rule.valid_from, datetime.time())
    until = datetime.datetime.combine(last, datetime.time())
    recurrence = rrulestr(
        f"RRULE:{rule_to_rrule(rule)};UNTIL={until:%Y%m%dT%H%M%S}", dtstart=dtstart
    )
    return [moment.date() for moment in recurrence if moment.date() >= first]


@dataclass(frozen=True)
class PlannedDate:
    date: datetime.date
    working: bool
    reason: str | None


def preview_rule(rule, start=None, end=None, calendar=None):
    """The dates *rule* names in the horizon, each marked working or not (with the reason)."""
    calendar = calendar or WorkingCalendar.from_db()
    start = start or timezone.localdate()
    end = end or horizon_end(start)
    return [
        PlannedDate(day, calendar.is_working_day(day), calendar.non_working_reason(day))
        for day in rule_dates(rule, start, end)
    ]


def horizon_end(today=None):
    today = today or timezone.localdate()
    months = ReceptionSettings.load().schedule_horizon_months
    return today + relativedelta(months=months)


def validate_rule(rule):
    errors = {}
    if not rule.frequency:
        errors["frequency"] = _("Choose how the reception repeats.")
    if not rule.interval or rule.interval < 1:
        errors["interval"] = _("Repeat every 1 or more weeks or months.")
    if rule.start_time and rule.end_time and rule.end_time <= rule.start_time:
        errors["end_time"] = _("The reception must end after it starts.")
    if rule.valid_from and rule.valid_until and rule.valid_until < rule.valid_from:
        errors["valid_until"] = _("The rule must end after it begins.")
    if rule.frequency in (Frequency.WEEKLY, Frequency.MONTHLY_WEEKDAY) and not rule.weekday:
        errors["weekday"] = _("Choose the weekday.")
    if rule.frequency == Frequency.MONTHLY_WEEKDAY and not rule.week_of_month:
        errors["week_of_month"] = _("Choose the week of the month.")
    if rule.frequency == Frequency.MONTHLY_DAY and not (1 <= (rule.day_of_month or 0) <= 28):
        errors["day_of_month"] = _("Choose a day from 1 to 28.")
    if errors:
        raise ValidationError(errors)
    if rule.valid_from and rule.start_time and rule.end_time:
        year_later = rule.valid_from + relativedelta(years=1)
        planned = preview_rule(rule, rule.valid_from, year_later)
        if not any(item.working for item in planned):
            raise ValidationError(
                _("This rule creates no reception day on a working day within a year.")
            )


@dataclass
class GenerationResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    skipped: int = 0
    kept: int = 0  # days the rule no longer names but applicants hold places on


@transaction.atomic
def generate_days(rule, today=None, calendar=None):
    """Create *rule*'s reception days up to the horizon and bring the ones it still owns in line.

    Never on a non-working day; never a second day for an occurrence that exists (created or
    changed by hand); future days the rule no longer names are cancelled, not deleted, so that
    subscribed calendars see the change."""
    today = today or timezone.localdate()
    calendar = calendar or WorkingCalendar.from_db()
    result = GenerationResult()
    end = horizon_end(today)
    wanted = []
    if rule.is_active:
        for planned in preview_rule(rule, today, end, calendar):
            if planned.working:
                wanted.append(planned.date)
            else:
                result.skipped += 1
    existing = {
        day.rule_occurrence: day
        for day in ReceptionDay.objects.select_for_update().filter(
            rule=rule, rule_occurrence__gte=today
        )
    }
    for occurrence in wanted:
        day = existing.pop(occurrence, None)
        if day is None:
            ReceptionDay.objects.create(
                official=rule.official,
                venue=rule.venue,
                date=occurrence,
                start_time=rule.start_time,
                end_time=rule.end_time,
                mode=rule.mode,
                capacity=rule.capacity,
                rule=rule,
                rule_occurrence=occurrence,
            )
            result.created += 1
        elif not day.edited_by_hand and _owned_by_rule(day):
            fields = ("official_id", "venue_id", "start_time", "end_time", "mode", "capacity")
            before = [getattr(day, name) for name in fields]
            day.official, day.venue = rule.official, rule.venue
            day.start_time, day.end_time = rule.start_time, rule.end_time
            # Never fewer places than applicants already hold.
            day.mode, day.capacity = rule.mode, max(rule.capacity, places_taken(day))
            if day.status == DayStatus.CANCELLED:
                # The rule names this date again: the day it had cancelled comes back.
                day.status, day.change_reason = DayStatus.SCHEDULED, ""
            if before != [getattr(day, name) for name in fields] or day.significant_changes():
                day.save(by_rule=True)
                result.updated += 1
    for day in existing.values():
        if not day.edited_by_hand and day.status == DayStatus.SCHEDULED:
            if places_taken(day):
                # Applicants hold places: an editor moves or cancels it and they are told.
                result.kept += 1
                continue
            day.status = DayStatus.CANCELLED
            day.change_reason = ChangeReason.SCHEDULE_CHANGED
            day.save(by_rule=True)
            result.cancelled += 1
    return result


def _owned_by_rule(day):
    """Scheduled, or cancelled by the rule itself (not by an editor)."""
    return day.status == DayStatus.SCHEDULED or (
        day.status == DayStatus.CANCELLED and day.change_reason == ChangeReason.SCHEDULE_CHANGED
    )


def extend_all_schedules(today=None):
    """Run every rule up to the rolling horizon (the daily task)."""
    calendar = WorkingCalendar.from_db()
    total = GenerationResult()
    for rule in ScheduleRule.objects.select_related("official", "venue"):
        result = generate_days(rule, today=today, calendar=calendar)
        total.created += result.created
        total.updated += result.updated
        total.cancelled += result.cancelled
        total.skipped += result.skipped
        total.kept += result.kept
    return total


# --- R03: every official receives at least once a month ------------------------------------


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


def effective_mode(day, restriction_mode):
    """The mode the public sees: video only while restrictive measures are in force (R19)."""
    return ReceptionMode.VIDEO if restriction_mode else day.mode
