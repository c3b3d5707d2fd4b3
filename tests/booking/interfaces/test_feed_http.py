"""The feeds over HTTP as calendar apps and link checkers meet them: HEAD, file names and
PRODID per feed, a cached body per scheme, and no day of an official out of the schedule."""

import icalendar
import pytest

from booking.models import Official
from tests.booking.interfaces import test_feeds

pytestmark = pytest.mark.django_db

# The schedule of ``test_feeds``: three officials of two organisations at one venue.
dates = test_feeds.dates
schedule = test_feeds.schedule
schedule_page = test_feeds.schedule_page


def feed_urls(schedule, lang="ru"):
    return [
        f"/{lang}/calendar/all.ics",
        f"/{lang}/calendar/official/{schedule.ospanov.translation_key}.ics",
        f"/{lang}/calendar/organisation/{schedule.health.translation_key}.ics",
        f"/{lang}/calendar/venue/{schedule.venue.translation_key}.ics",
        f"/{lang}/calendar/day/{schedule.ospanov_first.public_id}.ics",
    ]


def test_head_answers_every_feed_like_get_without_a_body(client, schedule):
    for url in feed_urls(schedule):
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
        for header in ("Content-Type", "Content-Disposition", "ETag", "Last-Modified"):
            assert head[header] == got[header], (url, header)
        # A conditional HEAD is answered like a conditional GET.
        again = client.head(url, headers={"if-none-match": got["ETag"]})
        assert again.status_code == 304, url


def test_feeds_refuse_methods_that_change_things(client, schedule):
    assert client.post("/ru/calendar/all.ics").status_code == 405


def test_each_organisation_and_venue_feed_has_a_file_name_of_its_own(client, schedule, dates):
    second_venue = test_feeds.VenueFactory(name="Азаматтарды қабылдау орталығы")
    test_feeds.translate(second_venue, name="Центр приёма граждан")
    names = {}
    for kind, objects in (
        ("organisation", (schedule.housing, schedule.health)),
        ("venue", (schedule.venue, second_venue)),
    ):
        for obj in objects:
            url = f"/ru/calendar/{kind}/{obj.translation_key}.ics"
            disposition = client.get(url)["Content-Disposition"]
            names[url] = disposition.split('filename="', 1)[1].rstrip('"')
    assert len(set(names.values())) == len(names), names
    for name in names.values():
        assert name.isascii() and name.endswith("-ru.ics"), name
    health = names[f"/ru/calendar/organisation/{schedule.health.translation_key}.ics"]
    assert health == "reception-upravlenie-zdravookhraneniia-ru.ics"
    centre = names[f"/ru/calendar/venue/{second_venue.translation_key}.ics"]
    assert centre == "reception-tsentr-priema-grazhdan-ru.ics"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_prodid_names_the_language_of_the_feed(client, schedule, lang):
    for url in feed_urls(schedule, lang):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        assert str(calendar["PRODID"]).endswith(f"//{lang.upper()}"), url


def test_the_cached_body_is_kept_apart_per_scheme(client, schedule, schedule_page):
    url = f"/ru/calendar/official/{schedule.ospanov.translation_key}.ics"
    plain = test_feeds.unfolded(client.get(url))
    assert "http://testserver/ru/schedule/official/" in plain
    secure = test_feeds.unfolded(client.get(url, secure=True))
    assert "https://testserver/ru/schedule/official/" in secure
    assert "http://testserver/" not in secure


def test_the_file_of_one_day_is_gone_with_an_official_taken_out_of_the_schedule(client, schedule):
    day = schedule.ospanov_first
    url = f"/ru/calendar/day/{day.public_id}.ics"
    assert client.get(url).status_code == 200
    Official.objects.filter(pk=schedule.ospanov.pk).update(is_active=False)
    assert client.get(url).status_code == 404
    # As the feeds leave the day out.
    _response, calendar = test_feeds.get_feed(client, "/ru/calendar/all.ics")
    assert test_feeds.uid(day) not in test_feeds.events_by_uid(calendar)
