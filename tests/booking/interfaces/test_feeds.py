"""iCal feeds as a subscribed calendar app sees them: parsed back with two independent parsers.

Each test builds the schedule it needs with the factories: the ``schedule`` fixture makes two
organisations, a venue and three officials (each in Kazakh and in Russian) with a handful of
working days around today, one of them cancelled and one moved."""

import datetime
import re
from types import SimpleNamespace

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.http import http_date

from booking.domain.days import cancel_day, move_day
from booking.domain.rules import horizon_end
from booking.domain.workdays import WorkingCalendar
from booking.enums import ChangeReason, DayStatus, ReceptionMode, VenueKind
from booking.models import ReceptionDay, ReceptionRequest, ReceptionSettings, Venue
from pages.models import PortalSettings, SchedulePage
from tests.booking.interfaces.test_sign_up import APPLICANT_SURNAME, IIN_FIRST_PASS, form_data
from tests.factories import (
    OfficialFactory,
    OrganisationFactory,
    ReceptionDayFactory,
    VenueFactory,
    translate,
)
from tests.pages.test_schedule_pages import add_schedule_page

pytestmark = pytest.mark.django_db

ALMATY = datetime.timezone(datetime.timedelta(hours=5))
T = datetime.time
UID_DOMAIN = "qabyldau.altyntau.example.kz"


# --- Data ------------------------------------------------------------------------------------


@pytest.fixture
def dates(db):
    """Working days: four soon after today, one beyond a month from now, one in the past."""
    working = WorkingCalendar.from_db()
    today = timezone.localdate()
    first = working.next_working_day(today)
    second = working.next_working_day(first)
    third = working.next_working_day(second)
    later = working.working_day_on_or_after(today + datetime.timedelta(days=45))
    past = working.add_working_days(today, -3)
    return SimpleNamespace(
        working=working,
        today=today,
        first=first,
        second=second,
        third=third,
        later=later,
        past=past,
    )


@pytest.fixture
def schedule(home, dates):
    """Two organisations, a venue and three officials, each in Kazakh and in Russian, and their
    reception days: Muratova's first day cancelled (illness), Bekmukhamedov's second day moved
    to the third at 16:00 (business trip)."""
    housing = OrganisationFactory(
        name="Энергетика және ТКШ басқармасы",
        short_name="ТКШ басқармасы",
        phone="+7 7000 12 40 00",
        email="tkh@altyntau.example.kz",
    )
    housing_ru = translate(housing, name="Управление энергетики и ЖКХ", short_name="Управление ЖКХ")
    health = OrganisationFactory(
        name="Денсаулық сақтау басқармасы",
        short_name="Денсаулық басқармасы",
        phone="+7 7000 12 50 00",
        email="densaulyk@altyntau.example.kz",
    )
    health_ru = translate(
        health, name="Управление здравоохранения", short_name="Управление здравоохранения"
    )
    venue = VenueFactory(
        name="Облыс әкімдігінің қоғамдық қабылдау бөлмесі",
        address="Ақжар қ., Бейбітшілік даңғылы, 10",
        room="101-кабинет",
    )
    venue_ru = translate(
        venue,
        name="Общественная приёмная акимата области",
        address="г. Акжар, проспект Бейбитшилик, 10",
        room="кабинет 101",
    )
    ospanov = OfficialFactory(
        full_name="Оспанов Нұрлан Бекұлы",
        position="Энергетика басқармасының басшысы",
        slug="ospanov-n",
        organisation=housing,
        reception_phone="+7 7000 12 30 00",
        reception_email="ospanov@altyntau.example.kz",
        sort_order=10,
    )
    ospanov_ru = translate(
        ospanov,
        full_name="Оспанов Нурлан Бекович",
        position="Руководитель управления энергетики",
    )
    muratova = OfficialFactory(
        full_name="Мұратова Динара Әлібекқызы",
        position="Денсаулық сақтау басқармасының басшысы",
        slug="muratova-d",
        organisation=health,
        reception_phone="",
        reception_email="",
        sort_order=20,
    )
    muratova_ru = translate(
        muratova,
        full_name="Муратова Динара Алибековна",
        position="Руководитель управления здравоохранения",
    )
    bekmukhamedov = OfficialFactory(
        full_name="Бекмұхамедов Ерлан Серікұлы",
        position="Денсаулық сақтау басқармасы басшысының орынбасары",
        slug="bekmukhamedov-e",
        organisation=health,
        reception_phone="+7 7000 12 50 02",
        reception_email="bekmukhamedov@altyntau.example.kz",
        sort_order=30,
    )
    bekmukhamedov_ru = translate(
        bekmukhamedov,
        full_name="Бекмухамедов Ерлан Серикович",
        position="Заместитель руководителя управления здравоохранения",
    )

    def day(official, date, start, end, **fields):
        return ReceptionDayFactory(
            official=official,
            venue=venue,
            date=date,
            start_time=T(start),
            end_time=T(end),
            **fields,
        )

    ospanov_first = day(ospanov, dates.first, 10, 12)
    ospanov_later = day(ospanov, dates.later, 10, 12)
    ospanov_past = day(ospanov, dates.past, 10, 12)
    muratova_cancelled = day(muratova, dates.first, 15, 17)
    muratova_video = day(muratova, dates.second, 15, 17, mode=ReceptionMode.VIDEO)
    bekmukhamedov_moved = day(bekmukhamedov, dates.second, 10, 12)
    cancel_day(muratova_cancelled, ChangeReason.ILLNESS)
    bekmukhamedov_new = move_day(
        bekmukhamedov_moved,
        date=dates.third,
        start_time=T(16),
        end_time=T(17),
        reason=ChangeReason.BUSINESS_TRIP,
    )
    for row in (muratova_cancelled, bekmukhamedov_moved):
        row.refresh_from_db()
    return SimpleNamespace(
        housing=housing,
        housing_ru=housing_ru,
        health=health,
        health_ru=health_ru,
        venue=venue,
        venue_ru=venue_ru,
        ospanov=ospanov,
        ospanov_ru=ospanov_ru,
        muratova=muratova,
        muratova_ru=muratova_ru,
        bekmukhamedov=bekmukhamedov,
        bekmukhamedov_ru=bekmukhamedov_ru,
        ospanov_first=ospanov_first,
        ospanov_later=ospanov_later,
        ospanov_past=ospanov_past,
        muratova_cancelled=muratova_cancelled,
        muratova_video=muratova_video,
        bekmukhamedov_moved=bekmukhamedov_moved,
        bekmukhamedov_new=bekmukhamedov_new,
    )


