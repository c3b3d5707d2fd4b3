"""The ``.ics`` of one applicant's appointment, attached to the letters that set, move, cancel or
recall it (RFC 5545 with iTIP methods, RFC 5546).

The event keeps one UID for the life of the request, so that the calendar app that took the
first invitation updates it: a moved day is the same UID with a raised SEQUENCE and
``METHOD:REQUEST``; a cancelled day is ``METHOD:CANCEL`` with ``STATUS:CANCELLED``. SEQUENCE
counts the request's steps that changed its appointment (set, moved, cancelled). The UID names
the request by its database id only: nothing personal.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from booking.enums import ReceptionMode, RequestAction
from booking.interfaces.ical import PRODID, ZONE_FROM, ZONE_UNTIL, text

REQUEST, CANCEL = "REQUEST", "CANCEL"
# Steps that change the appointment: each raises SEQUENCE.
APPOINTMENT_STEPS = (RequestAction.SCHEDULE, RequestAction.DAY_MOVED, RequestAction.DAY_CANCELLED)
SLOT = datetime.timedelta(minutes=30)


def uid_for(reception_request):
    return f"appointment-{reception_request.pk}@{settings.ICAL_UID_DOMAIN}"


def sequence_of(reception_request, event=None):
    """How many times the appointment changed before *event* (or before now)."""
    steps = reception_request.events.filter(action__in=APPOINTMENT_STEPS)
    if event is not None:
        steps = steps.filter(pk__lte=event.pk)
    return max(steps.count() - 1, 0)


def build(reception_request, day, *, method, sequence, official=None, venue=None, url=""):
    """The calendar (bytes) of *reception_request*'s appointment on *day*, in the active
    language: its time slot (or the day's hours when no time is set), the place or "by video
    conference", and the tracking link. The video link itself stays in the letter."""
    zone = timezone.get_default_timezone()
    starts = datetime.datetime.combine(day.date, reception_request.slot_time or day.start_time)
    starts = starts.replace(tzinfo=zone)
    ends = (
        starts + SLOT
        if reception_request.slot_time
        else datetime.datetime.combine(day.date, day.end_time).replace(tzinfo=zone)
    )
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID.format(language=reception_request.language.upper()))
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid_for(reception_request))
    event.add("dtstamp", timezone.now())
    event.add("sequence", sequence)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    official = official or reception_request.official or day.official
    summary = _("Personal reception: %(name)s, %(position)s") % {
        "name": official.full_name,
        "position": official.position,
    }
    event.add("summary", text(summary))
    if reception_request.mode == ReceptionMode.VIDEO:
        location = _("By video conference: the link is in the letter")
    else:
        venue = venue or day.venue
        location = ", ".join(part for part in (venue.name, venue.full_address) if part)
    event.add("location", text(location))
    description = _("Request No. %(number)s") % {"number": reception_request.number}
    event.add("description", text(f"{description}\n{url}".strip()))
    if url:
        event.add("url", url)
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    calendar.add_missing_timezones(first_date=ZONE_FROM, last_date=ZONE_UNTIL)
    return calendar.to_ical()
