"""Bounded pages: the schedule shows at most ``PAGE_SIZE`` rows a page in any view (the coming
weeks, a month, all months), with page links that keep the filters; an official's page lists
their next ``OFFICIAL_DAYS`` days and links to the schedule filtered by them for the rest. Rows
come from cached fragments keyed by what they show: an edit or a place taken shows at once."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext

from pages.schedule_routes import OFFICIAL_DAYS, PAGE_SIZE
from tests.factories import (
    OfficialFactory,
    ReceptionDayFactory,
    ReceptionRequestFactory,
    add_days_in_bulk,
    get_locale,
    translate,
)
from tests.pages.test_schedule_pages import add_schedule_page, schedule_table, shown_times

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru"]


@pytest.fixture
def official(home):
    add_schedule_page(home)
    official = OfficialFactory(slug="tuleuov-a", full_name="Төлеуов Асқар")
    translate(official, full_name="Тулеуов Аскар")
    return official


def add_days(official, count):
    """*count* days of *official* inside the coming weeks, eight a day at different hours."""
    add_days_in_bulk(official, count, spread=20)


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def pagination(html):
    return BeautifulSoup(html, "html.parser").select_one("nav.pagination")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("month", [None, "all"])
def test_a_schedule_page_shows_at_most_a_page_of_rows(client, official, language, month):
    add_days(official, 300)
    params = {"month": month} if month else {}
    html = get(client, f"/{language}/schedule/", **params)
    assert len(shown_times(html)) == PAGE_SIZE
    nav = pagination(html)
    with translation.override(language):
        assert gettext("Next page") in nav.get_text()
        label = gettext("Pages of the schedule")
    assert nav["aria-label"] == label
    assert nav.select_one("[aria-current=page]").get_text(strip=True).endswith("1")
    assert "300" in nav.select_one(".pagination__status").get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_two_shows_the_next_rows_and_links_keep_the_filters(client, official, language):
    add_days(official, 120)
    url = f"/{language}/schedule/"
    first = get(client, url, official="tuleuov-a", month="all")
    next_link = pagination(first).select_one("a[rel=next]")["href"]
    assert "official=tuleuov-a" in next_link and "month=all" in next_link
    assert "page=2" in next_link
    second = get(client, url + next_link)
    third = get(client, url, official="tuleuov-a", month="all", page=3)
    rows = shown_times(first) + shown_times(second) + shown_times(third)
    assert len(shown_times(second)) == PAGE_SIZE
    assert len(rows) == 120 and len(set(rows)) == 120
    assert rows == sorted(rows)
    back = pagination(second).select_one("a[rel=prev]")["href"]
    assert "page=" not in back and "official=tuleuov-a" in back
    assert pagination(third).select_one("a[rel=next]") is None


def test_month_links_go_back_to_the_first_page(client, official):
    add_days(official, 120)
    html = get(client, "/ru/schedule/", page=2)
    month_nav = BeautifulSoup(html, "html.parser").select_one("nav.month-nav")
    for link in month_nav.select("a[rel]") if month_nav else []:
        assert "page=" not in link["href"]


@pytest.mark.parametrize("page", ["0", "abc", "-1", "99", "2"])
def test_a_page_that_does_not_exist_is_not_found(client, official, page):
    add_days(official, PAGE_SIZE)  # exactly one page
    assert client.get("/kk/schedule/", {"page": page}).status_code == 404


def test_a_short_schedule_has_no_page_links(client, official):
    add_days(official, 5)
    html = get(client, "/kk/schedule/")
    assert len(shown_times(html)) == 5
    assert pagination(html) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_official_page_lists_the_next_days_and_links_to_the_rest(client, official, language):
    add_days(official, OFFICIAL_DAYS + 5)
    html = get(client, f"/{language}/schedule/official/tuleuov-a/")
    assert len(shown_times(html)) == OFFICIAL_DAYS
    link = BeautifulSoup(html, "html.parser").select_one("p.more-days a")
    name = "Төлеуов Асқар" if language == "kk" else "Тулеуов Аскар"
    assert name in link.get_text()
    assert link["href"].startswith(f"/{language}/schedule/?")
    everything = shown_times(get(client, link["href"]))
    assert len(everything) == OFFICIAL_DAYS + 5
    assert everything[:OFFICIAL_DAYS] == shown_times(html)


def test_an_official_with_few_days_has_no_link_to_more(client, official):
    add_days(official, OFFICIAL_DAYS)
    html = get(client, "/ru/schedule/official/tuleuov-a/")
    assert len(shown_times(html)) == OFFICIAL_DAYS
    assert BeautifulSoup(html, "html.parser").select_one("p.more-days") is None


@pytest.fixture
def no_page_cache(settings):
    """Every request builds its page: what is checked is the rows' own cache."""
    settings.PORTAL_PAGE_CACHE = False


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_edited_official_shows_in_the_cached_rows(client, official, no_page_cache, language):
    ReceptionDayFactory(official=official)
    url = f"/{language}/schedule/"
    before = schedule_table(get(client, url))
    assert schedule_table(get(client, url)) == before  # served from the fragments
    shown = official if language == "kk" else official.get_translation(get_locale("ru"))
    shown.full_name = "Жаңа Есім" if language == "kk" else "Новое Имя"
    shown.save()
    after = schedule_table(get(client, url))
    assert shown.full_name in after
    assert shown.full_name not in before


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_place_taken_shows_in_the_cached_rows(client, official, no_page_cache, language):
    day = ReceptionDayFactory(official=official, capacity=2)
    url = f"/{language}/schedule/"
    with translation.override(language):
        two, one = (gettext("places left: %(n)s") % {"n": n} for n in (2, 1))
        none_left = gettext("no places left")
    assert two in schedule_table(get(client, url))
    ReceptionRequestFactory(preferred_day=day)
    table = schedule_table(get(client, url))
    assert one in table and two not in table
    ReceptionRequestFactory(preferred_day=day)
    assert none_left in schedule_table(get(client, url))


def test_rows_in_each_language_are_kept_apart(client, official, no_page_cache):
    ReceptionDayFactory(official=official)
    kk = schedule_table(get(client, "/kk/schedule/"))
    ru = schedule_table(get(client, "/ru/schedule/"))
    assert "Төлеуов Асқар" in kk and "Тулеуов Аскар" not in kk
    assert "Тулеуов Аскар" in ru and "Төлеуов Асқар" not in ru
    assert 'href="/ru/' in ru and 'href="/ru/' not in kk