@pytest.fixture
def schedule_page(home):
    """The schedule page, in both languages: the events link to officials' pages under it."""
    return add_schedule_page(home)


# --- Helpers ---------------------------------------------------------------------------------


def get_feed(client, url, **headers):
    # An official's feed by slug is sent on to its address by translation key.
    response = client.get(url, headers=headers, follow=True)
    assert response.status_code == 200, response.content[:500]
    return response, icalendar.Calendar.from_ical(response.content)


def uid(day):
    return f"{day.public_id}@{UID_DOMAIN}"


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def unfolded(response):
    """The feed's text with its folded lines joined again (RFC 5545 3.1)."""
    return response.content.decode().replace("\r\n ", "").replace("\r\n\t", "")


def descriptions(calendar):
    return "\n".join(str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT"))


def official_slug(event):
    return str(event["URL"]).rstrip("/").rsplit("/", 1)[-1]


def in_language(code, text):
    with translation.override(code):
        return str(text)


# --- The calendar and its events ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/kk/calendar/all.ics", "Жеке қабылдау"),
        ("/ru/calendar/all.ics", "Личный приём"),
    ],
)
def test_feed_has_the_calendar_properties_of_rfc_5545_and_7986(client, schedule, url, title):
    response, calendar = get_feed(client, url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert calendar["VERSION"] == "2.0"
    language = url.split("/")[1].upper()
    assert (
        calendar["PRODID"] == f"-//Altyntau regional akimat//Personal reception portal//{language}"
    )
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
    assert "\r\n " in body  # the Cyrillic summaries are long enough to be folded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_vtimezone_is_almaty_at_utc_plus_five(client, schedule):
    _response, calendar = get_feed(client, "/kk/calendar/all.ics")
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Asia/Almaty"]
    standard = zones[0].walk("STANDARD")[-1]
    assert standard["TZOFFSETTO"].td == datetime.timedelta(hours=5)
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=5)


