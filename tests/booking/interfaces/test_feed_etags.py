"""Each feed's ETag follows what that feed shows, and only that: an edit of one official leaves
the other officials' and organisations' feeds alone (their subscribers' 304 stays a 304), while
everything that changes a feed's body changes its ETag, deletions, an unpublished or private
schedule page and a new translation catalogue included."""

import shutil

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.models import PageViewRestriction

from booking.interfaces import feeds
from booking.models import Official
from pages.models import SchedulePage
from tests.booking.interfaces import test_feeds
from tests.booking.interfaces.test_feeds import unfolded

pytestmark = pytest.mark.django_db

dates = test_feeds.dates
schedule = test_feeds.schedule
schedule_page = test_feeds.schedule_page


def official_feed(schedule, name, lang="ru"):
    return f"/{lang}/calendar/official/{getattr(schedule, name).translation_key}.ics"


def organisation_feed(schedule, name, lang="ru"):
    return f"/{lang}/calendar/organisation/{getattr(schedule, name).translation_key}.ics"


def etags(client, urls):
    return {url: client.get(url)["ETag"] for url in urls}


def test_editing_one_official_leaves_the_other_feeds_alone(client, schedule, schedule_page):
    untouched = [
        official_feed(schedule, "ospanov"),
        official_feed(schedule, "bekmukhamedov", "kk"),
        organisation_feed(schedule, "housing"),
        organisation_feed(schedule, "housing", "kk"),
    ]
    touched = [
        official_feed(schedule, "muratova"),
        organisation_feed(schedule, "health"),
        "/ru/calendar/all.ics",
    ]
    before = etags(client, untouched + touched)
    muratova = Official.objects.get(pk=schedule.muratova_ru.pk)
    muratova.full_name = "Муратова Динара А."
    muratova.save()
    after = etags(client, untouched + touched)
    for url in untouched:
        assert after[url] == before[url], url
        response = client.get(url, headers={"if-none-match": before[url]})
        assert response.status_code == 304, url
    for url in touched:
        assert after[url] != before[url], url
    # A change that no event shows still reaches only the feeds that show the official.
    before = after
    bekmukhamedov = Official.objects.get(pk=schedule.bekmukhamedov.pk)
    bekmukhamedov.sort_order = 99
    bekmukhamedov.save()
    after = etags(client, untouched + touched)
    assert after[official_feed(schedule, "ospanov")] == before[official_feed(schedule, "ospanov")]
    assert (
        after[organisation_feed(schedule, "health")]
        != (before[organisation_feed(schedule, "health")])
    )


def test_deleting_a_translation_changes_the_feeds_that_showed_it(client, schedule):
    # The Kazakh row changed last: the deleted Russian one is not the newest, only its count goes.
    Official.objects.get(pk=schedule.ospanov.pk).save()
    urls = [official_feed(schedule, "ospanov"), organisation_feed(schedule, "housing")]
    first = {url: client.get(url) for url in urls}
    Official.objects.filter(pk=schedule.ospanov_ru.pk).delete()
    for url in urls:
        assert "Оспанов Нурлан Бекович" in unfolded(first[url])
        again = client.get(url, headers={"if-none-match": first[url]["ETag"]})
        assert again.status_code == 200, url
        assert "Оспанов Нурлан Бекович" not in unfolded(again)
        assert "Оспанов Нұрлан Бекұлы" in unfolded(again)  # the Kazakh row stands in


def ru_schedule_page():
    return SchedulePage.objects.get(locale__language_code="ru")


def test_unpublishing_the_schedule_page_changes_that_languages_feeds(
    client, schedule, schedule_page
):
    urls = ["/ru/calendar/all.ics", "/kk/calendar/all.ics"]
    before = etags(client, urls)
    assert "/ru/schedule/official/" in unfolded(client.get(urls[0]))
    ru_schedule_page().unpublish()
    after = etags(client, urls)
    assert after["/ru/calendar/all.ics"] != before["/ru/calendar/all.ics"]
    assert "/ru/schedule/official/" not in unfolded(client.get(urls[0]))
    # The other language's schedule page is as it was.
    assert after["/kk/calendar/all.ics"] == before["/kk/calendar/all.ics"]


def test_making_the_schedule_page_private_changes_that_languages_feeds(
    client, schedule, schedule_page
):
    urls = ["/ru/calendar/all.ics", "/kk/calendar/all.ics"]
    before = etags(client, urls)
    PageViewRestriction.objects.create(
        page=ru_schedule_page(), restriction_type=PageViewRestriction.LOGIN
    )
    after = etags(client, urls)
    assert after["/ru/calendar/all.ics"] != before["/ru/calendar/all.ics"]
    assert "/ru/schedule/official/" not in unfolded(client.get(urls[0]))
    assert after["/kk/calendar/all.ics"] == before["/kk/calendar/all.ics"]


def test_a_new_translation_catalogue_changes_the_etag(client, schedule, tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], locale)
    catalogue = locale / "ru" / "LC_MESSAGES" / "django.mo"
    with override_settings(LOCALE_PATHS=[locale]):
        feeds.catalogue_fingerprint.cache_clear()
        first = feeds.catalogue_fingerprint("ru")
        catalogue.write_bytes(catalogue.read_bytes() + b"\0")
        assert feeds.catalogue_fingerprint("ru") == first  # read once per process
        feeds.catalogue_fingerprint.cache_clear()
        assert feeds.catalogue_fingerprint("ru") != first
    feeds.catalogue_fingerprint.cache_clear()
    # The feed's ETag carries it.
    url = "/ru/calendar/all.ics"
    before = client.get(url)["ETag"]
    monkeypatch.setattr(feeds, "catalogue_fingerprint", lambda language: "another catalogue")
    assert client.get(url)["ETag"] != before
