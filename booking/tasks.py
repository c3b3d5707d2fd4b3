"""Background tasks: thin wrappers that call the domain (run by the django-q2 worker)."""

import logging

from booking import schedule

logger = logging.getLogger(__name__)


def extend_schedules():
    """Daily: every rule creates its reception days up to the rolling horizon."""
    result = schedule.extend_all_schedules()
    logger.info(
        "Schedules extended: %s created, %s updated, %s cancelled, %s non-working days skipped",
        result.created,
        result.updated,
        result.cancelled,
        result.skipped,
    )
    return vars(result)


def send_ticket(request_pk):
    """E-mail the applicant their ticket, in the language they chose (R32)."""
    from booking import notifications

    return notifications.send_ticket(request_pk)


def send_day_changed(request_pk):
    """Tell the applicant their reception day was moved, in their language (R20)."""
    from booking import notifications

    return notifications.send_day_changed(request_pk)
