"""iCal feeds of reception days (RFC 5545, RFC 7986), as pure functions of schedule rows.

A reception day keeps one UID for life (its ``public_id``); SEQUENCE is the day's ``sequence``,
raised on every change of time, place, mode or status. A cancelled day stays in the feed with
STATUS:CANCELLED. A moved day is the old event cancelled (its description says where it went)
plus the new day as an event of its own, so that every calendar app, including those that
ignore SEQUENCE on a changed DTSTART, shows the right picture.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from booking.domain.text import without_controls
from booking.enums import DayStatus, ReceptionMode

# The last part names the language of the calendar's text (RFC 5545 3.7.3): KK or RU.
PRODID = "-//Altyntau regional akimat//Personal reception portal//{language}"
REFRESH = datetime.timedelta(hours=6)
# The VTIMEZONE describes the zone from the country's move to UTC+5 on 1 March 2024 onwards.
ZONE_FROM = datetime.date(2024, 3, 1)
ZONE_UNTIL = datetime.date(2038, 1, 1)


def uid_for(day):
    return f"{day.public_id}@{settings.ICAL_UID_DOMAIN}"


def text(value):
    """A TEXT value as the feeds write it: without control characters (RFC 5545 3.3.11), and
    escaped (``;`` ``,`` ``\\``, line breaks) even where icalendar would not know the property
    (NAME, X-WR-CALNAME, X-WR-CALDESC)."""
    return icalendar.vText(without_controls(str(value)))


def new_calendar(name, description="", url=""):
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID.format(language=(get_language() or "kk").upper()))
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # VALUE=TEXT (the default, said outright): parsers that do not know these properties
    # (icalendar among them) unescape them too.
    calendar.add("name", text(name), parameters={"VALUE": "TEXT"})
    calendar.add("x-wr-calname", text(name), parameters={"VALUE": "TEXT"})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("description", text(description))
        calendar.add("x-wr-caldesc", text(description), parameters={"VALUE": "TEXT"})
    if url:
        calendar.add("url", url)
    refresh = icalendar.vDuration(REFRESH)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", refresh)
    return calendar


def _summary(row):
    title = _("Personal reception: %(name)s, %(position)s") % {
        "name": row.official.full_name,
        "position": row.official.position,
    }
    if row.status == DayStatus.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": title}
    if row.status == DayStatus.MOVED:
        return _("Moved: %(title)s") % {"title": title}
    return title


def _location(row):
    if row.mode == ReceptionMode.VIDEO:
        return _("By video conference: the reception office sends the connection details")
    return ", ".join(part for part in (row.venue.name, row.venue.full_address) if part)


def _description(row, official_url, signup_text):
    lines = [row.organisation.name, str(row.mode_label)]
    if row.status == DayStatus.CANCELLED:
        reason = row.day.get_change_reason_display()
        lines.insert(0, _("The reception is cancelled.") + (f" {reason}." if reason else ""))
    elif row.status == DayStatus.MOVED:
        moved = _("The reception is moved.")
        if row.moved_to:
            moved = _("The reception is moved to %(date)s, %(start)s.") % {
                "date": date_format(row.moved_to.date, "j E Y"),
                "start": f"{row.moved_to.start_time:%H:%M}",
            }
        lines.insert(0, moved)
    # Only a reception still to come can be signed up for: not a cancelled, moved or past one.
    if signup_text and row.is_active and row.date >= timezone.localdate():
        lines.append(signup_text)
    contacts = " · ".join(part for part in (row.phone, row.email) if part)
    if contacts:
        lines.append(_("Reception office: %(contacts)s") % {"contacts": contacts})
    if official_url:
        lines.append(official_url)
    return "\n".join(lines)


def event(row, *, official_url="", signup_text=""):
    """The VEVENT of *row* (a ``booking.domain.rows.ScheduleRow``), in the active language."""
    day = row.day
    component = icalendar.Event()
    component.add("uid", uid_for(day))
    component.add("dtstamp", day.updated_at)
    component.add("last-modified", day.updated_at)
    component.add("created", day.created_at)
    component.add("sequence", day.sequence)
    component.add("dtstart", day.starts_at)
    component.add("dtend", day.ends_at)
    component.add("status", "CONFIRMED" if day.status == DayStatus.SCHEDULED else "CANCELLED")
    component.add("summary", text(_summary(row)))
    component.add("location", text(_location(row)))
    component.add("description", text(_description(row, official_url, signup_text)))
    if official_url:
        component.add("url", official_url)
    component.add("categories", [text(row.organisation.display_name), text(row.mode_label)])
    component.add("transp", "OPAQUE")
    return component


def add_event(calendar, row, *, official_url="", signup_text=""):
    """Append the VEVENT of *row* to *calendar*."""
    component = event(row, official_url=official_url, signup_text=signup_text)
    calendar.add_component(component)
    return component


def feed_body(calendar, events, zones):
    """The whole feed as bytes: *calendar* (``new_calendar``, without events) with the
    VTIMEZONE of each of *zones* (the names of the zones the events start in), then *events*
    (each a VEVENT already serialised), exactly where icalendar would put them: the time zones
    first, the events after them, in order. Serialised events can be kept and reused
    (``feeds``), so that a rebuilt feed serialises only the events that changed."""
    for zone in sorted(zones):
        calendar.add_component(
            icalendar.Timezone.from_tzid(zone, first_date=ZONE_FROM, last_date=ZONE_UNTIL)
        )
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    # One join: the body is copied once (10 MB at 10,000 events), not once per concatenation.
    return b"".join([head[: -len(end)], *events, end])
