"""Feeds built from kept events, and bounded at the schedule's horizon.

A feed serialises each event once and keeps it under a key made of every fact the event shows
(``booking.interfaces.feeds._event_key``): a rebuilt feed serialises only what changed, the
body is byte for byte what icalendar makes of the same events, and no change leaves an old
event in any feed, in either language."""

import datetime

import icalendar
import pytest
from django.core.cache import cache, caches
from django.utils import timezone, translation

from booking.domain.rows import Localizer, schedule_rows
from booking.domain.rules import horizon_end
from booking.interfaces import feeds, ical
from booking.models import ReceptionDay, ReceptionSettings, Venue
from pages.models import PortalSettings
from tests.booking.interfaces import test_feeds
from tests.booking.interfaces.test_feeds import descriptions, events_by_uid, get_feed, uid
from tests.factories import ReceptionDayFactory

pytestmark = pytest.mark.django_db

dates = test_feeds.dates
schedule = test_feeds.schedule
schedule_page = test_feeds.schedule_page
URLS = ["/kk/calendar/all.ics", "/ru/calendar/all.ics"]


@pytest.fixture(autouse=True)
def empty_caches():
    cache.clear()
    caches["fragments"].clear()


@pytest.fixture
def serialised(monkeypatch):
    """The rows whose event was serialised (not taken from the kept ones), in order."""
    made = []
    original = ical.event

    def counting(row, **kwargs):
        made.append(row.day.pk)
        return original(row, **kwargs)

    monkeypatch.setattr(ical, "event", counting)
    return made


def rebuilt(client, url):
    """The feed built again (the page cache forgotten), as a visitor without validators gets
    it after any change."""
    cache.clear()
    return get_feed(client, url)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_body_is_what_icalendar_makes_of_the_same_events(schedule, language):
    with translation.override(language):
        days = ReceptionDay.objects.published().for_listing()
        rows = schedule_rows(days, Localizer(), restriction_mode=False)
        reference = ical.new_calendar("Feed", "About", "https://example.kz/")
        for row in rows:
            ical.add_event(reference, row, official_url="https://example.kz/o/", signup_text="S")
        reference.add_missing_timezones(first_date=ical.ZONE_FROM, last_date=ical.ZONE_UNTIL)
        events = [
            ical.event(row, official_url="https://example.kz/o/", signup_text="S").to_ical()
            for row in rows
        ]
        body = ical.feed_body(
            ical.new_calendar("Feed", "About", "https://example.kz/"), events, {"Asia/Almaty"}
        )
    assert len(rows) >= 6
    assert body == reference.to_ical()


def test_a_feed_with_no_days_has_no_time_zone(home):
    body = ical.feed_body(ical.new_calendar("Feed"), [], set())
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE") == []


@pytest.mark.parametrize("url", URLS)
def test_a_rebuilt_feed_serialises_only_the_event_that_changed(
    client, schedule, schedule_page, serialised, url
):
    _response, calendar = get_feed(client, url)
    assert len(serialised) == len(calendar.walk("VEVENT"))
    serialised.clear()
    day = ReceptionDay.objects.get(pk=schedule.ospanov_later.pk)
    day.start_time = datetime.time(11)
    day.save()
    _response, calendar = rebuilt(client, url)
    assert serialised == [day.pk]
    event = events_by_uid(calendar)[uid(day)]
    assert event.decoded("DTSTART").hour == 11
    assert event["SEQUENCE"] == 1


def test_other_feeds_reuse_the_events_of_the_all_days_feed(
    client, schedule, schedule_page, serialised
):
    get_feed(client, "/ru/calendar/all.ics")
    serialised.clear()
    _response, calendar = get_feed(
        client, f"/ru/calendar/official/{schedule.ospanov.translation_key}.ics"
    )
    assert calendar.walk("VEVENT") and serialised == []


def test_each_language_keeps_its_own_events(client, schedule, schedule_page):
    _kk, kk = get_feed(client, "/kk/calendar/all.ics")
    _ru, ru = get_feed(client, "/ru/calendar/all.ics")
    assert "Оспанов Нұрлан Бекұлы" in str(events_by_uid(kk)[uid(schedule.ospanov_first)]["SUMMARY"])
    assert "Оспанов Нурлан Бекович" in str(
        events_by_uid(ru)[uid(schedule.ospanov_first)]["SUMMARY"]
    )


@pytest.mark.parametrize(
    ("language", "name"), [("kk", "Оспанов Н. Б."), ("ru", "Оспанов Н. Б.")], ids=["kk", "ru"]
)
def test_an_official_renamed_is_renamed_in_every_kept_event(
    client, schedule, schedule_page, language, name
):
    url = f"/{language}/calendar/all.ics"
    get_feed(client, url)
    official = schedule.ospanov if language == "kk" else schedule.ospanov_ru
    official.full_name = name
    official.save()
    _response, calendar = rebuilt(client, url)
    # A day already held keeps its SEQUENCE (not touched), but its text is today's too.
    for day in (schedule.ospanov_first, schedule.ospanov_later, schedule.ospanov_past):
        assert name in str(events_by_uid(calendar)[uid(day)]["SUMMARY"])