def test_every_event_carries_the_required_properties(client, schedule, schedule_page):
    _response, calendar = get_feed(client, "/ru/calendar/all.ics")
    events = calendar.walk("VEVENT")
    assert (
        len(events)
        == ReceptionDay.objects.filter(
            date__gte=timezone.localdate() - datetime.timedelta(days=90)
        ).count()
        == 7
    )
    for event in events:
        for name in ("UID", "DTSTAMP", "LAST-MODIFIED", "DTSTART", "DTEND", "SEQUENCE"):
            assert name in event, name
        assert event["STATUS"] in ("CONFIRMED", "CANCELLED")
        assert str(event["SUMMARY"]).startswith(("Личный приём", "Отменён", "Перенесён"))
        assert event["URL"].startswith("http://testserver/ru/schedule/official/")
        assert event.get("CATEGORIES")
    # Each kind of summary is there: scheduled, cancelled and moved days.
    summaries = [str(event["SUMMARY"]) for event in events]
    for prefix in ("Личный приём", "Отменён", "Перенесён"):
        assert any(summary.startswith(prefix) for summary in summaries), prefix
    assert {str(event["STATUS"]) for event in events} == {"CONFIRMED", "CANCELLED"}


@pytest.mark.rule("R01", "R02")
def test_event_text_is_in_the_feed_language(client, schedule, schedule_page):
    day = schedule.ospanov_first
    _r, kk = get_feed(client, "/kk/calendar/official/ospanov-n.ics")
    _r, ru = get_feed(client, "/ru/calendar/official/ospanov-n.ics")
    kk_event, ru_event = events_by_uid(kk)[uid(day)], events_by_uid(ru)[uid(day)]
    # Full name and position.
    assert "Оспанов Нұрлан Бекұлы" in str(kk_event["SUMMARY"])
    assert "Энергетика басқармасының басшысы" in str(kk_event["SUMMARY"])
    assert "Оспанов Нурлан Бекович" in str(ru_event["SUMMARY"])
    assert "Руководитель управления энергетики" in str(ru_event["SUMMARY"])
    # Location.
    assert "Ақжар қ., Бейбітшілік даңғылы, 10" in str(kk_event["LOCATION"])
    assert "г. Акжар, проспект Бейбитшилик, 10" in str(ru_event["LOCATION"])
    # State body.
    assert "Энергетика және ТКШ басқармасы" in str(kk_event["DESCRIPTION"])
    assert "Управление энергетики и ЖКХ" in str(ru_event["DESCRIPTION"])
    # Phone and e-mail of the reception office, in both languages.
    for event in (kk_event, ru_event):
        assert "+7 7000 12 30 00" in str(event["DESCRIPTION"])
        assert "ospanov@altyntau.example.kz" in str(event["DESCRIPTION"])
    # Nothing of the other language leaks in.
    for russian in ("Оспанов Нурлан Бекович", "Управление", "г. Акжар"):
        assert russian not in str(kk_event["SUMMARY"]) + str(kk_event["LOCATION"])
        assert russian not in str(kk_event["DESCRIPTION"])
    for kazakh in ("Оспанов Нұрлан Бекұлы", "басқарма", "Ақжар қ."):
        assert kazakh not in str(ru_event["SUMMARY"]) + str(ru_event["LOCATION"])
        assert kazakh not in str(ru_event["DESCRIPTION"])
    # Date and time; one reception day is one event whatever the language.
    assert kk_event["DTSTART"].dt == ru_event["DTSTART"].dt
    assert ru_event["DTSTART"].dt == datetime.datetime.combine(day.date, T(10), ALMATY)
    assert ru_event["DTEND"].dt == datetime.datetime.combine(day.date, T(12), ALMATY)


def test_uid_stays_and_sequence_rises_when_a_day_is_changed(client, schedule):
    day = ReceptionDay.objects.get(pk=schedule.ospanov_first.pk)
    _r, before = get_feed(client, "/kk/calendar/official/ospanov-n.ics")
    assert events_by_uid(before)[uid(day)]["SEQUENCE"] == 0
    day.start_time, day.end_time = T(11), T(13)
    day.save()
    _r, after = get_feed(client, "/kk/calendar/official/ospanov-n.ics")
    event = events_by_uid(after)[uid(day)]
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt.hour == 11


