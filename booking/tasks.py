"""Background tasks run by the django-q2 worker: thin wrappers that take ids, load, and call the
domain or the e-mails. Their dotted paths are stored in queued tasks and schedules: keep them."""

import logging

from django.db import transaction

from booking.domain import actions, notifications, rules
from booking.enums import RequestAction
from booking.interfaces import emails
from booking.models import MessageKind, ReceptionRequest

logger = logging.getLogger(__name__)


def extend_schedules():
    """Daily: every rule creates its reception days up to the rolling horizon."""
    result = rules.extend_all_schedules()
    logger.info(
        "Schedules extended: %s created, %s updated, %s cancelled, %s non-working days skipped",
        result.created,
        result.updated,
        result.cancelled,
        result.skipped,
    )
    return vars(result)


def send_message(message_pk):
    """Send one outbox row (queued when the change that wrote it commits). Delivered twice, it
    sends once: the row is claimed first."""
    return emails.deliver(message_pk)


def send_due_messages():
    """Every minute: send whatever is due (retries, and rows whose task a stopped worker lost)."""
    return emails.deliver_due()


def send_reminders():
    """Daily: reminders of tomorrow's (the next working day's) receptions, and survey links to
    those received (R28)."""
    reminded = notifications.send_reminders()
    surveyed = notifications.send_surveys()
    logger.info("Reminders queued: %s; survey links queued: %s", reminded, surveyed)
    return reminded, surveyed


def send_staff_digests():
    """Daily: each reception office's digest of close and passed deadlines, and the final list
    of the next working day's receptions to the official's office (R12)."""
    digests = notifications.send_digests()
    lists = notifications.send_final_lists()
    logger.info("Digests queued: %s; final lists queued: %s", digests, lists)
    return digests, lists


def purge_personal_data():
    """Daily: erase the personal data of requests finished longer ago than the retention."""
    return notifications.purge_personal_data()


def _legacy_letter(reception_request_pk, kind, event=None):
    """A letter task queued before the outbox: written to the outbox now, and sent from it."""
    with transaction.atomic():
        reception_request = ReceptionRequest.objects.get(pk=reception_request_pk)
        message = notifications.to_applicant(reception_request, kind, event)
    return message is not None


def send_ticket(reception_request_pk):
    """Kept for tasks queued before the outbox."""
    return _legacy_letter(reception_request_pk, MessageKind.TICKET)


def send_day_changed(reception_request_pk):
    """Kept for tasks queued before the outbox."""
    event = (
        ReceptionRequest.objects.get(pk=reception_request_pk)
        .events.filter(action__in=(RequestAction.DAY_MOVED, RequestAction.DAY_CANCELLED))
        .last()
    )
    return _legacy_letter(reception_request_pk, MessageKind.DAY_CHANGED, event)


def send_update(reception_request_pk, event_pk):
    """Kept for tasks queued before the outbox."""
    event = ReceptionRequest.objects.get(pk=reception_request_pk).events.get(pk=event_pk)
    return _legacy_letter(reception_request_pk, MessageKind.UPDATE, event)


def return_overdue_corrections():
    """Daily: R08, a request not corrected by its deadline is returned to the applicant."""
    returned = actions.return_overdue_corrections()
    logger.info("Requests returned for want of corrections: %s", returned)
    return returned


def send_decision(reception_request_pk):
    """Kept for tasks queued before ``send_update``: the latest step with a note."""
    event = (
        ReceptionRequest.objects.get(pk=reception_request_pk)
        .events.exclude(public_note="")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        return False
    return _legacy_letter(reception_request_pk, MessageKind.UPDATE, event)
