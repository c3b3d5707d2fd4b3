"""Schedule rules: the dates a rule names, its preview, its validation, and generating its
reception days up to the rolling horizon, skipping non-working days (R03, R31; 001 p.7,
002 p.7-1). Days are created and changed through ``booking.domain.days``."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booking.domain import capacity, days
from booking.domain.workdays import WorkingCalendar
from booking.enums import ChangeReason, DayStatus, Frequency
from booking.models import ReceptionDay, ReceptionSettings, ScheduleRule


def rule_dates(rule, start, end):
    """Every date *rule* names between *start* and *end* inclusive, working or not."""
    first = max(start, rule.valid_from)
    last = min(end, rule.valid_until) if rule.valid_until else end
    if first > last:
        return []
    dtstart = datetime.datetime.combine(rule.valid_from, datetime.time())
    until = datetime.datetime.combine(last, datetime.time())
    recurrence = rrulestr(f"RRULE:{rule.to_rrule()};UNTIL={until:%Y%m%dT%H%M%S}", dtstart=dtstart)
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


def horizon_end(today=None, reception_settings=None):
    """The last date the schedule reaches: rules make days up to it, lists and feeds stop at it."""
    today = today or timezone.localdate()
    months = (reception_settings or ReceptionSettings.load()).schedule_horizon_months
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
            days.create_from_rule(rule, occurrence)
            result.created += 1
        elif not day.edited_by_hand and _owned_by_rule(day) and days.follow_rule(day, rule):
            result.updated += 1
    for day in existing.values():
        if not day.edited_by_hand and day.status == DayStatus.SCHEDULED:
            if capacity.places_taken(day):
                # Applicants hold places: an editor moves or cancels it and they are told.
                result.kept += 1
                continue
            days.cancel_day(day, ChangeReason.SCHEDULE_CHANGED, by_rule=True)
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
