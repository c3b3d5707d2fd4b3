"""The schedule fits a phone: by default it shows the month of the next reception day and the
month after, with links to step month by month (the other filters stay); "All months" and open
data keep the whole horizon; every day one can still sign up for offers the link to do so."""

import datetime
import json
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from booking.domain.days import cancel_day
from booking.domain.workdays import WorkingCalendar
from booking.enums import ChangeReason
from tests.factories import (
    OfficialFactory,
    ReceptionDayFactory,
    ReceptionRequestFactory,
    translate,
)
from tests.pages.test_schedule_pages import add_schedule_page, schedule_table, shown_times

pytestmark = pytest.mark.django_db

T = datetime.time


@pytest.fixture
def months(home):
    """A reception day in each of three months: the next working day's month (two days), the
    month after and the one after that (still inside the three-month horizon)."""
    add_schedule_page(home)
    calendar = WorkingCalendar.from_db()
    first = calendar.next_working_day(timezone.localdate())
    start = first.replace(day=1)
    second = calendar.working_day_on_or_after(start + relativedelta(months=1, days=9))
    third = calendar.working_day_on_or_after(start + relativedelta(months=2, days=2))
    tuleuov = OfficialFactory(slug="tuleuov-a", full_name="Төлеуов Асқар")
    translate(tuleuov, full_name="Тулеуов Аскар")
    muratova = OfficialFactory(slug="muratova-d", full_name="Мұратова Динара")
    translate(muratova, full_name="Муратова Динара")
    return SimpleNamespace(
        first=first,
        second=second,
        third=third,
        days=[
            ReceptionDayFactory(official=tuleuov, date=first),
            ReceptionDayFactory(official=muratova, date=first, start_time=T(15), end_time=T(17)),
            ReceptionDayFactory(official=tuleuov, date=second),
            ReceptionDayFactory(official=tuleuov, date=third),
        ],
    )


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def month_links(html):
    """{rel: href} of the links that step to the previous and next month."""
    nav = BeautifulSoup(html, "html.parser").select_one("nav.month-nav")
    return {} if nav is None else {a["rel"][0]: a["href"] for a in nav.select("a[rel]")}


def month_value(day):
    return f"{day:%Y-%m}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_default_view_shows_two_months_and_steps_to_the_next_and_back(client, months, language):
    url = f"/{language}/schedule/"
    html = page(client, url)
    shown = {day for day, _start in shown_times(html)}
    assert shown == {months.first, months.second}
    links = month_links(html)
    assert "prev" not in links  # nothing before the coming weeks
    assert schedule_table(html).count("?day=") == 3  # a sign-up link on every row
    assert links["next"] == f"?month={month_value(months.third)}"
    with translation.override(language):
        label = date_format(months.third, "F Y")
    assert label in BeautifulSoup(html, "html.parser").select_one("nav.month-nav").get_text()

    later = page(client, url + links["next"])
    assert {day for day, _start in shown_times(later)} == {months.third}
    back = month_links(later)["prev"]
    assert back == f"?month={month_value(months.second)}"
    assert {day for day, _start in shown_times(page(client, url + back))} == {months.second}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_page_says_which_dates_it_shows(client, months, language):
    html = page(client, f"/{language}/schedule/")
    period = BeautifulSoup(html, "html.parser").select_one(".schedule-period").get_text()
    last = months.second.replace(day=1) + relativedelta(months=1, days=-1)
    with translation.override(language):
        assert date_format(last, "j E Y").lower() in period
        assert date_format(timezone.localdate(), "j E").lower() in period


def test_month_links_keep_the_other_filters(client, months):
    html = page(client, "/ru/schedule/", official="tuleuov-a", mode="in_person")
    assert shown_times(html) == [(months.first, "10:00"), (months.second, "10:00")]
    link = month_links(html)["next"]
    assert "official=tuleuov-a" in link and "mode=in_person" in link
    assert f"month={month_value(months.third)}" in link
    assert shown_times(page(client, "/ru/schedule/" + link)) == [(months.third, "10:00")]


def test_the_month_filter_offers_the_coming_weeks_first_and_all_months(client, months):
    html = page(client, "/kk/schedule/")
    select = BeautifulSoup(html, "html.parser").select_one("select[name=month]")
    values = [option["value"] for option in select.select("option")]
    assert values[0] == ""
    assert values[-1] == "all"
    assert month_value(months.third) in values
    everything = page(client, "/kk/schedule/", month="all")
    assert {day for day, _start in shown_times(everything)} == {
        months.first,
        months.second,
        months.third,
    }
    assert month_links(everything) == {}


def test_default_view_starts_at_the_month_of_the_next_reception_day(client, home):
    """Nothing left this month: the two months shown are the next ones with reception days."""
    add_schedule_page(home)
    calendar = WorkingCalendar.from_db()
    next_month = timezone.localdate().replace(day=1) + relativedelta(months=1)
    first = calendar.working_day_on_or_after(next_month + relativedelta(days=3))
    second = calendar.working_day_on_or_after(next_month + relativedelta(months=1, days=3))
    for day in (first, second):
        ReceptionDayFactory(date=day)
    html = page(client, "/ru/schedule/")
    assert {day for day, _start in shown_times(html)} == {first, second}
    assert month_links(html)["next"] == f"?month={second + relativedelta(months=1):%Y-%m}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_open_data_keeps_the_whole_horizon(client, months, language):
    body = json.loads(client.get(f"/{language}/schedule/json/").content)
    assert {day["date"] for day in body["days"]} == {
        months.first.isoformat(),
        months.second.isoformat(),
        months.third.isoformat(),
    }
    csv_text = client.get(f"/{language}/schedule/csv/").content.decode("utf-8-sig")
    assert months.third.isoformat() in csv_text


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_open_day_offers_its_sign_up_link(client, months, language):
    tuleuov_first, muratova_first, tuleuov_second, tuleuov_third = months.days
    muratova_first.capacity = 1
    muratova_first.save()
    ReceptionRequestFactory(preferred_day=muratova_first)
    cancel_day(tuleuov_second, ChangeReason.ILLNESS)
    ended = ReceptionDayFactory(
        official=tuleuov_first.official,
        date=timezone.localdate(),
        start_time=T(0, 0),
        end_time=T(0, 1),
    )

    table = schedule_table(page(client, f"/{language}/schedule/", month="all"))
    with translation.override(language):
        sign_up, no_places = gettext("Sign up for this day"), gettext("no places left")
        places_left = gettext("places left: %(n)s") % {"n": 10}
    assert table.count(sign_up) == 2
    for day in (tuleuov_first, tuleuov_third):
        assert f"?day={day.public_id}" in table
    for day in (muratova_first, tuleuov_second, ended):
        assert f"?day={day.public_id}" not in table
    assert table.count(no_places) == 1
    assert table.count(places_left) == 2
