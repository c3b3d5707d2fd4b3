"""Messages of the outbox, composed and sent: e-mails to applicants always in the language of
their request (R32), plain text and HTML from the same templates, with the appointment's
``.ics`` where it is set, moved, cancelled or recalled; SMS where they gave no e-mail; the staff
digests and a day's final list (R12).

``deliver()`` is the only sender: it claims the outbox row (``booking.domain.notifications``),
composes the message from the templates in the row's language, sends it and records the outcome.
A failure is recorded by its kind and the server's reply code only: the server's text may name
the recipient, so it never reaches the row or a log line.
"""

import logging
import re
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale

from booking.domain import deadlines, notifications, queue
from booking.domain.workdays import WorkingCalendar
from booking.enums import RequestAction, RequestStatus
from booking.interfaces import appointment_ics, sms
from booking.models import MessageChannel, MessageKind, ReceptionRequest, SendError

logger = logging.getLogger(__name__)

# R22 (001 p.18): the reception is held in the language the applicant chose.
RECEPTION_LANGUAGES = {
    "kk": pgettext_lazy("the reception is held", "in Kazakh"),
    "ru": pgettext_lazy("the reception is held", "in Russian"),
}

# Three or more line breaks (left by the templates' tags): one empty line is enough.
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")


def absolute(path):
    """An address on the portal, from ``PORTAL_BASE_URL`` (``make run`` sets it from PORT)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def tracking_url(reception_request):
    with translation.override(reception_request.language):
        path = reverse(
            "track",
            kwargs={"number": reception_request.number, "token": reception_request.token},
        )
    return absolute(path)


def survey_url(reception_request):
    with translation.override(reception_request.language):
        path = reverse(
            "survey",
            kwargs={"number": reception_request.number, "token": reception_request.token},
        )
    return absolute(path)


def _in_active_language(obj):
    """A translatable row (official, venue) in the active language, or as it is."""
    if obj is None:
        return None
    return obj.get_translation_or_none(Locale.get_active()) or obj


def objection_until(reception_request, calendar=None):
    """R15 (001 p.28; APPK art. 73): the last working day the applicant may object to the
    preliminary decision: the day before the refusal becomes possible."""
    if reception_request.hearing_until is None:
        return None
    calendar = calendar or WorkingCalendar.from_db()
    return calendar.add_working_days(reception_request.hearing_until, -1)


def request_facts(reception_request):
    """What a letter and the tracking page say about a request besides its own fields, in the
    active language: its official and venue in that language, how the reception is held, the
    last day to object during the hearing."""
    day = reception_request.preferred_day
    return {
        "official": _in_active_language(reception_request.official),
        "venue": _in_active_language(day.venue) if day is not None else None,
        "reception_language": RECEPTION_LANGUAGES.get(reception_request.language, ""),
        "objection_until": objection_until(reception_request),
    }


def _tidy(body):
    """The body without the blank lines and trailing spaces the templates' tags leave."""
    lines = "\n".join(line.rstrip() for line in body.splitlines())
    return BLANK_LINES.sub("\n\n", lines).strip() + "\n"


def _render(template, context):
    """Subject, plain text and HTML of *template* in the active language. The HTML is the same
    text in the letter layout (links made clickable), so the two never say different things;
    without the layout the letter goes as plain text."""
    subject = " ".join(render_to_string(f"booking/email/{template}_subject.txt", context).split())
    body = _tidy(render_to_string(f"booking/email/{template}.txt", context))
    try:
        html = render_to_string(
            "booking/email/layout.html",
            {**context, "subject": subject, "body": body, "language": translation.get_language()},
        )
    except TemplateDoesNotExist:
        logger.warning("Letter layout missing: %s goes as plain text", template)
        html = None
    return subject, body, html


class NothingToSend(Exception):
    """The row names nobody to send to (erased after the retention period)."""


def _request_context(reception_request, message):
    return {
        "req": reception_request,
        "tracking_url": tracking_url(reception_request),
        "answer_days": deadlines.answer_deadline_days(),
        "message": message,
    }


def _appointment(reception_request, day, method, event=None):
    """The ``.ics`` attachment of the appointment on *day*."""
    return (
        "reception.ics",
        appointment_ics.build(
            reception_request,
            day,
            method=method,
            sequence=appointment_ics.sequence_of(reception_request, event),
            official=_in_active_language(reception_request.official or day.official),
            venue=_in_active_language(day.venue),
            url=tracking_url(reception_request),
        ),
        f"text/calendar; charset=utf-8; method={method}",
    )


