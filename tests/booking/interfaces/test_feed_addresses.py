"""Addresses that subscriptions and bookmarks keep: an official's feed by an address that never
changes, old addresses (slug feeds, a page under an old slug) sent on for good, and the
subscribe controls of a filtered schedule offering the feed of what it shows."""

import html
from urllib.parse import quote

import pytest

from booking.models import Official
from tests.booking.interfaces import test_feeds
from tests.booking.interfaces.test_feeds import events_by_uid, get_feed, uid

pytestmark = pytest.mark.django_db

dates = test_feeds.dates
schedule = test_feeds.schedule
schedule_page = test_feeds.schedule_page


def feed_path(lang, official):
    return f"/{lang}/calendar/official/{official.translation_key}.ics"


def rename(official, slug):
    """The editor changes the slug of the official in both languages, as the admin asks."""
    for row in Official.objects.filter(translation_key=official.translation_key):
        row.slug = slug
        row.save()


def test_an_officials_feed_has_an_address_by_translation_key(client, schedule):
    for lang in ("kk", "ru"):
        _response, calendar = get_feed(client, feed_path(lang, schedule.ospanov))
        assert uid(schedule.ospanov_first) in events_by_uid(calendar)
        assert uid(schedule.muratova_video) not in events_by_uid(calendar)


def test_the_slug_address_is_sent_on_for_good(client, schedule):
    response = client.get("/kk/calendar/official/ospanov-n.ics")
    assert response.status_code == 301
    assert response["Location"] == feed_path("kk", schedule.ospanov)


def test_old_addresses_keep_working_after_a_slug_change(client, schedule, schedule_page):
    rename(schedule.ospanov, "ospanov-nb")
    for lang in ("kk", "ru"):
        # The feed: one hop to the address that never changes.
        old_feed = client.get(f"/{lang}/calendar/official/ospanov-n.ics")
        assert old_feed.status_code == 301, lang
        assert old_feed["Location"] == feed_path(lang, schedule.ospanov)
        # The official's page under the schedule.
        old_page = client.get(f"/{lang}/schedule/official/ospanov-n/")
        assert old_page.status_code == 301, lang
        assert old_page["Location"] == f"/{lang}/schedule/official/ospanov-nb/"
        assert client.get(old_page["Location"]).status_code == 200
    # A second change: the first address goes straight to the newest page, no loop.
    rename(schedule.ospanov, "ospanov-nurlan")
    assert client.get("/ru/schedule/official/ospanov-n/")["Location"] == (
        "/ru/schedule/official/ospanov-nurlan/"
    )
    assert client.get("/ru/schedule/official/ospanov-nb/")["Location"] == (
        "/ru/schedule/official/ospanov-nurlan/"
    )
    # And back: the slug in use answers itself.
    rename(schedule.ospanov, "ospanov-n")
    assert client.get("/ru/schedule/official/ospanov-n/").status_code == 200
    assert client.get("/ru/schedule/official/ospanov-nurlan/")["Location"] == (
        "/ru/schedule/official/ospanov-n/"
    )


def test_the_official_page_offers_the_address_that_never_changes(client, schedule, schedule_page):
    page = client.get("/kk/schedule/official/ospanov-n/").content.decode()
    assert f'value="http://testserver{feed_path("kk", schedule.ospanov)}"' in page


def subscribe_controls(page_html):
    """The address in the copy field, the webcal:// button and Google's link."""
    text = html.unescape(page_html)
    start = text.index('id="subscribe-heading"')
    return text[start : text.index("</section>", start)]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_filtered_schedule_offers_the_feed_of_what_it_shows(
    client, schedule, schedule_page, lang
):
    organisation_feed = (
        f"testserver/{lang}/calendar/organisation/{schedule.health.translation_key}.ics"
    )
    official_feed = f"testserver{feed_path(lang, schedule.ospanov)}"
    for query, feed in (
        (f"?organisation={schedule.health.translation_key}", organisation_feed),
        ("?official=ospanov-n", official_feed),
        (f"?organisation={schedule.housing.translation_key}&official=ospanov-n", official_feed),
    ):
        response = client.get(f"/{lang}/schedule/{query}")
        assert response.status_code == 200
        controls = subscribe_controls(response.content.decode())
        assert f'value="http://{feed}"' in controls, query
        assert f'href="webcal://{feed}"' in controls, query
        assert "cid=" + quote(f"webcal://{feed}", safe="") in controls, query
        assert "all.ics" not in controls.split("<details>")[0], query
    # Unfiltered, the page offers all days.
    controls = subscribe_controls(client.get(f"/{lang}/schedule/").content.decode())
    assert f'value="http://testserver/{lang}/calendar/all.ics"' in controls