@pytest.mark.rule("R20")
def test_cancelled_day_stays_in_feed_as_cancelled(client, schedule):
    day = schedule.muratova_cancelled
    assert day.status == DayStatus.CANCELLED
    _r, calendar = get_feed(client, "/ru/calendar/official/muratova-d.ics")
    event = events_by_uid(calendar)[uid(day)]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert "Болезнь" in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]).startswith("Отменён")
    # The same in Kazakh.
    _r, calendar = get_feed(client, "/kk/calendar/official/muratova-d.ics")
    event = events_by_uid(calendar)[uid(day)]
    assert event["STATUS"] == "CANCELLED"
    assert in_language("kk", ChangeReason.ILLNESS.label) in str(event["DESCRIPTION"])


@pytest.mark.rule("R20")
def test_moved_day_is_the_old_event_cancelled_plus_the_new_one(client, schedule, dates):
    day, new_day = schedule.bekmukhamedov_moved, schedule.bekmukhamedov_new
    _r, calendar = get_feed(client, "/ru/calendar/official/bekmukhamedov-e.ics")
    events = events_by_uid(calendar)
    old, new = events[uid(day)], events[uid(new_day)]
    assert old["STATUS"] == "CANCELLED" and old["SEQUENCE"] == 1
    assert "перенесён" in str(old["DESCRIPTION"]).lower()
    assert "16:00" in str(old["DESCRIPTION"])  # where it went
    assert str(old["SUMMARY"]).startswith("Перенесён")
    assert old["DTSTART"].dt == datetime.datetime.combine(dates.second, T(10), ALMATY)
    assert new["STATUS"] == "CONFIRMED"
    assert new["DTSTART"].dt == datetime.datetime.combine(dates.third, T(16), ALMATY)


def test_text_with_commas_semicolons_quotes_and_kazakh_letters_round_trips(client, schedule):
    text = 'Тұрғын үй; жылу, су — «сұрақтар» "тікелей"\nекінші жол'
    venue = Venue.objects.get(pk=schedule.venue.pk)
    venue.address = text
    venue.save()
    response, calendar = get_feed(client, "/kk/calendar/official/ospanov-n.ics")
    assert "\\;" in response.content.decode() and "\\," in response.content.decode()
    event = events_by_uid(calendar)[uid(schedule.ospanov_first)]
    assert text in str(event["LOCATION"])
    parsed = vobject.readOne(response.content.decode())
    locations = [vevent.location.value for vevent in parsed.vevent_list]
    assert any(text in location for location in locations)


def test_second_parser_reads_the_same_events(client, schedule):
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
    # The feed holds more than the month: a past day and one beyond the month.
    assert 0 < expected < len(parsed.vevent_list)


@pytest.mark.rule("R33")
def test_feeds_of_one_organisation_and_one_venue(client, schedule, schedule_page, dates):
    organisation = schedule.health
    _r, org_feed = get_feed(client, f"/ru/calendar/organisation/{organisation.translation_key}.ics")
    slugs = {official_slug(e) for e in org_feed.walk("VEVENT")}
    assert slugs == {"muratova-d", "bekmukhamedov-e"}
    assert "Управление здравоохранения" in str(org_feed["NAME"])
    # A Citizen Reception Centre where one official receives in person, another by video.
    centre = VenueFactory(
        name="Азаматтарды қабылдау орталығы",
        kind=VenueKind.CITIZEN_CENTRE,
        address="Ақжар қ., Бейбітшілік даңғылы, 12",
        room="1-қабат",
    )
    translate(centre, name="Центр приёма граждан", address="г. Акжар, проспект Бейбитшилик, 12")
    in_person_day = ReceptionDayFactory(
        official=schedule.ospanov,
        venue=centre,
        date=dates.second,
        start_time=T(15),
        end_time=T(17),
    )
    video_day = ReceptionDayFactory(
        official=schedule.muratova,
        venue=centre,
        date=dates.third,
        start_time=T(10),
        end_time=T(12),
        mode=ReceptionMode.VIDEO,
    )
    venue = Venue.objects.get(locale__language_code="kk", kind="citizen_centre")
    _r, venue_feed = get_feed(client, f"/kk/calendar/venue/{venue.translation_key}.ics")
    assert venue_feed.walk("VEVENT")
    # Only the centre's days, none of the reception office's.
    assert set(events_by_uid(venue_feed)) == {uid(in_person_day), uid(video_day)}
    in_person = [e for e in venue_feed.walk("VEVENT") if "muratova-d" not in str(e["URL"])]
    assert in_person
    assert all("Бейбітшілік даңғылы, 12" in str(e["LOCATION"]) for e in in_person)
    # The official receiving only by video conference shows the connection note instead.
    video = events_by_uid(venue_feed)[uid(video_day)]
    assert "Бейбітшілік даңғылы, 12" not in str(video["LOCATION"])
    assert str(video["LOCATION"]) == in_language(
        "kk",
        translation.gettext_lazy(
            "By video conference: the reception office sends the connection details"
        ),
    )


