"""Every message the portal sends, as an outbox row written in the caller's transaction.

A change that tells someone (a registration, a step of the workflow, a moved or cancelled day)
writes its ``OutboxMessage`` in the same transaction: if the change rolls back, so does the
message, and once it commits the message cannot be lost. A django-q2 task is queued on commit to
send it at once; a schedule every minute sends whatever is due (a task lost with a stopped worker,
a retry). Sending claims the row first, so the same task delivered twice sends once.

Failures are retried with a growing back-off (1, 2, 4… minutes, at most 4 hours apart) for
``PORTAL_MESSAGE_RETRY_HOURS`` (48 by default), then the row is marked failed: staff see it in the
outbox screen and ``/healthz`` counts it. The daily jobs (reminders, surveys, digests, the final
lists, the retention purge) select their rows here too.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_q.tasks import async_task

from booking.domain import validators
from booking.domain.workdays import WorkingCalendar
from booking.enums import ATTENDED_STATUSES, OPEN_STATUSES, RequestAction, RequestStatus
from booking.models import (
    MessageChannel,
    MessageKind,
    MessageStatus,
    OutboxMessage,
    ReceptionDay,
    ReceptionRequest,
    RequestAttachment,
)

logger = logging.getLogger(__name__)

SEND_TASK = "booking.tasks.send_message"
# A worker holds a claimed row this long; if it dies while sending, another one retries after.
CLAIM = datetime.timedelta(minutes=10)
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=4)
# A pending message older than this is overdue: something (worker, mail server) is wrong.
OVERDUE_AFTER = datetime.timedelta(minutes=15)
# Without an e-mail these go by SMS (the phone is stored in E.164); the others the office tells
# by phone or post, as the queue's notice deadline reminds it.
SMS_KINDS = frozenset({MessageKind.TICKET, MessageKind.REMINDER, MessageKind.UPDATE})
SMS_ACTIONS = frozenset({RequestAction.SCHEDULE})
# Only those received lately: never a wave of surveys about old receptions.
SURVEY_WINDOW = datetime.timedelta(days=30)
# Closed for good: their personal data goes after the retention period.
FINISHED = (
    RequestStatus.CLOSED,
    RequestStatus.REFUSED,
    RequestStatus.NOT_CONSIDERED,
    RequestStatus.RETURNED,
    RequestStatus.WITHDRAWN,
    RequestStatus.FORWARDED,
    RequestStatus.NO_SHOW,
)
# R11–R13 digest: deadlines within this many working days, or passed.
DIGEST_WORKING_DAYS = 2


def retry_period():
    return datetime.timedelta(hours=getattr(settings, "PORTAL_MESSAGE_RETRY_HOURS", 48))


def retention_days():
    """Days after a request is finished before its personal data is erased (docs/decisions.md)."""
    return getattr(settings, "PORTAL_RETENTION_DAYS", 5 * 365)


def office_address(official=None):
    """Where staff messages about *official*'s requests go: the official's reception office,
    else the portal's reception office address."""
    address = getattr(official, "reception_email", "") if official is not None else ""
    return address or getattr(settings, "PORTAL_OFFICE_EMAIL", settings.DEFAULT_FROM_EMAIL)


def queue(kind, *, recipient, language, channel=MessageChannel.EMAIL, **about):
    """Write one outbox row in the caller's transaction and send it once that commits."""
    message = OutboxMessage.objects.create(
        kind=kind,
        channel=channel,
        recipient=recipient,
        language=language,
        next_attempt_at=timezone.now(),
        **about,
    )
    transaction.on_commit(lambda: async_task(SEND_TASK, message.pk))
    return message


def to_applicant(reception_request, kind, event=None):
    """The applicant's message of *kind* by e-mail, or by SMS where they gave no e-mail and the
    message is one that goes by SMS; none (``None``) when they can be reached by neither."""
    if reception_request.email:
        channel, recipient = MessageChannel.EMAIL, reception_request.email
    elif reception_request.phone and _goes_by_sms(kind, event):
        channel, recipient = MessageChannel.SMS, reception_request.phone
    else:
        return None
    return queue(
        kind,
        recipient=recipient,
        language=reception_request.language,
        channel=channel,
        reception_request=reception_request,
        event=event,
    )


def _goes_by_sms(kind, event):
    if kind == MessageKind.UPDATE:
        return event is not None and event.action in SMS_ACTIONS
    return kind in SMS_KINDS


def day_cancelled_alert(day, numbers):
    """The reception office is told that a day with applicants is cancelled."""
    if not numbers:
        return None
    return queue(
        MessageKind.DAY_CANCELLED_ALERT,
        recipient=office_address(day.official),
        language=settings.LANGUAGE_CODE,
        day=day,
    )


# Sending: claim, then record the outcome.


