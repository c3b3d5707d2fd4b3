"""iCal feeds as a subscribed calendar app sees them: parsed back with two independent parsers."""

import datetime
import re

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from booking.domain.days import cancel_day, move_day
from booking.domain.workdays import WorkingCalendar
from booking.enums import ChangeReason, DayStatus
from booking.models import Official, Organisation, ReceptionDay, ReceptionSettings, Venue
from pages.models import PortalSettings, SchedulePage

pytestmark = pytest.mark.django_db

ALMATY = datetime.timezone(datetime.timedelta(hours=5))


def get_feed(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:500]
    return response, icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def official(slug, lang="kk"):
    return Official.objects.get(slug=slug, locale__language_code=lang)


def upcoming_day(slug):
    return (
        ReceptionDay.objects.active()
        .upcoming()
        .filter(official__slug=slug)
        .order_by("date")
        .first()
    )


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/kk/calendar/all.ics", "Жеке қабылдау"),
        ("/ru/calendar/all.ics", "Личный приём"),
    ],
)
def test_feed_has_the_calendar_properties_of_rfc_5545_and_7986(client, demo_site, url, title):
    response, calendar = get_feed(client, url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Altyntau regional akimat//Personal reception portal//KK"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert title in str(calendar["NAME"])
    assert calendar["X-WR-CALNAME"] == calendar["NAME"]
    assert calendar["X-WR-TIMEZONE"] == "Asia/Almaty"
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=6)
    assert "X-PUBLISHED-TTL" in calendar
    body = response.content.decode()
    # CRLF line ends and lines folded at 75 octets, as the RFC requires.
    assert "\r\n" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_vtimezone_is_almaty_at_utc_plus_five(client, demo_site):
    _response, calendar = get_feed(client, "/kk/calendar/all.ics")
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Asia/Almaty"]
    standard = zones[0].walk("STANDARD")[-1]
    assert standard["TZOFFSETTO"].td == datetime.timedelta(hours=5)
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=5)


def test_every_event_carries_the_required_properties(client, demo_site):
    _response, calendar = get_feed(client, "/ru/calendar/all.ics")
    events = calendar.walk("VEVENT")
    assert (
        len(events)
        == ReceptionDay.objects.filter(
            date__gte=timezone.localdate() - datetime.timedelta(days=90)
        ).count()
    )
    for event in events:
        for name in ("UID", "DTSTAMP", "LAST-MODIFIED", "DTSTART", "DTEND", "SEQUENCE"):
            assert name in event, name
        assert event["STATUS"] in ("CONFIRMED", "CANCELLED")
        assert str(event["SUMMARY"]).startswith(("Личный приём", "Отменён", "Перенесён"))
        assert event["URL"].startswith("http://testserver/ru/schedule/official/")
        assert event.get("CATEGORIES")


def test_event_text_is_in_the_feed_language(client, demo_site):
    day = upcoming_day("ospanov-n")
    uid = f"{day.public_id}@qabyldau.altyntau.example.kz"
    _r, kk = get_feed(client, "/kk/calendar/official/ospanov-n.ics")
    _r, ru = get_feed(client, "/ru/calendar/official/ospanov-n.ics")
    kk_event, ru_event = events_by_uid(kk)[uid], events_by_uid(ru)[uid]
    assert "Оспанов Нұрлан Бекұлы" in str(kk_event["SUMMARY"])
    assert "Оспанов Нурлан Бекович" in str(ru_event["SUMMARY"])
    assert "Ақжар қ., Бейбітшілік даңғылы, 10" in str(kk_event["LOCATION"])
    assert "г. Акжар, проспект Бейбитшилик, 10" in str(ru_event["LOCATION"])
    assert "+7 7000 12 30 00" in str(ru_event["DESCRIPTION"])
    # One reception day is one event whatever the language.
    assert kk_event["DTSTART"].dt == ru_event["DTSTART"].dt


def test_uid_stays_and_sequence_rises_when_a_day_is_changed(client, demo_site):
    day = upcoming_day("tuleuov-a")
    uid = f"{day.public_id}@qabyldau.altyntau.example.kz"
    _r, before = get_feed(client, "/kk/calendar/official/tuleuov-a.ics")
    assert events_by_uid(before)[uid]["SEQUENCE"] == 0
    day.start_time, day.end_time = datetime.time(11), datetime.time(13)
    day.save()
    _r, after = get_feed(client, "/kk/calendar/official/tuleuov-a.ics")
    event = events_by_uid(after)[uid]
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt.hour == 11