def _applicant_letter(message):
    """Template, context and attachments of a message to the applicant (active language)."""
    reception_request = message.reception_request
    context = _request_context(reception_request, message)
    event, attachments = message.event, []
    if message.kind == MessageKind.TICKET:
        return "ticket", context, attachments
    if message.kind == MessageKind.SURVEY:
        return "survey", {**context, "survey_url": survey_url(reception_request)}, attachments
    if message.kind == MessageKind.FIND:
        return "find", context, attachments
    facts = request_facts(reception_request)
    context.update(facts, event=event)
    if message.kind == MessageKind.UPDATE:
        if event.action == RequestAction.SCHEDULE and reception_request.preferred_day:
            attachments.append(
                _appointment(
                    reception_request,
                    reception_request.preferred_day,
                    appointment_ics.REQUEST,
                    event,
                )
            )
        return "update", context, attachments
    if message.kind == MessageKind.DAY_CHANGED:
        context["note"] = event
        if event.action == RequestAction.DAY_CANCELLED and reception_request.requested_day:
            day, method = reception_request.requested_day, appointment_ics.CANCEL
        else:
            day, method = reception_request.preferred_day, appointment_ics.REQUEST
        # Only an appointment already sent (a time was set) is updated in the calendar.
        scheduled = reception_request.events.filter(action=RequestAction.SCHEDULE)
        if day is not None and scheduled.exists():
            attachments.append(_appointment(reception_request, day, method, event))
        return "day_changed", context, attachments
    if message.kind == MessageKind.REMINDER:
        day = message.day or reception_request.preferred_day
        context["day"] = day
        attachments.append(_appointment(reception_request, day, appointment_ics.REQUEST))
        return "reminder", context, attachments
    raise ValueError(message.kind)


def _staff_letter(message):
    """Template and context of a message to a reception office (active language)."""
    if message.kind == MessageKind.DIGEST:
        today = timezone.localtime(message.created_at).date()
        rows = notifications.digest_for(message.recipient, today)
        return "digest", {"rows": rows, "today": today}, []
    day = message.day
    official = _in_active_language(day.official)
    context = {"day": day, "official": official, "venue": _in_active_language(day.venue)}
    if message.kind == MessageKind.FINAL_LIST:
        applicants = queue.applicants_of(day).filter(status=RequestStatus.SCHEDULED)
        return "final_list", {**context, "applicants": applicants}, []
    if message.kind == MessageKind.DAY_CANCELLED_ALERT:
        numbers = ReceptionRequest.objects.filter(requested_day=day, needs_new_date=True)
        return "day_cancelled_alert", {**context, "numbers": numbers}, []
    raise ValueError(message.kind)


def compose(message):
    """The message of an outbox row as it goes out: an ``EmailMultiAlternatives``, or the text
    of an SMS. Raises ``NothingToSend`` for a row with no recipient left."""
    if not message.recipient:
        raise NothingToSend
    with translation.override(message.language):
        if message.reception_request_id:
            template, context, attachments = _applicant_letter(message)
        else:
            template, context, attachments = _staff_letter(message)
        if message.channel == MessageChannel.SMS:
            return " ".join(render_to_string("booking/email/sms.txt", context).split())
        subject, body, html = _render(template, context)
    email = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
    if html:
        email.attach_alternative(html, "text/html")
    for attachment in attachments:
        email.attach(*attachment)
    return email


def classify(error):
    """What went wrong, as a ``SendError`` and the server's reply code: never its text."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return SendError.RECIPIENT, codes[0] if codes else None
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return SendError.AUTH, error.smtp_code
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return SendError.UNREACHABLE, getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPResponseException):
        return SendError.REFUSED, error.smtp_code
    if isinstance(error, OSError | socket.timeout):
        return SendError.UNREACHABLE, None
    return SendError.OTHER, None


def deliver(pk, now=None):
    """Send the outbox row *pk* if it is due and no other worker holds it; true once sent.
    Nothing raises out of here: every outcome is recorded on the row."""
    message = notifications.claim(pk, now)
    if message is None:
        return False
    try:
        composed = compose(message)
    except NothingToSend:
        notifications.record_failure(message, SendError.NO_RECIPIENT, permanent=True, now=now)
        return False
    except Exception as error:
        # A template error is fixed by a deploy, not by waiting: failed now, resent by staff.
        logger.error("Message %s (%s) not composed: %s", pk, message.kind, type(error).__name__)
        notifications.record_failure(message, SendError.TEMPLATE, permanent=True, now=now)
        return False
    try:
        if message.channel == MessageChannel.SMS:
            sms.send(message.recipient, composed)
        else:
            composed.send()
    except Exception as error:
        notifications.record_failure(message, *classify(error), now=now)
        return False
    notifications.record_sent(message, now)
    return True


def deliver_due(now=None):
    """Send every due row (the schedule's sweep: retries, tasks lost with a stopped worker)."""
    return sum(deliver(pk, now) for pk in notifications.due_ids(now))