def test_a_new_venue_address_reaches_the_kept_events(client, schedule, schedule_page):
    get_feed(client, "/ru/calendar/all.ics")
    venue = Venue.objects.get(pk=schedule.venue_ru.pk)
    venue.address = "проспект Новый, 1"
    venue.save()
    _response, calendar = rebuilt(client, "/ru/calendar/all.ics")
    for day in (schedule.ospanov_first, schedule.ospanov_past):
        assert "проспект Новый, 1" in str(events_by_uid(calendar)[uid(day)]["LOCATION"])


def test_a_new_office_phone_reaches_the_kept_events(client, schedule, schedule_page):
    get_feed(client, "/ru/calendar/all.ics")
    portal = PortalSettings.load()
    portal.office_phone = "+7 7000 55 44 33"
    portal.save()
    _response, calendar = rebuilt(client, "/ru/calendar/all.ics")
    assert "+7 7000 55 44 33" in descriptions(calendar)


def test_restriction_mode_reaches_the_kept_events(client, schedule, schedule_page):
    get_feed(client, "/ru/calendar/all.ics")
    settings = ReceptionSettings.load()
    settings.restriction_mode = True
    settings.save()
    _response, calendar = rebuilt(client, "/ru/calendar/all.ics")
    assert "видео" in str(events_by_uid(calendar)[uid(schedule.ospanov_first)]["LOCATION"])


@pytest.mark.parametrize("url", URLS)
def test_feeds_stop_at_the_schedule_horizon(client, schedule, schedule_page, url):
    last = horizon_end()
    at_horizon = ReceptionDayFactory(
        official=schedule.ospanov, venue=schedule.venue, date=last, start_time=datetime.time(9)
    )
    beyond = ReceptionDayFactory(
        official=schedule.ospanov,
        venue=schedule.venue,
        date=last + datetime.timedelta(days=1),
        start_time=datetime.time(9),
    )
    for feed in (url, url.replace("all", f"official/{schedule.ospanov.translation_key}")):
        _response, calendar = get_feed(client, feed)
        events = events_by_uid(calendar)
        assert uid(at_horizon) in events, feed
        assert uid(beyond) not in events, feed


def test_a_longer_horizon_brings_the_later_days_in(client, schedule, schedule_page):
    beyond = ReceptionDayFactory(
        official=schedule.ospanov,
        venue=schedule.venue,
        date=horizon_end() + datetime.timedelta(days=1),
        start_time=datetime.time(9),
    )
    first, calendar = get_feed(client, "/ru/calendar/all.ics")
    assert uid(beyond) not in events_by_uid(calendar)
    settings = ReceptionSettings.load()
    settings.schedule_horizon_months += 1
    settings.save()
    again, calendar = get_feed(client, "/ru/calendar/all.ics", if_none_match=first["ETag"])
    assert again["ETag"] != first["ETag"]
    assert uid(beyond) in events_by_uid(calendar)


def test_the_moved_event_follows_the_day_it_moved_to(client, schedule, schedule_page):
    _response, calendar = get_feed(client, "/ru/calendar/all.ics")
    moved = uid(schedule.bekmukhamedov_moved)
    assert "16:00" in str(events_by_uid(calendar)[moved]["DESCRIPTION"])
    new_day = ReceptionDay.objects.get(pk=schedule.bekmukhamedov_new.pk)
    new_day.start_time = datetime.time(15)
    new_day.save()
    _response, calendar = rebuilt(client, "/ru/calendar/all.ics")
    assert "15:00" in str(events_by_uid(calendar)[moved]["DESCRIPTION"])


def test_new_reception_contacts_reach_the_kept_events(client, schedule, schedule_page):
    # Contacts are not what SEQUENCE announces: the days are not touched, the events still change.
    get_feed(client, "/ru/calendar/all.ics")
    official = schedule.ospanov_ru
    official.reception_phone = "+7 7000 98 76 54"
    official.save()
    organisation = schedule.health_ru
    organisation.phone = "+7 7000 11 22 33"
    organisation.save()
    _response, calendar = rebuilt(client, "/ru/calendar/all.ics")
    events = events_by_uid(calendar)
    assert "+7 7000 98 76 54" in str(events[uid(schedule.ospanov_first)]["DESCRIPTION"])
    assert "+7 7000 11 22 33" in str(events[uid(schedule.muratova_video)]["DESCRIPTION"])


def test_a_day_that_has_passed_shows_its_own_mode_again(
    client, schedule, schedule_page, monkeypatch
):
    # Restriction mode (R19) turns only days to come to video: the kept event of yesterday's
    # upcoming day is not reused once the day has passed, even a cancelled one (whose text
    # says nothing else about being past).
    settings = ReceptionSettings.load()
    settings.restriction_mode = True
    settings.save()
    day = schedule.muratova_cancelled
    _response, calendar = get_feed(client, "/ru/calendar/all.ics")
    assert "видео" in str(events_by_uid(calendar)[uid(day)]["LOCATION"])
    later = day.date + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    _response, calendar = rebuilt(client, "/ru/calendar/all.ics")
    assert "видео" not in str(events_by_uid(calendar)[uid(day)]["LOCATION"])


def test_a_feed_read_in_small_chunks_is_the_same_feed(client, schedule, schedule_page, monkeypatch):
    whole = client.get("/ru/calendar/all.ics").content
    cache.clear()
    caches["fragments"].clear()
    monkeypatch.setattr(feeds, "FEED_CHUNK", 2)
    assert client.get("/ru/calendar/all.ics").content == whole
    assert len(icalendar.Calendar.from_ical(whole).walk("VEVENT")) > 2 * 2
