"""What the feeds say: no control characters (RFC 5545 3.3.11), calendar names escaped like
every TEXT value, no invitation to sign up for a cancelled or moved reception, past days in the
mode they were held in, and every visible change raising SEQUENCE with DTSTAMP and
LAST-MODIFIED."""

import datetime
import re

import pytest
import vobject
from django.utils import timezone

from booking.domain.text import without_controls
from booking.models import Official, Organisation, ReceptionDay, ReceptionSettings, Venue
from pages.models import PortalSettings
from tests.booking.interfaces import test_feeds
from tests.booking.interfaces.test_feeds import events_by_uid, get_feed, uid, unfolded

pytestmark = pytest.mark.django_db

dates = test_feeds.dates
schedule = test_feeds.schedule
schedule_page = test_feeds.schedule_page

# What RFC 5545 calls CONTROL: every C0 character but HTAB, and DEL. Lines end in CRLF.
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def test_control_characters_never_reach_a_feed(client, schedule, schedule_page):
    venue = Venue.objects.get(pk=schedule.venue_ru.pk)
    venue.room = "кабинет\x0b101"  # Word's Shift+Enter
    venue.address = "г. Акжар,\x07 проспект Бейбитшилик, 10\x1f"
    venue.save()
    organisation = Organisation.objects.get(pk=schedule.housing_ru.pk)
    organisation.short_name = "Управление\x0c ЖКХ\x02"  # (PostgreSQL refuses NUL itself)
    organisation.save()
    Official.objects.filter(pk=schedule.ospanov_ru.pk).update(position="Руководитель\x1b\x85")
    portal = PortalSettings.load()
    portal.office_phone = "+7 7000 12\x08 34 56"
    portal.save()
    for url in (
        "/ru/calendar/all.ics",
        f"/ru/calendar/organisation/{schedule.housing.translation_key}.ics",
        f"/ru/calendar/day/{schedule.ospanov_first.public_id}.ics",
    ):
        response, calendar = get_feed(client, url)
        body = response.content.decode()
        assert not CONTROL.search(body.replace("\r\n", "")), url
        assert "\x85" not in body
        event = events_by_uid(calendar)[uid(schedule.ospanov_first)]
        # The line break stays a line break, escaped as TEXT (\n).
        assert "кабинет\n101" in str(event["LOCATION"])
        assert "г. Акжар, проспект Бейбитшилик, 10" in str(event["LOCATION"])
        # A strict parser reads the whole feed.
        vobject.readOne(body, validate=True)


def test_without_controls_keeps_text_and_line_breaks():
    assert without_controls("a\r\nb\rc\vd\fe\u2028f") == "a\nb\nc\nd\ne\nf"
    assert without_controls("Тұрғын үй;\tжылу, су\x00\x1b\x7f\x9f") == "Тұрғын үй;\tжылу, су"


def test_calendar_names_are_escaped_like_text(client, schedule):
    name = "Управление ЖКХ; отдел жилья, приёмная \\ 2"
    organisation = Organisation.objects.get(pk=schedule.housing_ru.pk)
    organisation.short_name = name
    organisation.save()
    url = f"/ru/calendar/organisation/{schedule.housing.translation_key}.ics"
    response, calendar = get_feed(client, url)
    lines = unfolded(response).split("\r\n")
    escaped = "Управление ЖКХ\\; отдел жилья\\, приёмная \\\\ 2"
    for prop in ("NAME", "X-WR-CALNAME"):
        (line,) = [line for line in lines if re.match(f"{prop}[;:]", line)]
        assert escaped in line, line
    # Both parsers read the name whole, commas and semicolons included.
    for prop in ("NAME", "X-WR-CALNAME"):
        assert name in str(calendar[prop])
    assert "\\" not in str(calendar["X-WR-CALDESC"])
    parsed = vobject.readOne(response.content.decode())
    assert name in parsed.contents["x-wr-calname"][0].value
    assert name in parsed.contents["name"][0].value


@pytest.mark.rule("R20")
def test_cancelled_and_moved_events_do_not_invite_to_sign_up(client, schedule):
    _response, calendar = get_feed(client, "/ru/calendar/all.ics")
    events = events_by_uid(calendar)
    invitation = "Записаться на этот приём"
    sign_up = str(events[uid(schedule.ospanov_first)]["DESCRIPTION"])
    assert invitation in sign_up  # a scheduled day still to come does invite
    for day in (schedule.muratova_cancelled, schedule.bekmukhamedov_moved):
        description = str(events[uid(day)]["DESCRIPTION"])
        assert invitation not in description, day
        assert "+7 7000 12" in description or "densaulyk" in description  # contacts stay
    # Nor does a day that has passed.
    assert invitation not in str(events[uid(schedule.ospanov_past)]["DESCRIPTION"])


@pytest.mark.rule("R19")
def test_restriction_mode_leaves_past_days_in_the_mode_they_were_held_in(client, schedule):
    reception_settings = ReceptionSettings.load()
    reception_settings.restriction_mode = True
    reception_settings.save()
    _response, calendar = get_feed(client, "/ru/calendar/all.ics")
    events = events_by_uid(calendar)
    past = events[uid(schedule.ospanov_past)]
    assert "видеоконференц" not in str(past["LOCATION"]).lower()
    assert "проспект Бейбитшилик" in str(past["LOCATION"])
    assert "видеоконференц" in str(events[uid(schedule.ospanov_first)]["LOCATION"]).lower()


def test_renaming_a_venue_revises_the_events_that_show_it(client, schedule):
    # Days last changed yesterday, so that a new DTSTAMP shows even within the same second.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    ReceptionDay.objects.update(updated_at=yesterday)
    url = f"/ru/calendar/official/{schedule.ospanov.translation_key}.ics"
    _response, before = get_feed(client, url)
    venue = Venue.objects.get(pk=schedule.venue_ru.pk)
    venue.name = "Приёмная акимата области"
    venue.save()
    _response, after = get_feed(client, url)
    old = events_by_uid(before)[uid(schedule.ospanov_first)]
    new = events_by_uid(after)[uid(schedule.ospanov_first)]
    assert "Приёмная акимата области" in str(new["LOCATION"])
    assert str(new["LOCATION"]) != str(old["LOCATION"])
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1
    for prop in ("DTSTAMP", "LAST-MODIFIED"):
        assert new[prop].dt > old[prop].dt, prop
    # The past day keeps its text as held, and its revision.
    past_old = events_by_uid(before)[uid(schedule.ospanov_past)]
    past_new = events_by_uid(after)[uid(schedule.ospanov_past)]
    assert past_new["SEQUENCE"] == past_old["SEQUENCE"]


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Official, "reception_phone", "+7 7000 99 88 77"),
        (Official, "reception_email", "priemnaya@altyntau.example.kz"),
        (Organisation, "phone", "+7 7000 99 88 66"),
    ],
)
def test_new_contacts_of_the_reception_office_raise_sequence(client, schedule, model, field, value):
    """The description of each event gives the office's phone and e-mail: a new one is a
    revision that calendars following RFC 5546 must take."""
    url = f"/ru/calendar/official/{schedule.ospanov.translation_key}.ics"
    _response, before = get_feed(client, url)
    obj = schedule.ospanov if model is Official else schedule.housing
    obj = model.objects.get(pk=obj.pk)
    setattr(obj, field, value)
    obj.save()
    _response, after = get_feed(client, url)
    old = events_by_uid(before)[uid(schedule.ospanov_first)]
    new = events_by_uid(after)[uid(schedule.ospanov_first)]
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1
