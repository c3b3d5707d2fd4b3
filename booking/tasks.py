"""Background tasks run by the django-q2 worker: thin wrappers that take ids, load, and call the
domain or the e-mails. Their dotted paths are stored in queued tasks and schedules: keep them."""

import logging

from booking.domain import actions, rules
from booking.interfaces import emails

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


def send_ticket(reception_request_pk):
    """E-mail the applicant their ticket, in the language they chose (R32)."""
    return emails.send_ticket(reception_request_pk)


def send_day_changed(reception_request_pk):
    """Tell the applicant their reception day was moved, in their language (R20)."""
    return emails.send_day_changed(reception_request_pk)


def send_update(reception_request_pk, event_pk):
    """Tell the applicant what one step of the workflow decided, with its reasons."""
    return emails.send_update(reception_request_pk, event_pk)


def send_decision(reception_request_pk):
    """Kept for tasks queued before ``send_update``: the latest decision's letter."""
    return emails.send_decision(reception_request_pk)


def return_overdue_corrections():
    """Daily: R08, a request not corrected by its deadline is returned to the applicant."""
    returned = actions.return_overdue_corrections()
    logger.info("Requests returned for want of corrections: %s", returned)
    return returned