def claim(pk, now=None):
    """Take the row *pk* for sending if it is pending, due and held by no other worker: one
    conditional UPDATE, atomic on every database (PostgreSQL locks the row for it). Returns
    the row, or ``None`` when there is nothing to send (sent already, or another worker has it)."""
    now = now or timezone.now()
    taken = (
        OutboxMessage.objects.due(now)
        .filter(pk=pk)
        .update(claimed_until=now + CLAIM, attempts=F("attempts") + 1)
    )
    if not taken:
        return None
    return OutboxMessage.objects.select_related("reception_request", "event", "day__official").get(
        pk=pk
    )


def record_sent(message, now=None):
    message.status = MessageStatus.SENT
    message.sent_at = now or timezone.now()
    message.claimed_until = None
    message.error, message.error_code = "", None
    message.save(update_fields=["status", "sent_at", "claimed_until", "error", "error_code"])
    logger.info("Message %s (%s) sent, attempt %s", message.pk, message.kind, message.attempts)


def backoff(attempts):
    """The wait after the *attempts*-th failed attempt: doubling from a minute, at most 4 h."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def record_failure(message, error, code=None, *, permanent=False, now=None):
    """An attempt failed for *error* (a ``SendError``; the server's reply *code* if any). Retried
    with a growing back-off until the retry period from the row's creation is over, then
    failed; *permanent* (nothing to send, the template broken) fails it at once."""
    now = now or timezone.now()
    message.error, message.error_code = error, code
    message.claimed_until = None
    gave_up = now - message.created_at >= retry_period()
    if permanent or gave_up:
        message.status = MessageStatus.FAILED
    else:
        message.next_attempt_at = now + backoff(message.attempts)
    message.save(
        update_fields=["status", "error", "error_code", "claimed_until", "next_attempt_at"]
    )
    logger.warning(
        "Message %s (%s) attempt %s failed: %s%s; %s",
        message.pk,
        message.kind,
        message.attempts,
        error,
        f" {code}" if code else "",
        "failed"
        if message.status == MessageStatus.FAILED
        else f"retry at {message.next_attempt_at}",
    )
    return message


def resend(message):
    """Staff send a message again (failed, or sent and lost by the recipient)."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.PENDING,
            next_attempt_at=timezone.now(),
            claimed_until=None,
            error="",
            error_code=None,
        )
        transaction.on_commit(lambda: async_task(SEND_TASK, message.pk))
    message.refresh_from_db()
    return message


