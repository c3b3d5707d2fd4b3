"""Press coverage (R27): pages in both languages, linked to officials and days, listing with
filters, RSS/Atom, the press office's panel and permissions."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from booking.domain.workdays import WorkingCalendar
from booking.models import ReceptionDay
from pages.coverage import days_awaiting_coverage
from pages.news import NewsIndexPage, NewsPage
from pages.permissions import PRESS_OFFICE


def news_index(language):
    return NewsIndexPage.objects.get(locale__language_code=language)


@pytest.mark.rule("R27")
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_news_listing_and_page_in_both_languages(demo_site, client, language):
    index = news_index(language)
    listing = client.get(index.url)
    assert listing.status_code == 200
    item = NewsPage.objects.live().filter(locale__language_code=language).first()
    assert item is not None
    assert item.title in listing.content.decode()
    page = client.get(item.url)
    body = page.content.decode()
    assert page.status_code == 200
    assert f'<html lang="{language}"' in body
    day = item.reception_days.get()
    official = day.official.get_translation(Locale.objects.get(language_code=language))
    assert official.full_name in body


@pytest.mark.rule("R27")
def test_kk_and_ru_coverage_link_the_same_day_and_official(demo_site):
    kk = NewsPage.objects.live().filter(locale__language_code="kk").first()
    ru = kk.get_translation(Locale.objects.get(language_code="ru"))
    assert list(kk.reception_days.all()) == list(ru.reception_days.all())
    assert kk.officials.get().translation_key == ru.officials.get().translation_key


def test_an_officials_page_lists_coverage_of_their_receptions(demo_site, client):
    item = NewsPage.objects.live().filter(locale__language_code="ru").first()
    official = item.reception_days.get().official
    response = client.get(f"/ru/schedule/official/{official.slug}/")
    assert response.status_code == 200
    assert item.title in response.content.decode()


def test_listing_filters_by_official_and_month(demo_site, client):
    index = news_index("kk")
    items = list(index.news())
    first = items[0]
    official = first.reception_days.get().official
    by_official = client.get(index.url, {"official": official.slug}).content.decode()
    assert first.url in by_official
    others = [i for i in items if i.reception_days.get().official_id != official.pk]
    assert others
    for other in others:
        assert other.url not in by_official
    month = first.date.strftime("%Y-%m")
    assert first.url in client.get(index.url, {"month": month}).content.decode()
    assert first.url not in client.get(index.url, {"month": "2001-01"}).content.decode()
    assert client.get(index.url, {"month": "nonsense"}).status_code == 200


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_rss_and_atom_parse_with_every_item(demo_site, client, language):
    index = news_index(language)
    titles = {page.title for page in index.news()}
    rss = ET.fromstring(client.get(index.url + "rss/").content)
    assert rss.find("channel/language").text == language
    assert {item.find("title").text for item in rss.iter("item")} == titles
    atom = ET.fromstring(client.get(index.url + "atom/").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert {entry.find("a:title", ns).text for entry in atom.findall("a:entry", ns)} == titles


def _add_news(index, day, number):
    page = NewsPage(title=f"Қабылдау №{number}", slug=f"extra-{number}", lead="Қабылдау өтті.")
    page.reception_days = [day]
    page.officials = [day.official]
    index.add_child(instance=page)
    page.save_revision().publish()


def test_listing_query_count_stays_the_same_with_more_news(demo_site, client):
    index = news_index("kk")
    day = ReceptionDay.objects.first()

    def count():
        cache.clear()  # pages may be cached; count the work of building one
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    count()  # warm the per-process caches (site, settings)
    before = count()
    for number in range(4):
        _add_news(index, day, number)
    assert count() == before


@pytest.mark.rule("R27")
def test_panel_lists_held_days_without_coverage_in_both_languages(demo_site):
    calendar = WorkingCalendar.from_db()
    rows = days_awaiting_coverage(calendar=calendar)
    covered = set(NewsPage.objects.live().values_list("reception_days", flat=True))
    for row in rows:
        assert row.due == calendar.add_working_days(row.day.date, 1)
    uncovered_ids = {row.day.pk for row in rows}
    assert not uncovered_ids & covered
    # Remove the Russian version of one coverage: its day is listed as missing "ru".
    ru = NewsPage.objects.live().filter(locale__language_code="ru").first()
    day = ru.reception_days.get()
    ru.unpublish()
    row = next(r for r in days_awaiting_coverage(calendar=calendar) if r.day.pk == day.pk)
    assert row.missing == ("ru",)


@pytest.mark.rule("R27")
def test_working_days_left_count_across_a_weekend(db):
    import datetime

    from tests.factories import ReceptionDayFactory

    friday = datetime.date(2026, 11, 20)
    day = ReceptionDayFactory(date=friday)
    calendar = WorkingCalendar.from_db()
    rows = days_awaiting_coverage(today=friday, calendar=calendar)
    row = next(r for r in rows if r.day.pk == day.pk)
    assert row.missing == ("kk", "ru")
    assert row.due == datetime.date(2026, 11, 23)  # Monday: one working day later
    assert row.working_days_left == 1
    late = days_awaiting_coverage(today=datetime.date(2026, 11, 24), calendar=calendar)
    assert next(r for r in late if r.day.pk == day.pk).working_days_left == -1


@pytest.mark.usefixtures("staff_groups")
def test_dashboard_shows_the_panel_to_the_press_office(demo_site, client, django_user_model):
    user = django_user_model.objects.create_user("press", password="x")
    user.groups.add(Group.objects.get(name=PRESS_OFFICE))
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="coverage-due-heading"' in response.content.decode()


@pytest.mark.rule("R30")
@pytest.mark.usefixtures("staff_groups")
def test_press_office_may_publish_news_only(demo_site, django_user_model):
    user = django_user_model.objects.create_user("press2", password="x")
    user.groups.add(Group.objects.get(name=PRESS_OFFICE))
    for language in ("kk", "ru"):
        index = news_index(language)
        permissions = index.permissions_for_user(user)
        assert permissions.can_add_subpage()
        item = index.news().first()
        assert item.permissions_for_user(user).can_publish()
    home = demo_site
    assert not home.permissions_for_user(user).can_add_subpage()
    assert not home.permissions_for_user(user).can_edit()
    assert not user.has_perm("booking.view_receptionrequest")