def test_unknown_feed_is_404(client, schedule):
    assert client.get("/kk/calendar/official/nobody.ics").status_code == 404
    assert (
        client.get("/kk/calendar/venue/00000000-0000-0000-0000-000000000000.ics").status_code == 404
    )
    assert (
        client.get("/kk/calendar/organisation/00000000-0000-0000-0000-000000000000.ics").status_code
        == 404
    )
    # A known official with no reception days is an empty feed, not a 404.
    OfficialFactory(slug="quiet-official")
    _r, calendar = get_feed(client, "/kk/calendar/official/quiet-official.ics")
    assert calendar.walk("VEVENT") == []


def test_past_days_leave_the_feed_after_the_window(client, schedule, dates):
    day = schedule.ospanov_first
    old = ReceptionDayFactory(
        official=day.official,
        venue=day.venue,
        date=dates.working.working_day_on_or_after(dates.today - datetime.timedelta(days=120)),
        start_time=T(10),
        end_time=T(11),
    )
    recent = ReceptionDayFactory(
        official=day.official,
        venue=day.venue,
        date=dates.working.working_day_on_or_after(dates.today - datetime.timedelta(days=30)),
        start_time=T(10),
        end_time=T(11),
    )
    _r, calendar = get_feed(client, "/kk/calendar/official/ospanov-n.ics")
    uids = set(events_by_uid(calendar))
    assert uid(recent) in uids
    assert uid(schedule.ospanov_past) in uids
    assert uid(old) not in uids


def test_restriction_mode_turns_every_upcoming_event_to_video(client, schedule):
    _r, calendar = get_feed(client, "/ru/calendar/all.ics")
    assert not all("видеоконференц" in str(e["LOCATION"]).lower() for e in calendar.walk("VEVENT"))
    before = {key: event["SEQUENCE"] for key, event in events_by_uid(calendar).items()}
    settings = ReceptionSettings.load()
    settings.restriction_mode = True
    settings.save()
    _r, calendar = get_feed(client, "/ru/calendar/all.ics")
    assert calendar.walk("VEVENT")
    # Upcoming receptions are by video; a past one keeps the mode it was held in.
    past = uid(schedule.ospanov_past)
    events = events_by_uid(calendar)
    assert all(
        "видеоконференц" in str(e["LOCATION"]).lower() for k, e in events.items() if k != past
    )
    assert "видеоконференц" not in str(events[past]["LOCATION"]).lower()
    # Calendars replace the text they keep: upcoming days are revised, past ones stay as held.
    after = {key: event["SEQUENCE"] for key, event in events_by_uid(calendar).items()}
    assert after[past] == before[past]
    assert all(after[key] == before[key] + 1 for key in before if key != past)


@pytest.mark.rule("R30")
def test_no_applicant_data_in_feeds(client, schedule, schedule_page):
    day = schedule.ospanov_first
    response = client.post("/ru/reception/sign-up/", form_data(preferred_day=day.pk))
    assert response.status_code == 302, response.content[:500]
    applicant = ReceptionRequest.objects.get()
    assert applicant.surname == APPLICANT_SURNAME
    assert applicant.iin == IIN_FIRST_PASS
    assert applicant.phone == "+77012345678"
    assert applicant.preferred_day_id == day.pk
    feeds = [
        "calendar/all.ics",
        "calendar/official/ospanov-n.ics",
        f"calendar/organisation/{schedule.housing.translation_key}.ics",
        f"calendar/venue/{schedule.venue.translation_key}.ics",
        f"calendar/day/{day.public_id}.ics",
    ]
    for language in ("kk", "ru"):
        for feed in feeds:
            response, calendar = get_feed(client, f"/{language}/{feed}")
            assert uid(day) in events_by_uid(calendar), feed
            body = unfolded(response)
            for personal in (APPLICANT_SURNAME, IIN_FIRST_PASS, "77012345678", applicant.email):
                assert personal not in body, (language, feed, personal)
            # Only the officials' reception offices appear as contacts, never a person's IIN.
            # (Not inside a UID: a UUID's last group may be twelve digits by chance.)
            assert not re.search(r"(?<![\w-])\d{12}(?![\w-])", body), (language, feed)


