"""Every legal deadline of a sign-up request, by rule, computed by the one working-day calendar.

The numbers a region may set differently are site settings (``ReceptionSettings``), read only
here; templates and e-mails show them from here, never typed in.

- R09 (001 p.21): a request is registered on the day it arrives; one that arrives on a
  non-working day (or after working hours) is registered on the next working day.
- R13 (002 p.29; 001 p.25): within 15 working days of registration the applicant gets the date
  and time of the reception, or the reasoned refusal; the date and time follow the answer within
  2 working days.
- R08 (001 p.6; APPK art. 63): a request to correct gets a reasonable deadline (a setting).
- R10 (003 p.195): a request outside the body's competence is forwarded within 3 working days of
  its arrival.
- R11 (001 p.22; 002 p.26): the reference information with a proposal is ready 5 working days
  before the reception.
- R12 (001 p.24; 002 p.28): the final list of a day's applicants goes to the official the working
  day before the reception.
- R14 (001 p.26): an extension reaches at most 30 calendar days from registration for a complex
  question, or two months by a reasoned decision; the applicant is told within 3 working days.
- R15 (001 p.28): the draft refusal goes to the applicant at least 3 working days before the
  refusal, for the hearing.
"""

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from booking.domain.workdays import WorkingCalendar
from booking.enums import DeadlineKind, RequestAction, RequestStatus
from booking.models import ReceptionSettings


def answer_deadline_days(reception_settings=None):
    """R13: working days from registration to the answer (15 unless the region sets another)."""
    return _settings(reception_settings).answer_deadline_days


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


# R14 (001 p.26): fixed by the law, not by the region.
COMPLEX_QUESTION_LIMIT = relativedelta(days=30)
REASONED_DECISION_LIMIT = relativedelta(months=2)


def _settings(reception_settings):
    return reception_settings or ReceptionSettings.load()


def _calendar(calendar):
    return calendar or WorkingCalendar.from_db()


def date_notice_due(answered_on, calendar=None, reception_settings=None):
    """R13 (001 p.25): the date and time reach the applicant within 2 working days of the
    answer."""
    days = _settings(reception_settings).date_notice_days
    return _calendar(calendar).add_working_days(answered_on, days)


def corrections_due(asked_on, calendar=None, reception_settings=None):
    """R08 (001 p.6): the day by which the applicant corrects the request; after it, the
    request is returned."""
    days = _settings(reception_settings).corrections_days
    return _calendar(calendar).add_working_days(asked_on, days)


def forwarding_due(registered_on, calendar=None, reception_settings=None):
    """R10 (003 p.195): the day by which a request outside the body's competence is
    forwarded to the competent one."""
    days = _settings(reception_settings).forwarding_days
    return _calendar(calendar).add_working_days(registered_on, days)


def reference_due(reception_date, calendar=None, reception_settings=None):
    """R11 (001 p.22): the day the reference information with a proposal is ready: 5 working
    days before the reception."""
    days = _settings(reception_settings).reference_days_before
    return _calendar(calendar).add_working_days(reception_date, -days)


def extension_limit(registered_on, reasoned_decision=False):
    """R14 (001 p.26): the latest answer date an extension may set: 30 calendar days from
    registration for a complex question, two months by a reasoned decision of the head."""
    limit = REASONED_DECISION_LIMIT if reasoned_decision else COMPLEX_QUESTION_LIMIT
    return registered_on + limit


def extension_notice_due(extended_on, calendar=None, reception_settings=None):
    """R14 (001 p.26): the day by which the applicant is told of the extension."""
    days = _settings(reception_settings).extension_notice_days
    return _calendar(calendar).add_working_days(extended_on, days)


def hearing_ends(draft_sent_on, calendar=None, reception_settings=None):
    """R15 (001 p.28): the first day a refusal may be decided, the hearing period after the
    draft refusal was sent having passed."""
    days = _settings(reception_settings).hearing_days
    return _calendar(calendar).add_working_days(draft_sent_on, days)


def final_list_due(reception_date, calendar=None):
    """R12 (001 p.24): the day the final list of applicants goes to the official: the working
    day before the reception."""
    return _calendar(calendar).add_working_days(reception_date, -1)


def new_date_due(cancelled_on, calendar=None, reception_settings=None):
    """R20 with R13 (001 p.16, p.25): after a reception day is cancelled, its applicants get a
    new date and time as an answer does, within the date notice period."""
    return date_notice_due(cancelled_on, calendar, reception_settings)


def _day_cancelled_on(reception_request):
    """The day the request's reception day was last cancelled (R20), from its history."""
    cancelled = (
        reception_request.events.filter(action=RequestAction.DAY_CANCELLED)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(cancelled) if cancelled else None


def next_deadline(reception_request, calendar=None, reception_settings=None, today=None):
    """The next thing the office owes on *reception_request*: ``(date, DeadlineKind)``, or
    ``(None, "")`` once nothing is owed. Stored on the request at every step of its history
    (``booking.domain.workflow``), so that the queue sorts and filters by it."""
    calendar = _calendar(calendar)
    today = today or timezone.localdate()
    status = reception_request.status
    day = reception_request.preferred_day
    owed = []
    if reception_request.notice_due:
        owed.append((reception_request.notice_due, DeadlineKind.NOTICE))
    if status in (RequestStatus.REGISTERED, RequestStatus.UNDER_REVIEW, RequestStatus.HEARING):
        owed.append((reception_request.answer_due, DeadlineKind.ANSWER))
    if status == RequestStatus.REGISTERED:
        # R10: whether it is in the body's competence is settled in time to forward it.
        forwarding = forwarding_due(reception_request.registered_on, calendar, reception_settings)
        owed.append((forwarding, DeadlineKind.FORWARDING))
    elif status == RequestStatus.CORRECTIONS and reception_request.corrections_due:
        owed.append((reception_request.corrections_due, DeadlineKind.CORRECTIONS))
    elif status == RequestStatus.SCHEDULED and day is None:
        cancelled_on = _day_cancelled_on(reception_request) or today
        owed.append(
            (new_date_due(cancelled_on, calendar, reception_settings), DeadlineKind.NEW_DATE)
        )
    elif status == RequestStatus.SCHEDULED:
        if not reception_request.reference_on:
            owed.append(
                (reference_due(day.date, calendar, reception_settings), DeadlineKind.REFERENCE)
            )
        owed.append((day.date, DeadlineKind.RECEPTION))
    elif status == RequestStatus.RECEIVED and day is not None:
        # R23 (001 p.19): the protocol records the reception's results.
        owed.append((day.date, DeadlineKind.PROTOCOL))
    elif status == RequestStatus.ON_CONTROL:
        first = reception_request.assignments.filter(closed_on__isnull=True).order_by("due")
        due = first.values_list("due", flat=True).first()
        if due:
            owed.append((due, DeadlineKind.ASSIGNMENT))
    if not owed:
        return None, ""
    return min(owed, key=lambda item: item[0])