def test_cancelled_day_stays_in_feed_as_cancelled(client, demo_site):
    day = upcoming_day("muratova-d")
    cancel_day(day, ChangeReason.ILLNESS)
    _r, calendar = get_feed(client, "/ru/calendar/official/muratova-d.ics")
    event = events_by_uid(calendar)[f"{day.public_id}@qabyldau.altyntau.example.kz"]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert "Болезнь" in str(event["DESCRIPTION"])


def test_moved_day_is_the_old_event_cancelled_plus_the_new_one(client, demo_site):
    day = upcoming_day("seitova-g")
    target = WorkingCalendar.from_db().next_working_day(day.date)
    new_day = move_day(
        day,
        date=target,
        start_time=datetime.time(16),
        end_time=datetime.time(17),
        reason=ChangeReason.BUSINESS_TRIP,
    )
    _r, calendar = get_feed(client, "/ru/calendar/official/seitova-g.ics")
    events = events_by_uid(calendar)
    old = events[f"{day.public_id}@qabyldau.altyntau.example.kz"]
    new = events[f"{new_day.public_id}@qabyldau.altyntau.example.kz"]
    assert old["STATUS"] == "CANCELLED" and old["SEQUENCE"] == 1
    assert "перенесён" in str(old["DESCRIPTION"]).lower()
    assert new["STATUS"] == "CONFIRMED"
    assert new["DTSTART"].dt == datetime.datetime.combine(target, datetime.time(16), ALMATY)


def test_text_with_commas_semicolons_quotes_and_kazakh_letters_round_trips(client, demo_site):
    text = 'Тұрғын үй; жылу, су — «сұрақтар» "тікелей"\nекінші жол'
    venue = Venue.objects.get(
        translation_key=upcoming_day("ospanov-n").venue.translation_key, locale__language_code="kk"
    )
    venue.address = text
    venue.save()
    response, calendar = get_feed(client, "/kk/calendar/official/ospanov-n.ics")
    assert "\\;" in response.content.decode() and "\\," in response.content.decode()
    event = events_by_uid(calendar)[
        f"{upcoming_day('ospanov-n').public_id}@qabyldau.altyntau.example.kz"
    ]
    assert text in str(event["LOCATION"])
    parsed = vobject.readOne(response.content.decode())
    locations = [vevent.location.value for vevent in parsed.vevent_list]
    assert any(text in location for location in locations)


def test_second_parser_reads_the_same_events(client, demo_site):
    response, calendar = get_feed(client, "/ru/calendar/all.ics")
    parsed = vobject.readOne(response.content.decode())
    vobject_uids = {vevent.uid.value for vevent in parsed.vevent_list}
    assert vobject_uids == set(events_by_uid(calendar))
    first = parsed.vevent_list[0]
    assert first.dtstart.value.utcoffset() == datetime.timedelta(hours=5)
    # A calendar app expanding the feed for a month sees the month's reception days.
    today = timezone.localdate()
    month_end = today + datetime.timedelta(days=30)
    expanded = recurring_ical_events.of(calendar).between(today, month_end)
    expected = ReceptionDay.objects.filter(date__gte=today, date__lt=month_end).count()
    assert len(expanded) == expected


def test_feeds_of_one_organisation_and_one_venue(client, demo_site):
    organisation = Organisation.objects.get(
        locale__language_code="kk", short_name__startswith="Денсаулық"
    )
    _r, org_feed = get_feed(client, f"/ru/calendar/organisation/{organisation.translation_key}.ics")
    slugs = {str(e["URL"]).rstrip("/").rsplit("/", 1)[-1] for e in org_feed.walk("VEVENT")}
    assert slugs == {"muratova-d", "bekmukhamedov-e"}
    assert "Управление здравоохранения" in str(org_feed["NAME"])
    venue = Venue.objects.get(locale__language_code="kk", kind="citizen_centre")
    _r, venue_feed = get_feed(client, f"/kk/calendar/venue/{venue.translation_key}.ics")
    assert venue_feed.walk("VEVENT")
    in_person = [e for e in venue_feed.walk("VEVENT") if "nurpeissova-l" not in str(e["URL"])]
    assert in_person
    # The one official receiving only by video conference shows the connection note instead.
    assert all("Бейбітшілік даңғылы, 12" in str(e["LOCATION"]) for e in in_person)


def test_unknown_feed_is_404(client, demo_site):
    assert client.get("/kk/calendar/official/nobody.ics").status_code == 404
    assert (
        client.get("/kk/calendar/venue/00000000-0000-0000-0000-000000000000.ics").status_code == 404
    )


