"""Places on a reception day: how many are taken and left, and the lock that keeps a day from
being overbooked however many applicants sign up at once.

One count everywhere: a place is held by a request in one of ``PLACE_HOLDING_STATUSES``. Lists
count it in their own query with ``ReceptionDay.objects.with_places_taken()``; these functions
count one day.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booking.enums import PLACE_HOLDING_STATUSES, DayStatus
from booking.models import ReceptionDay

DAY_UNAVAILABLE = _("This reception day is no longer available. Choose another day.")
DAY_FULL = _("There are no places left on this reception day. Choose another day.")


class DayFull(ValidationError):
    """The reception day has no place left, or no longer takes applicants."""


def places_taken(day):
    """Applicants holding a place on *day*; the annotation of ``with_places_taken()`` if the
    day was loaded with it."""
    taken = getattr(day, "places_taken", None)
    if taken is None:
        taken = day.place_holders.filter(status__in=PLACE_HOLDING_STATUSES).count()
    return taken


def places_left(day):
    return max(day.capacity - places_taken(day), 0)


def is_open_for_sign_up(day, now=None):
    """A scheduled day that has not ended yet."""
    return day.status == DayStatus.SCHEDULED and day.ends_at > (now or timezone.now())


def check_open(day):
    """Raise ``DayFull`` with the message a visitor sees if *day* cannot take an applicant."""
    if not is_open_for_sign_up(day):
        raise DayFull(DAY_UNAVAILABLE, code="unavailable")
    if places_left(day) <= 0:
        raise DayFull(DAY_FULL, code="full")


def lock_day(day):
    """*day* read again under a row lock, inside the caller's transaction: until it commits,
    nobody else counts or takes this day's places. On SQLite the IMMEDIATE transaction mode
    (``portal.settings.base``) holds the database's write lock from BEGIN instead."""
    return ReceptionDay.objects.select_for_update().get(pk=day.pk)


def hold_place(day):
    """Lock *day* and check a place is free on it; returns the locked day."""
    day = lock_day(day)
    check_open(day)
    return day