# --- Conditional GET -------------------------------------------------------------------------


class TestConditionalGet:
    url = "/kk/calendar/all.ics"

    def test_same_etag_gives_304_without_a_body(self, client, schedule):
        first = client.get(self.url)
        second = client.get(self.url, headers={"if-none-match": first["ETag"]})
        assert second.status_code == 304
        assert second.content == b""
        assert second["ETag"] == first["ETag"]

    def test_if_modified_since_at_last_modified_gives_304(self, client, schedule):
        first = client.get(self.url)
        again = client.get(self.url, headers={"if-modified-since": first["Last-Modified"]})
        assert again.status_code == 304

    def test_older_or_unparseable_if_modified_since_gets_the_full_feed(self, client, schedule):
        first = client.get(self.url)
        older = http_date(
            datetime.datetime.strptime(first["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
            .replace(tzinfo=datetime.UTC)
            .timestamp()
            - 3600
        )
        assert client.get(self.url, headers={"if-modified-since": older}).status_code == 200
        assert client.get(self.url, headers={"if-modified-since": "yesterday"}).status_code == 200

    def test_a_change_changes_the_etag(self, client, schedule):
        first = client.get(self.url)
        cancel_day(schedule.ospanov_first, ChangeReason.OTHER)
        again = client.get(self.url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_renaming_an_official_in_russian_changes_the_russian_feed(self, client, schedule):
        first = client.get("/ru/calendar/all.ics")
        person = schedule.ospanov_ru
        person.full_name = "Оспанов Нурлан Б."
        person.save()
        again = client.get("/ru/calendar/all.ics", headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]
        assert "Оспанов Нурлан Б." in unfolded(again)
        assert "Оспанов Нурлан Бекович" not in unfolded(again)
        # The official's upcoming days are revised (SEQUENCE), the past one stays as held.
        events = events_by_uid(icalendar.Calendar.from_ical(again.content))
        assert events[uid(schedule.ospanov_first)]["SEQUENCE"] == 1
        assert events[uid(schedule.ospanov_past)]["SEQUENCE"] == 0

    def test_304_path_uses_at_most_two_queries_and_builds_nothing(
        self, client, schedule, monkeypatch
    ):
        first = client.get(self.url)
        from booking.interfaces import ical as feeds

        def fail(*args, **kwargs):
            raise AssertionError("the calendar was built for a 304")

        monkeypatch.setattr(feeds, "feed_body", fail)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(self.url, headers={"if-none-match": first["ETag"]})
        assert response.status_code == 304
        assert len(queries) <= 2

    def test_headers_for_caches_and_downloads(self, client, schedule):
        response = client.get(f"/ru/calendar/official/{schedule.ospanov.translation_key}.ics")
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
        assert response["Content-Disposition"] == ('inline; filename="reception-ospanov-n-ru.ics"')


class TestValidatorsSeeEverythingTheFeedShows:
    """A change to anything a feed's text comes from gives a new ETag: no stale 304, and no
    stale body from the cache (keyed by the ETag) for a new subscriber."""

    url = "/ru/calendar/all.ics"

    def test_new_office_phone_reaches_old_and_new_subscribers(self, client, schedule):
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

    def test_republishing_the_schedule_page_changes_the_etag(self, client, schedule, schedule_page):
        first = client.get(self.url)
        page = SchedulePage.objects.live().filter(locale__language_code="ru").first()
        page.save_revision().publish()
        again = client.get(self.url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_changing_the_day_a_day_moved_to_refreshes_the_moved_day(self, client, schedule):
        day, new_day = schedule.bekmukhamedov_moved, schedule.bekmukhamedov_new
        # The moved day's own file: only the day it was moved to changes below.
        url = f"/ru/calendar/day/{day.public_id}.ics"
        first, calendar = get_feed(client, url)
        assert "16:00" in descriptions(calendar)
        new_day.start_time = T(15)
        new_day.save()
        again, calendar = get_feed(client, url, if_none_match=first["ETag"])
        assert again["ETag"] != first["ETag"]
        assert "15:00" in descriptions(calendar) and "16:00" not in descriptions(calendar)


class TestSingleDayFile:
    def url(self, day):
        return f"/ru/calendar/day/{day.public_id}.ics"

    def test_same_etag_gives_304_in_two_queries_without_building(
        self, client, schedule, monkeypatch
    ):
        day = schedule.ospanov_first
        first = client.get(self.url(day))
        from booking.interfaces import ical as feeds

        def fail(*args, **kwargs):
            raise AssertionError("the event was built for a 304")

        monkeypatch.setattr(feeds, "event", fail)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(self.url(day), headers={"if-none-match": first["ETag"]})
        assert response.status_code == 304
        assert response["ETag"] == first["ETag"]
        assert len(queries) <= 2

    def test_new_venue_address_changes_the_etag(self, client, schedule):
        day = schedule.ospanov_first
        first, _calendar = get_feed(client, self.url(day))
        venue = Venue.objects.get(pk=schedule.venue_ru.pk)
        venue.address = "проспект Новый, 1"
        venue.save()
        again, calendar = get_feed(client, self.url(day), if_none_match=first["ETag"])
        assert again["ETag"] != first["ETag"]
        (event,) = calendar.walk("VEVENT")
        assert "проспект Новый, 1" in str(event["LOCATION"])
        assert event["SEQUENCE"] == 1  # a new LOCATION is a revision calendars must see

    def test_unknown_day_is_404(self, client, schedule):
        url = "/ru/calendar/day/00000000-0000-0000-0000-000000000000.ics"
        assert client.get(url).status_code == 404


def test_single_day_file_adds_one_event(client, schedule):
    day = schedule.ospanov_first
    response = client.get(f"/ru/calendar/day/{day.public_id}.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == uid(day)
    assert "Оспанов Нурлан Бекович" in str(event["SUMMARY"])


# --- Cost ------------------------------------------------------------------------------------


def _add_days(days, dates, count, officials):
    """*count* more scheduled days on working days after the fixture's, spread over
    *officials* new officials (each in both languages) at a new venue."""
    venue = VenueFactory()
    translate(venue)
    people = []
    for _index in range(officials):
        person = OfficialFactory()
        translate(person)
        people.append(person)
    date = days[-1] if days else dates.later
    rows = []
    for index in range(count):
        if index % 4 == 0:
            date = dates.working.next_working_day(date)
            days.append(date)
        rows.append(
            ReceptionDay(
                official=people[index % officials],
                venue=venue,
                date=date,
                start_time=T(8 + index % 4 * 2),
                end_time=T(9 + index % 4 * 2),
                status=DayStatus.SCHEDULED,
            )
        )
    ReceptionDay.objects.bulk_create(rows)


def test_feed_queries_do_not_grow_with_the_number_of_events(client, schedule, dates):
    client.get("/kk/calendar/all.ics")  # settings rows are created on first use
    counts, sizes = [], []
    added = []
    in_feed = ReceptionDay.objects.filter(date__lte=horizon_end())
    for extra, officials in ((10, 1), (300, 6)):
        _add_days(added, dates, extra, officials)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/kk/calendar/all.ics")
        assert response.status_code == 200
        calendar = icalendar.Calendar.from_ical(response.content)
        # Every day up to the schedule's horizon, however many.
        assert len(calendar.walk("VEVENT")) == in_feed.count()
        counts.append(len(queries))
        sizes.append(in_feed.count())
    assert counts[0] == counts[1]
    assert sizes[1] > sizes[0] + 100


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pages_link_their_feeds_for_discovery_and_subscribing(
    client, schedule, schedule_page, lang
):
    html = client.get(f"/{lang}/schedule/").content.decode()
    assert (
        '<link rel="alternate" type="text/calendar" title="' in html
        and f'href="http://testserver/{lang}/calendar/all.ics"' in html
    )
    assert f'href="webcal://testserver/{lang}/calendar/all.ics"' in html
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver" in html
    assert f'value="http://testserver/{lang}/calendar/all.ics"' in html  # copy without JS
    response = client.get(f"/{lang}/schedule/official/ospanov-n/")
    assert response.status_code == 200
    page = response.content.decode()
    key = schedule.ospanov.translation_key
    assert f'href="http://testserver/{lang}/calendar/official/{key}.ics"' in page
    assert f"/{lang}/calendar/day/" in page