def test_past_days_leave_the_feed_after_the_window(client, demo_site):
    day = upcoming_day("ospanov-n")
    old = ReceptionDay.objects.create(
        official=day.official,
        venue=day.venue,
        date=timezone.localdate() - datetime.timedelta(days=120),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    recent = ReceptionDay.objects.create(
        official=day.official,
        venue=day.venue,
        date=timezone.localdate() - datetime.timedelta(days=30),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    _r, calendar = get_feed(client, "/kk/calendar/official/ospanov-n.ics")
    uids = set(events_by_uid(calendar))
    assert f"{recent.public_id}@qabyldau.altyntau.example.kz" in uids
    assert f"{old.public_id}@qabyldau.altyntau.example.kz" not in uids


def test_restriction_mode_turns_every_event_to_video(client, demo_site):
    settings = ReceptionSettings.load()
    settings.restriction_mode = True
    settings.save()
    _r, calendar = get_feed(client, "/ru/calendar/all.ics")
    assert all("видеоконференц" in str(e["LOCATION"]).lower() for e in calendar.walk("VEVENT"))


def test_no_applicant_data_in_feeds(client, demo_site):
    response, _calendar = get_feed(client, "/ru/calendar/all.ics")
    body = response.content.decode()
    # Only the officials' reception offices appear as contacts, never a person's IIN or phone.
    # (Not inside a UID: a UUID's last group may be twelve digits by chance.)
    assert not re.search(r"(?<![\w-])\d{12}(?![\w-])", body)


class TestConditionalGet:
    url = "/kk/calendar/all.ics"

    def test_same_etag_gives_304_without_a_body(self, client, demo_site):
        first = client.get(self.url)
        second = client.get(self.url, headers={"if-none-match": first["ETag"]})
        assert second.status_code == 304
        assert second.content == b""
        assert second["ETag"] == first["ETag"]

    def test_if_modified_since_at_last_modified_gives_304(self, client, demo_site):
        first = client.get(self.url)
        again = client.get(self.url, headers={"if-modified-since": first["Last-Modified"]})
        assert again.status_code == 304

    def test_older_or_unparseable_if_modified_since_gets_the_full_feed(self, client, demo_site):
        first = client.get(self.url)
        older = http_date(
            datetime.datetime.strptime(first["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
            .replace(tzinfo=datetime.UTC)
            .timestamp()
            - 3600
        )
        assert client.get(self.url, headers={"if-modified-since": older}).status_code == 200
        assert client.get(self.url, headers={"if-modified-since": "yesterday"}).status_code == 200

    def test_a_change_changes_the_etag(self, client, demo_site):
        first = client.get(self.url)
        cancel_day(upcoming_day("abenov-d"), ChangeReason.OTHER)
        again = client.get(self.url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_renaming_an_official_in_russian_changes_the_russian_feed(self, client, demo_site):
        first = client.get("/ru/calendar/all.ics")
        person = official("abenov-d", "ru")
        person.full_name = "Абенов Даурен С."
        person.save()
        again = client.get("/ru/calendar/all.ics", headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200

    def test_304_path_uses_at_most_two_queries_and_builds_nothing(
        self, client, demo_site, monkeypatch
    ):
        first = client.get(self.url)
        from booking.interfaces import ical as feeds

        def fail(*args, **kwargs):
            raise AssertionError("the calendar was built for a 304")

        monkeypatch.setattr(feeds, "build_feed", fail)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(self.url, headers={"if-none-match": first["ETag"]})
        assert response.status_code == 304
        assert len(queries) <= 2

    def test_headers_for_caches_and_downloads(self, client, demo_site):
        response = client.get("/ru/calendar/official/ospanov-n.ics")
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
        assert response["Content-Disposition"] == ('inline; filename="reception-ospanov-n-ru.ics"')


def descriptions(calendar):
    return "\n".join(str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT"))


class TestValidatorsSeeEverythingTheFeedShows:
    """A change to anything a feed's text comes from gives a new ETag: no stale 304, and no
    stale body from the cache (keyed by the ETag) for a new subscriber."""

    url = "/ru/calendar/all.ics"

    def test_new_office_phone_reaches_old_and_new_subscribers(self, client, demo_site):
        first, calendar = get_feed(client, self.url)
        portal = PortalSettings.load()
        old_phone, new_phone = portal.office_phone, "+7 7000 55 44 33"
        assert old_phone in descriptions(calendar)
        portal.office_phone = new_phone
        portal.save()
        again, calendar = get_feed(client, self.url, if_none_match=first["ETag"])
        assert again["ETag"] != first["ETag"]
        assert new_phone in descriptions(calendar)
        assert old_phone not in descriptions(calendar)
        # A new subscriber, without validators, gets the new text too, not a cached body.
        _fresh, calendar = get_feed(client, self.url)
        assert new_phone in descriptions(calendar)
        assert old_phone not in descriptions(calendar)

    def test_republishing_the_schedule_page_changes_the_etag(self, client, demo_site):
        first = client.get(self.url)
        page = SchedulePage.objects.live().filter(locale__language_code="ru").first()
        page.save_revision().publish()
        again = client.get(self.url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_changing_the_day_a_day_moved_to_refreshes_the_moved_day(self, client, demo_site):
        day = upcoming_day("seitova-g")
        target = WorkingCalendar.from_db().next_working_day(day.date)
        new_day = move_day(
            day,
            date=target,
            start_time=datetime.time(16),
            end_time=datetime.time(17),
            reason=ChangeReason.BUSINESS_TRIP,
        )
        # The moved day's own file: only the day it was moved to changes below.
        url = f"/ru/calendar/day/{day.public_id}.ics"
        first, calendar = get_feed(client, url)
        assert "16:00" in descriptions(calendar)
        new_day.start_time = datetime.time(15)
        new_day.save()
        again, calendar = get_feed(client, url, if_none_match=first["ETag"])
        assert again["ETag"] != first["ETag"]
        assert "15:00" in descriptions(calendar) and "16:00" not in descriptions(calendar)


class TestSingleDayFile:
    def url(self, day):
        return f"/ru/calendar/day/{day.public_id}.ics"

    def test_same_etag_gives_304_in_two_queries_without_building(
        self, client, demo_site, monkeypatch
    ):
        day = upcoming_day("ibrayev-b")
        first = client.get(self.url(day))
        from booking.interfaces import ical as feeds

        def fail(*args, **kwargs):
            raise AssertionError("the event was built for a 304")

        monkeypatch.setattr(feeds, "add_event", fail)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(self.url(day), headers={"if-none-match": first["ETag"]})
        assert response.status_code == 304
        assert response["ETag"] == first["ETag"]
        assert len(queries) <= 2

    def test_new_venue_address_changes_the_etag(self, client, demo_site):
        day = upcoming_day("ibrayev-b")
        first, _calendar = get_feed(client, self.url(day))
        venue = Venue.objects.get(
            translation_key=day.venue.translation_key, locale__language_code="ru"
        )
        venue.address = "проспект Новый, 1"
        venue.save()
        again, calendar = get_feed(client, self.url(day), if_none_match=first["ETag"])
        assert again["ETag"] != first["ETag"]
        (event,) = calendar.walk("VEVENT")
        assert "проспект Новый, 1" in str(event["LOCATION"])

    def test_unknown_day_is_404(self, client, demo_site):
        url = "/ru/calendar/day/00000000-0000-0000-0000-000000000000.ics"
        assert client.get(url).status_code == 404


def _add_days(count):
    person = official("tuleuov-a")
    venue = Venue.objects.filter(locale__language_code="kk").first()
    start = timezone.localdate() + datetime.timedelta(days=1)
    ReceptionDay.objects.bulk_create(
        ReceptionDay(
            official=person,
            venue=venue,
            date=start + datetime.timedelta(days=index // 4),
            start_time=datetime.time(8 + index % 4 * 2),
            end_time=datetime.time(9 + index % 4 * 2),
            status=DayStatus.SCHEDULED,
        )
        for index in range(count)
    )


def test_feed_queries_do_not_grow_with_the_number_of_events(client, demo_site):
    client.get("/kk/calendar/all.ics")  # settings rows are created on first use
    counts = []
    for extra in (10, 300):
        _add_days(extra)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/kk/calendar/all.ics")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_single_day_file_adds_one_event(client, demo_site):
    day = upcoming_day("ibrayev-b")
    response = client.get(f"/ru/calendar/day/{day.public_id}.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"{day.public_id}@qabyldau.altyntau.example.kz"
    assert "Ибраев Бауыржан Тимурович" in str(event["SUMMARY"])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pages_link_their_feeds_for_discovery_and_subscribing(client, demo_site, lang):
    html = client.get(f"/{lang}/schedule/").content.decode()
    assert (
        '<link rel="alternate" type="text/calendar" title="' in html
        and f'href="http://testserver/{lang}/calendar/all.ics"' in html
    )
    assert f'href="webcal://testserver/{lang}/calendar/all.ics"' in html
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver" in html
    assert f'value="http://testserver/{lang}/calendar/all.ics"' in html  # copy without JS
    page = client.get(f"/{lang}/schedule/official/ospanov-n/").content.decode()
    assert f'href="http://testserver/{lang}/calendar/official/ospanov-n.ics"' in page
    assert f"/{lang}/calendar/day/" in page
