"""Every legal deadline of a sign-up request, by rule, computed by the one working-day calendar.

The numbers a region may set differently are site settings (``ReceptionSettings``), read only
here; templates and e-mails show them from here, never typed in.

- R09 (001 p.21): a request is registered on the day it arrives; one that arrives on a
  non-working day (or after working hours) is registered on the next working day.
- R13 (002 p.29; 001 p.25): within 15 working days of registration the applicant gets the date
  and time of the reception, or the reasoned refusal.

The workflow adds R08, R11, R14 and R15 here.
"""

from django.utils import timezone

from booking.domain.workdays import WorkingCalendar
from booking.models import ReceptionSettings


def answer_deadline_days(reception_settings=None):
    """R13: working days from registration to the answer (15 unless the region sets another)."""
    return (reception_settings or ReceptionSettings.load()).answer_deadline_days


def registration_date(received_at, calendar=None, reception_settings=None):
    """R09: the day a request is registered: the day it arrives if that is a working day and it
    arrives before the end of working hours; otherwise the next working day."""
    calendar = calendar or WorkingCalendar.from_db()
    reception_settings = reception_settings or ReceptionSettings.load()
    local = timezone.localtime(received_at)
    day = local.date()
    if calendar.is_working_day(day) and local.time() < reception_settings.work_end:
        return day
    return calendar.next_working_day(day)


def answer_due(registered_on, calendar=None, reception_settings=None):
    """R13: the date by which the applicant gets the date and time or a reasoned refusal."""
    calendar = calendar or WorkingCalendar.from_db()
    return calendar.add_working_days(registered_on, answer_deadline_days(reception_settings))