def due_ids(now=None, limit=200):
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.due(now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def counts(now=None):
    """What ``/healthz`` reports: failed messages, and pending ones that are overdue."""
    now = now or timezone.now()
    return {
        "failed": OutboxMessage.objects.failed().count(),
        "overdue": OutboxMessage.objects.overdue(now - OVERDUE_AFTER).count(),
    }


# The daily selections.


def _already(kind, **about):
    return OutboxMessage.objects.filter(kind=kind, **about).exists()


def reminder_dates(today, calendar=None):
    """The reception dates reminded of on *today*: after it, up to its next working day (on a
    Friday: Saturday to Monday; before a holiday, the holiday too)."""
    calendar = calendar or WorkingCalendar.from_db()
    until = calendar.next_working_day(today)
    return today + datetime.timedelta(days=1), until


@transaction.atomic
def send_reminders(today=None, calendar=None):
    """The working day before their reception, scheduled applicants get a reminder (once)."""
    today = today or timezone.localdate()
    start, end = reminder_dates(today, calendar)
    reminded = OutboxMessage.objects.filter(
        kind=MessageKind.REMINDER, reception_request=OuterRef("pk"), day=OuterRef("preferred_day")
    )
    requests = (
        ReceptionRequest.objects.filter(
            status=RequestStatus.SCHEDULED,
            preferred_day__date__gte=start,
            preferred_day__date__lte=end,
        )
        .exclude(Exists(reminded))
        .select_related("preferred_day")
    )
    queued = 0
    for reception_request in requests:
        if to_applicant_with_day(reception_request, MessageKind.REMINDER) is not None:
            queued += 1
    return queued


def to_applicant_with_day(reception_request, kind):
    """A message about the request's reception day (reminder): the day recorded on the row."""
    message = to_applicant(reception_request, kind)
    if message is not None:
        message.day = reception_request.preferred_day
        message.save(update_fields=["day"])
    return message


@transaction.atomic
def send_surveys(today=None):
    """R28 (001 p.36): a survey link to those received at the reception, once per request."""
    since = timezone.now() - SURVEY_WINDOW
    received = (
        ReceptionRequest.objects.filter(
            status__in=ATTENDED_STATUSES,
            satisfaction__isnull=True,
        )
        .filter(events__action=RequestAction.ATTENDED, events__at__gte=since)
        .exclude(email="")
        .distinct()
    )
    asked = OutboxMessage.objects.filter(kind=MessageKind.SURVEY).values("reception_request")
    queued = 0
    for reception_request in received.exclude(pk__in=asked):
        to_applicant(reception_request, MessageKind.SURVEY)
        queued += 1
    return queued


def digest_requests(today, calendar=None):
    """Open requests (and those under control) whose next deadline falls within 2 working days
    of *today* or has passed, by deadline."""
    calendar = calendar or WorkingCalendar.from_db()
    until = calendar.add_working_days(today, DIGEST_WORKING_DAYS)
    return (
        ReceptionRequest.objects.filter(due_on__lte=until)
        .filter(Q(status__in=OPEN_STATUSES) | Q(status=RequestStatus.ON_CONTROL))
        .select_related("official")
        .order_by("due_on", "received_at", "pk")
    )


@transaction.atomic
def send_digests(today=None, calendar=None):
    """Each reception office gets the day's digest of deadlines close or passed (once a day)."""
    today = today or timezone.localdate()
    offices = {office_address(r.official) for r in digest_requests(today, calendar)}
    started = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    queued = 0
    for address in sorted(offices):
        if _already(MessageKind.DIGEST, recipient=address, created_at__gte=started):
            continue
        queue(MessageKind.DIGEST, recipient=address, language=settings.LANGUAGE_CODE)
        queued += 1
    return queued


def digest_for(address, today, calendar=None):
    """The digest's rows for one office address."""
    return [r for r in digest_requests(today, calendar) if office_address(r.official) == address]


@transaction.atomic
def send_final_lists(today=None, calendar=None):
    """R12 (001 p.24): the working day before, each day's final list of applicants goes to the
    official's reception office (once per day)."""
    today = today or timezone.localdate()
    start, end = reminder_dates(today, calendar)
    listed = OutboxMessage.objects.filter(kind=MessageKind.FINAL_LIST, day=OuterRef("pk"))
    days = (
        ReceptionDay.objects.filter(
            date__gte=start, date__lte=end, place_holders__status=RequestStatus.SCHEDULED
        )
        .exclude(Exists(listed))
        .distinct()
    )
    queued = 0
    for day in days.select_related("official"):
        queue(
            MessageKind.FINAL_LIST,
            recipient=office_address(day.official),
            language=settings.LANGUAGE_CODE,
            day=day,
        )
        queued += 1
    return queued


# Retention.

ERASED = {
    "surname": "—",
    "given_name": "",
    "patronymic": "",
    "iin": "",
    "document_number": "",
    "bin": "",
    "legal_entity": "",
    "phone": "",
    "email": "",
    "postal_address": "",
    "question": "",
    "objection": "",
    "satisfaction_comment": "",
    "video_link": "",
}


@transaction.atomic
def purge_personal_data(today=None):
    """Erase the personal data of requests finished more than the retention period ago: the
    number, dates, statuses and history stay for the reports (R29); the applicant's name,
    IIN, contacts, question and documents go, and so do the addresses in the outbox."""
    today = today or timezone.localdate()
    before = today - datetime.timedelta(days=retention_days())
    finished = ReceptionRequest.objects.filter(status__in=FINISHED).exclude(phone="", email="")
    stale = finished.exclude(events__at__date__gt=before).filter(received_at__date__lte=before)
    ids = list(stale.values_list("pk", flat=True))
    for reception_request in ReceptionRequest.objects.filter(pk__in=ids):
        if reception_request.authority_document:
            reception_request.authority_document.delete(save=False)
    for attachment in RequestAttachment.objects.filter(reception_request__in=ids):
        attachment.file.delete(save=False)
    RequestAttachment.objects.filter(reception_request__in=ids).delete()
    ReceptionRequest.objects.filter(pk__in=ids).update(authority_document="", **ERASED)
    OutboxMessage.objects.filter(reception_request__in=ids).update(recipient="")
    logger.info("Personal data erased from %s finished requests", len(ids))
    return len(ids)


def _same_contact(reception_request, contact):
    """The channel the tracking link goes by when *contact* is the request's e-mail or phone."""
    contact = (contact or "").strip()
    if "@" in contact:
        if reception_request.email and reception_request.email.casefold() == contact.casefold():
            return MessageChannel.EMAIL
        return None
    try:
        phone = validators.normalise_phone(contact)
    except ValidationError:
        return None
    return MessageChannel.SMS if phone == reception_request.phone else None


@transaction.atomic
def send_tracking_link(number, contact):
    """Find my request: the tracking link goes to *contact* if it is the e-mail or phone given
    in request *number*. Returns nothing either way: the page must not tell whether the pair
    matched."""
    reception_request = (
        ReceptionRequest.objects.filter(number=(number or "").strip().upper())
        .exclude(phone="", email="")
        .first()
    )
    if reception_request is None:
        return
    channel = _same_contact(reception_request, contact)
    if channel is None:
        return
    queue(
        MessageKind.FIND,
        recipient=reception_request.email
        if channel == MessageChannel.EMAIL
        else reception_request.phone,
        language=reception_request.language,
        channel=channel,
        reception_request=reception_request,
    )
