"""No stale page: every change that public pages, feeds and open data show makes the page cache
(``portal.cache``) forget exactly those, in both languages (``booking.receivers``,
``portal.cache_receivers``). Each test warms the cache, changes one thing the way staff,
editors, citizens or the workflow do, and reads the pages again; an unrelated page stays a
cache hit (no query), which shows the change did not empty the whole cache."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from booking.domain import days as day_domain
from booking.domain import signup
from booking.domain.capacity import places_left
from booking.domain.workdays import WorkingCalendar
from booking.enums import ChangeReason, DayStatus
from booking.models import (
    Official,
    Organisation,
    ReceptionDay,
    ReceptionRequest,
    ReceptionSettings,
    Venue,
)
from pages.models import PortalSettings
from tests.booking.interfaces.test_sign_up import form_data

pytestmark = pytest.mark.django_db

OSPANOV = "ospanov-n"


def official_url(language, slug=OSPANOV):
    return f"/{language}/schedule/official/{slug}/"


def warm(client, *urls):
    """Each address served once and then from the cache (proven: no query)."""
    for url in urls:
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == 0, url


def is_cached(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) == 0


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def other_official():
    return (
        Official.objects.filter(locale__language_code="kk", is_active=True)
        .exclude(slug=OSPANOV)
        .first()
    )


def open_day(min_left=2):
    """An upcoming scheduled day of Ospanov with places to spare."""
    for day in ReceptionDay.objects.filter(
        official__slug=OSPANOV, status=DayStatus.SCHEDULED, date__gt=timezone.localdate()
    ).order_by("date"):
        if places_left(day) >= min_left:
            return day
    raise AssertionError("the demo has no open day of Ospanov")


def places_shown(page, day):
    found = re.search(
        rf'\?day={day.public_id}">[^<]*</a> <span class="badge">[^<]*?(\d+)</span>', page
    )
    assert found, f"day {day.public_id} not offered"
    return int(found.group(1))


@pytest.fixture(autouse=True)
def _one_clock(settings):
    """One process, one clock: a page built right after a change may be kept at once."""
    settings.PORTAL_PAGE_CACHE_CLOCK_MARGIN = 0


BOTH_OFFICIAL_PAGES = [official_url("kk"), official_url("ru")]
BOTH_SCHEDULES = ["/kk/schedule/", "/ru/schedule/"]


def test_publishing_a_page_shows_it_in_both_languages_and_leaves_siblings_cached(client, demo_site):
    about_kk = Page.objects.get(url_path__endswith="/about/", locale__language_code="kk").specific
    warm(client, "/kk/about/", "/ru/about/", "/kk/contacts/", "/kk/")
    about_kk.intro = "Жаңа кіріспе мәтіні"
    about_kk.save_revision().publish()
    assert "Жаңа кіріспе мәтіні" in text(client, "/kk/about/")
    # The Russian translation is forgotten with it, the home page lists it, a sibling stays.
    assert not is_cached(client, "/ru/about/")
    assert not is_cached(client, "/kk/")
    assert is_cached(client, "/kk/contacts/")


def test_a_new_address_reaches_the_other_languages_switch_and_every_menu(client, demo_site):
    about_kk = Page.objects.get(url_path__endswith="/about/", locale__language_code="kk").specific
    warm(client, "/ru/about/", "/ru/contacts/")
    about_kk.slug = "biz-turaly"
    about_kk.save_revision().publish()
    assert 'hreflang="kk" href="/kk/biz-turaly/"' in text(client, "/ru/about/").replace(
        "http://testserver", ""
    ) or "/kk/biz-turaly/" in text(client, "/ru/about/")
    assert client.get("/kk/biz-turaly/").status_code == 200
    assert client.get("/kk/about/").status_code == 404


def test_unpublishing_a_page_takes_it_off_at_once(client, demo_site):
    about_ru = Page.objects.get(url_path__endswith="/about/", locale__language_code="ru")
    warm(client, "/ru/about/", "/ru/")
    assert "/ru/about/" in text(client, "/ru/")
    about_ru.unpublish()
    assert client.get("/ru/about/").status_code == 404
    assert 'href="/ru/about/"' not in text(client, "/ru/")


def test_moving_a_page_moves_its_address(client, demo_site):
    contacts = Page.objects.get(url_path__endswith="/contacts/", locale__language_code="ru")
    about = Page.objects.get(url_path__endswith="/about/", locale__language_code="ru")
    warm(client, "/ru/contacts/", "/ru/about/")
    contacts.move(about, pos="last-child")
    # The old address sends visitors on (Wagtail's redirect), no longer to a cached page.
    assert client.get("/ru/contacts/")["Location"] == "/ru/about/contacts/"
    assert client.get("/ru/about/contacts/").status_code == 200
    assert "/ru/about/contacts/" in text(client, "/ru/about/")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_editing_an_official_shows_everywhere_and_only_there(client, demo_site, language):
    other = other_official()
    warm(client, *BOTH_OFFICIAL_PAGES, *BOTH_SCHEDULES, official_url("kk", other.slug))
    official = Official.objects.get(slug=OSPANOV, locale__language_code=language)
    official.position = "Жаңа лауазым / Новая должность"
    official.save()
    for url in (official_url(language), f"/{language}/schedule/"):
        assert "Жаңа лауазым / Новая должность" in text(client, url), url
    feed = client.get(f"/{language}/calendar/official/{official.translation_key}.ics")
    assert "Новая должность" in feed.content.decode().replace("\r\n ", "")
    # Another official's page does not show this official.
    assert is_cached(client, official_url("kk", other.slug))


@pytest.mark.parametrize("model", [Organisation, Venue])
def test_editing_an_organisation_or_a_venue_shows_on_every_page_of_its_days(
    client, demo_site, model
):
    day = open_day(min_left=0)
    warm(client, *BOTH_OFFICIAL_PAGES, *BOTH_SCHEDULES, "/ru/schedule/csv/")
    target = day.official.organisation if model is Organisation else day.venue
    ru = model.objects.get(translation_key=target.translation_key, locale__language_code="ru")
    ru.name = "Переименовано для проверки"
    ru.save()
    for url in ("/ru/schedule/", official_url("ru"), "/ru/schedule/csv/"):
        assert "Переименовано для проверки" in text(client, url), url
    assert not is_cached(client, official_url("kk"))


def test_a_new_day_shows_on_the_schedule_the_official_page_and_the_feeds(client, demo_site):
    existing = open_day(min_left=0)
    warm(client, *BOTH_OFFICIAL_PAGES, *BOTH_SCHEDULES, "/ru/calendar/all.ics")
    date = WorkingCalendar.from_db().working_day_on_or_after(
        timezone.localdate() + datetime.timedelta(days=9)
    )
    day = day_domain.save_day(
        ReceptionDay(
            official=existing.official,
            venue=existing.venue,
            date=date,
            start_time=datetime.time(16, 10),
            end_time=datetime.time(17, 20),
            capacity=4,
        )
    )
    for url in (*BOTH_OFFICIAL_PAGES, "/kk/schedule/?month=all", "/ru/schedule/?month=all"):
        assert f"?day={day.public_id}" in text(client, url), url
    assert str(day.public_id) in client.get("/ru/calendar/all.ics").content.decode()


def test_a_moved_day_shows_its_new_date(client, demo_site):
    day = open_day(min_left=0)
    warm(client, *BOTH_OFFICIAL_PAGES, "/ru/calendar/all.ics")
    date = WorkingCalendar.from_db().working_day_on_or_after(
        timezone.localdate() + datetime.timedelta(days=11)
    )
    new_day = day_domain.move_day(
        day,
        date=date,
        start_time=datetime.time(15, 5),
        end_time=datetime.time(16, 5),
        reason=ChangeReason.BUSINESS_TRIP,
    )
    for url in BOTH_OFFICIAL_PAGES:
        page = text(client, url)
        assert f"?day={new_day.public_id}" in page, url
        assert f"?day={day.public_id}" not in page, url
        assert "15:05" in page
    assert "STATUS:CANCELLED" in client.get("/ru/calendar/all.ics").content.decode() or (
        str(new_day.public_id) in client.get("/ru/calendar/all.ics").content.decode()
    )


def test_a_cancelled_day_shows_as_cancelled(client, demo_site):
    day = open_day(min_left=0)
    warm(client, *BOTH_OFFICIAL_PAGES, *BOTH_SCHEDULES)
    before = {url: text(client, url).count("badge--cancelled") for url in BOTH_OFFICIAL_PAGES}
    day_domain.cancel_day(day, ChangeReason.ILLNESS)
    for url in BOTH_OFFICIAL_PAGES:
        page = text(client, url)
        assert f"?day={day.public_id}" not in page, url
        assert page.count("badge--cancelled") == before[url] + 1, url


def test_a_place_taken_by_signing_up_shows_at_once(client, demo_site):
    day = open_day()
    warm(client, *BOTH_OFFICIAL_PAGES)
    shown = places_shown(text(client, official_url("ru")), day)
    official = Official.objects.get(
        translation_key=day.official.translation_key, locale__language_code="kk"
    )
    # Another visitor signs up (the one reading the pages keeps no session).
    response = type(client)().post(
        "/kk/reception/sign-up/", form_data(preferred_day=day.pk, official=official.pk)
    )
    assert response.status_code == 302
    assert not client.cookies
    for url in BOTH_OFFICIAL_PAGES:
        assert places_shown(text(client, url), day) == shown - 1, url


def test_a_place_freed_by_the_workflow_shows_at_once(client, demo_site):
    day = open_day()
    submission = signup.submit(
        {
            **form_data(language="ru"),
            "official": day.official,
            "preferred_day": day,
            "consent": True,
        }
    )
    warm(client, *BOTH_OFFICIAL_PAGES, "/ru/schedule/?month=all")
    shown = places_shown(text(client, official_url("ru")), day)
    signup.withdraw(submission.reception_request)
    for url in (*BOTH_OFFICIAL_PAGES, "/ru/schedule/?month=all"):
        assert places_shown(text(client, url), day) == shown + 1, url


def test_an_edit_of_a_request_that_moves_no_place_keeps_the_pages(client, demo_site):
    day = open_day()
    submission = signup.submit(
        {**form_data(language="ru"), "official": day.official, "preferred_day": day}
    )
    warm(client, *BOTH_OFFICIAL_PAGES)
    request = ReceptionRequest.objects.get(pk=submission.reception_request.pk)
    request.phone = "+77019998877"
    request.save()
    assert all(is_cached(client, url) for url in BOTH_OFFICIAL_PAGES)


def test_portal_settings_show_on_every_page_and_feed(client, demo_site):
    warm(client, "/kk/", "/ru/about/", *BOTH_SCHEDULES)
    portal = PortalSettings.load()
    portal.office_phone = "+7 7172 99 88 77"
    portal.save()
    for url in ("/kk/", "/ru/about/", *BOTH_SCHEDULES):
        assert "+7 7172 99 88 77" in text(client, url), url
    assert "+7 7172 99 88 77" in client.get("/ru/calendar/all.ics").content.decode()


def test_reception_settings_show_on_the_schedule(client, demo_site):
    warm(client, *BOTH_SCHEDULES, *BOTH_OFFICIAL_PAGES)
    before = text(client, "/ru/schedule/")
    reception = ReceptionSettings.load()
    reception.restriction_mode = not reception.restriction_mode
    reception.save()
    for url in (*BOTH_SCHEDULES, *BOTH_OFFICIAL_PAGES):
        assert not is_cached(client, url), url
    assert text(client, "/ru/schedule/") != before
