"""The published schedule as a visitor sees it, in Kazakh and in Russian (R01, R02, R19, R20):
the schedule page and its filters, an official's page, the poster, open data, query counts."""

import csv
import datetime
import io
import json
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from booking.domain.days import cancel_day, move_day
from booking.domain.workdays import WorkingCalendar
from booking.enums import ChangeReason, OrganisationKind, ReceptionKind, ReceptionMode
from booking.interfaces.open_data import FIELDS as OPEN_DATA_FIELDS
from booking.models import ReceptionSettings
from pages.models import SchedulePage
from tests.factories import (
    OfficialFactory,
    OrganisationFactory,
    ReceptionDayFactory,
    VenueFactory,
    get_locale,
    translate,
)

pytestmark = pytest.mark.django_db

T = datetime.time


def add_schedule_page(home, **fields):
    """The schedule page under the Kazakh home, published, with its Russian translation."""
    page = home.add_child(
        instance=SchedulePage(title="Қабылдау кестесі", slug="schedule", **fields)
    )
    page.save_revision().publish()
    ru = get_locale("ru")
    alias = page.get_translation_or_none(ru)
    if alias is not None:  # the synchronised tree may have made an alias
        alias.delete()
    ru_page = page.copy_for_translation(ru)
    ru_page.title = "График приёма"
    ru_page.slug = "schedule"
    ru_page.save_revision().publish()
    return page


@pytest.fixture
def schedule_page(home):
    return add_schedule_page(home)


@pytest.fixture
def working_calendar(db):
    return WorkingCalendar.from_db()


@pytest.fixture
def dates(working_calendar):
    """Working days ahead: two soon, one in the month after the first, one before today."""
    today = timezone.localdate()
    first = working_calendar.next_working_day(today)
    second = working_calendar.next_working_day(first)
    month_after = (first.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    later = working_calendar.working_day_on_or_after(month_after + datetime.timedelta(days=7))
    moved_to = working_calendar.next_working_day(later)
    past = working_calendar.add_working_days(today, -3)
    return SimpleNamespace(
        today=today, first=first, second=second, later=later, moved_to=moved_to, past=past
    )


@pytest.fixture
def people(db):
    """Two organisations, a venue and two officials, each in Kazakh and in Russian."""
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
        kind=OrganisationKind.DEPARTMENT,
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
    tuleuov = OfficialFactory(
        full_name="Төлеуов Асқар Нұрланұлы",
        position="Энергетика басқармасының басшысы",
        slug="tuleuov-a",
        organisation=housing,
        responsibilities="Жылу, электр, газ және сумен жабдықтау.",
        reception_phone="+7 7000 12 40 01",
        reception_email="tuleuov@altyntau.example.kz",
        sort_order=10,
    )
    tuleuov_ru = translate(
        tuleuov,
        full_name="Тулеуов Аскар Нурланович",
        position="Руководитель управления энергетики",
        responsibilities="Тепло-, электро-, газо- и водоснабжение.",
    )
    muratova = OfficialFactory(
        full_name="Мұратова Динара Әлібекқызы",
        position="Денсаулық сақтау басқармасының басшысы",
        slug="muratova-d",
        organisation=health,
        responsibilities="Медициналық көмектің қолжетімділігі.",
        reception_phone="",
        reception_email="",
        sort_order=20,
    )
    muratova_ru = translate(
        muratova,
        full_name="Муратова Динара Алибековна",
        position="Руководитель управления здравоохранения",
        responsibilities="Доступность медицинской помощи.",
    )
    return SimpleNamespace(
        housing=housing,
        housing_ru=housing_ru,
        health=health,
        health_ru=health_ru,
        venue=venue,
        venue_ru=venue_ru,
        tuleuov=tuleuov,
        tuleuov_ru=tuleuov_ru,
        muratova=muratova,
        muratova_ru=muratova_ru,
    )


@pytest.fixture
def days(people, dates):
    """Tuleuov receives in person on the first and the later day (and received in the past);
    Muratova by video on the second day, her later day entered on her Russian row."""
    return SimpleNamespace(
        tuleuov_first=ReceptionDayFactory(
            official=people.tuleuov, venue=people.venue, date=dates.first
        ),
        tuleuov_later=ReceptionDayFactory(
            official=people.tuleuov,
            venue=people.venue,
            date=dates.later,
            mode=ReceptionMode.EITHER,
        ),
        tuleuov_past=ReceptionDayFactory(
            official=people.tuleuov, venue=people.venue, date=dates.past
        ),
        muratova_second=ReceptionDayFactory(
            official=people.muratova,
            venue=people.venue,
            date=dates.second,
            start_time=T(15),
            end_time=T(17),
            mode=ReceptionMode.VIDEO,
        ),
        muratova_later=ReceptionDayFactory(
            official=people.muratova_ru,
            venue=people.venue_ru,
            date=dates.later,
            start_time=T(15),
            end_time=T(17),
            mode=ReceptionMode.VIDEO,
        ),
    )


def get_html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def schedule_table(html):
    return html.split('<table class="schedule">', 1)[1].split("</table>", 1)[0]


def shown_times(html):
    """(date, start) of each row of the schedule table, as the <time> elements give them."""
    found = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})">', schedule_table(html))
    return [(datetime.date.fromisoformat(day), start) for day, start in found]


def in_language(code, function, *args):
    with translation.override(code):
        return str(function(*args))


def set_restriction_mode(on):
    settings = ReceptionSettings.load()
    settings.restriction_mode = on
    settings.save()


class TestSchedulePage:
    @pytest.mark.rule("R04")
    @pytest.mark.parametrize(
        ("language", "kind_label"),
        [("kk", "Халықпен кездесуден кейін"), ("ru", "По итогам встречи с населением")],
    )
    def test_a_reception_outside_the_schedule_shows_its_kind_and_basis(
        self, client, schedule_page, people, dates, language, kind_label
    ):
        ReceptionDayFactory(
            official=people.tuleuov,
            venue=people.venue,
            date=dates.second,
            kind=ReceptionKind.AFTER_MEETING,
            basis="Кездесу / встреча 12.11.2026",
        )
        table = schedule_table(get_html(client, f"/{language}/schedule/"))
        assert f"{kind_label}: Кездесу / встреча 12.11.2026" in table

    @pytest.mark.rule("R01", "R02")
    def test_russian_schedule_shows_every_r02_column_in_russian(
        self, client, schedule_page, people, days, dates
    ):
        html = get_html(client, "/ru/schedule/")
        assert '<html lang="ru">' in html
        table = schedule_table(html)
        for header in ("Date and time", "Official", "State body", "Location", "Contacts"):
            assert f'scope="col">{in_language("ru", gettext, header)}</th>' in table
        assert "Управление энергетики и ЖКХ" in table  # state body
        assert "Тулеуов Аскар Нурланович" in table  # full name
        assert "Руководитель управления энергетики" in table  # position
        assert f'<time datetime="{dates.first:%Y-%m-%d}T10:00">' in table  # date
        assert "10:00–12:00" in table  # time
        assert "Общественная приёмная акимата области" in table  # location
        assert "г. Акжар, проспект Бейбитшилик, 10, кабинет 101" in table
        assert 'href="tel:+77000124001"' in table  # phone
        assert 'href="mailto:tuleuov@altyntau.example.kz"' in table  # e-mail
        for kazakh in ("Төлеуов", "Энергетика және ТКШ", "қоғамдық қабылдау бөлмесі", "Мұратова"):
            assert kazakh not in table

    @pytest.mark.rule("R01")
    def test_kazakh_schedule_shows_kazakh_names(self, client, schedule_page, people, days):
        html = get_html(client, "/kk/schedule/")
        assert '<html lang="kk">' in html
        table = schedule_table(html)
        for header in ("Date and time", "Official", "State body", "Location", "Contacts"):
            assert f'scope="col">{in_language("kk", gettext, header)}</th>' in table
        assert "Төлеуов Асқар Нұрланұлы" in table
        assert "Энергетика басқармасының басшысы" in table
        assert "Энергетика және ТКШ басқармасы" in table
        assert "Облыс әкімдігінің қоғамдық қабылдау бөлмесі" in table
        # A day entered on the official's Russian row is still shown in Kazakh.
        assert table.count("Мұратова Динара Әлібекқызы") == 2
        for russian in ("Тулеуов", "Муратова", "Управление", "Общественная приёмная"):
            assert russian not in table

    @pytest.mark.rule("R02")
    def test_official_without_own_contacts_shows_the_organisations(
        self, client, schedule_page, people, days
    ):
        table = schedule_table(get_html(client, "/ru/schedule/"))
        assert 'href="tel:+77000125000"' in table
        assert 'href="mailto:densaulyk@altyntau.example.kz"' in table

    def test_schedule_lists_upcoming_days_in_date_order_without_past_ones(
        self, client, schedule_page, days, dates
    ):
        assert shown_times(get_html(client, "/kk/schedule/")) == [
            (dates.first, "10:00"),
            (dates.second, "15:00"),
            (dates.later, "10:00"),
            (dates.later, "15:00"),
        ]

    def test_official_names_link_to_their_pages(self, client, schedule_page, days):
        table = schedule_table(get_html(client, "/ru/schedule/"))
        assert '<a href="/ru/schedule/official/tuleuov-a/">Тулеуов Аскар Нурланович</a>' in table

    @pytest.mark.rule("R20")
    @pytest.mark.parametrize("language", ["kk", "ru"])
    def test_cancelled_and_moved_days_stay_listed_and_marked(
        self, client, schedule_page, days, dates, language
    ):
        cancel_day(days.tuleuov_first, ChangeReason.ILLNESS)
        move_day(
            days.muratova_second,
            date=dates.moved_to,
            start_time=T(16),
            end_time=T(18),
            reason=ChangeReason.BUSINESS_TRIP,
        )

        html = get_html(client, f"/{language}/schedule/")

        table = schedule_table(html)
        assert (dates.first, "10:00") in shown_times(html)
        assert (dates.second, "15:00") in shown_times(html)
        assert (dates.moved_to, "16:00") in shown_times(html)
        assert table.count('class="schedule__row schedule__row--cancelled"') == 1
        assert table.count('class="schedule__row schedule__row--moved"') == 1
        cancelled = in_language(language, pgettext, "reception day status", "Cancelled")
        illness = in_language(language, pgettext, "reason a reception day changed", "Illness")
        moved = in_language(language, pgettext, "reception day status", "Moved")
        assert f'<p class="badge badge--cancelled">{cancelled}: {illness.lower()}</p>' in table
        assert f'<p class="badge badge--moved">{moved} — ' in table
        assert "16:00" in table.split("badge--moved", 1)[1].split("</p>", 1)[0]

    @pytest.mark.rule("R19")
    @pytest.mark.parametrize("language", ["kk", "ru"])
    def test_restriction_mode_announces_video_only_and_shows_every_day_as_video(
        self, client, schedule_page, days, language
    ):
        set_restriction_mode(True)
        html = get_html(client, f"/{language}/schedule/")
        notice = in_language(language, gettext, "Receptions by video conference only")
        assert 'class="notice notice--danger"' in html
        assert f'<h2 class="notice__title">{notice}</h2>' in html
        video = in_language(language, pgettext, "reception mode", "By video conference")
        modes = re.findall(r'<span class="schedule__mode">(.*?)</span>', schedule_table(html))
        assert len(modes) == 4
        assert set(modes) == {video}

    def test_without_restriction_days_show_their_own_mode_and_no_notice(
        self, client, schedule_page, days
    ):
        html = get_html(client, "/ru/schedule/")
        assert "notice--danger" not in html
        modes = re.findall(r'<span class="schedule__mode">(.*?)</span>', schedule_table(html))
        assert modes == [
            in_language("ru", pgettext, "reception mode", "In person"),
            in_language("ru", pgettext, "reception mode", "By video conference"),
            in_language("ru", pgettext, "reception mode", "In person or by video conference"),
            in_language("ru", pgettext, "reception mode", "By video conference"),
        ]

    @pytest.mark.rule("R33")
    def test_schedule_page_of_one_organisation_lists_only_its_officials(
        self, client, home, people, days, dates
    ):
        add_schedule_page(home, organisation=people.health)
        html = get_html(client, "/ru/schedule/")
        assert shown_times(html) == [(dates.second, "15:00"), (dates.later, "15:00")]
        assert "Тулеуов" not in schedule_table(html)
        response = client.get("/ru/schedule/official/tuleuov-a/")
        assert response.status_code == 404

    def test_page_links_its_open_data_and_poster(self, client, schedule_page):
        html = get_html(client, "/ru/schedule/")
        assert 'type="text/csv"' in html and 'href="/ru/schedule/csv/"' in html
        assert 'type="application/json"' in html and 'href="/ru/schedule/json/"' in html
        assert 'href="/ru/schedule/poster/"' in html


class TestFilters:
    def test_month_filter_shows_only_that_months_days(self, client, schedule_page, days, dates):
        html = get_html(client, "/kk/schedule/", month=f"{dates.later:%Y-%m}")
        shown = shown_times(html)
        assert (dates.later, "10:00") in shown and (dates.later, "15:00") in shown
        assert {day.month for day, _start in shown} == {dates.later.month}
        assert "form-error" not in html

    def test_organisation_filter_shows_only_its_officials(
        self, client, schedule_page, people, days, dates
    ):
        html = get_html(client, "/ru/schedule/", organisation=str(people.health.translation_key))
        assert shown_times(html) == [(dates.second, "15:00"), (dates.later, "15:00")]
        assert "Тулеуов" not in schedule_table(html)

    def test_official_filter_shows_only_that_official(
        self, client, schedule_page, people, days, dates
    ):
        html = get_html(client, "/ru/schedule/", official="tuleuov-a")
        assert shown_times(html) == [(dates.first, "10:00"), (dates.later, "10:00")]

    def test_mode_filter_video_shows_receptions_one_can_join_by_video(
        self, client, schedule_page, days, dates
    ):
        html = get_html(client, "/kk/schedule/", mode="video")
        assert shown_times(html) == [
            (dates.second, "15:00"),
            (dates.later, "10:00"),  # in person or by video
            (dates.later, "15:00"),
        ]

    def test_mode_filter_in_person_leaves_out_video_only_days(
        self, client, schedule_page, days, dates
    ):
        html = get_html(client, "/kk/schedule/", mode="in_person")
        assert shown_times(html) == [(dates.first, "10:00"), (dates.later, "10:00")]

    def test_filters_combine(self, client, schedule_page, days, dates):
        html = get_html(client, "/kk/schedule/", month=f"{dates.later:%Y-%m}", mode="in_person")
        assert shown_times(html) == [(dates.later, "10:00")]

    @pytest.mark.parametrize(
        "params",
        [
            {"official": "nobody"},
            {"month": "2099-13"},
            {"organisation": "not-a-key"},
            {"mode": "telepathy"},
            {"official": "' OR 1=1 --", "month": "<script>"},
        ],
    )
    def test_unknown_filter_value_is_ignored_with_a_message(
        self, client, schedule_page, days, params
    ):
        html = get_html(client, "/ru/schedule/", **params)
        message = in_language("ru", gettext, "Some filters were not recognised and were ignored.")
        assert f'<p class="form-error" role="alert">{message}</p>' in html
        assert len(shown_times(html)) == 4
        assert "<script>" not in schedule_table(html)

    def test_unknown_value_is_ignored_while_the_valid_filters_apply(
        self, client, schedule_page, days, dates
    ):
        html = get_html(client, "/ru/schedule/", official="nobody", mode="in_person")
        assert "form-error" in html
        assert shown_times(html) == [(dates.first, "10:00"), (dates.later, "10:00")]

    def test_filter_with_no_match_says_so(self, client, schedule_page, days, dates):
        html = get_html(client, "/ru/schedule/", official="muratova-d", mode="in_person")
        assert shown_times(html) == []
        assert in_language("ru", gettext, "No reception days match these filters.") in html


class TestOfficialPage:
    @pytest.mark.rule("R01")
    def test_official_page_shows_responsibilities_and_upcoming_days_in_kazakh(
        self, client, schedule_page, people, days, dates
    ):
        html = get_html(client, "/kk/schedule/official/tuleuov-a/")
        assert "<h1>Төлеуов Асқар Нұрланұлы</h1>" in html
        assert "Энергетика басқармасының басшысы" in html
        assert "Энергетика және ТКШ басқармасы" in html
        assert "Жылу, электр, газ және сумен жабдықтау." in html
        heading = in_language("kk", gettext, "Questions to bring to this reception")
        assert heading in html
        assert shown_times(html) == [(dates.first, "10:00"), (dates.later, "10:00")]
        assert "Тулеуов" not in html

    @pytest.mark.rule("R01")
    def test_official_page_in_russian(self, client, schedule_page, people, days, dates):
        html = get_html(client, "/ru/schedule/official/tuleuov-a/")
        assert "<h1>Тулеуов Аскар Нурланович</h1>" in html
        assert "Руководитель управления энергетики" in html
        assert "Управление энергетики и ЖКХ" in html
        assert "Тепло-, электро-, газо- и водоснабжение." in html
        assert in_language("ru", gettext, "Upcoming reception days") in html
        assert shown_times(html) == [(dates.first, "10:00"), (dates.later, "10:00")]
        assert 'href="tel:+77000124001"' in html

    def test_official_page_shows_days_entered_on_either_language_row(
        self, client, schedule_page, days, dates
    ):
        html = get_html(client, "/kk/schedule/official/muratova-d/")
        assert shown_times(html) == [(dates.second, "15:00"), (dates.later, "15:00")]

    @pytest.mark.rule("R20")
    def test_official_page_marks_a_cancelled_day(self, client, schedule_page, days):
        cancel_day(days.tuleuov_first, ChangeReason.BUSINESS_TRIP)
        html = get_html(client, "/ru/schedule/official/tuleuov-a/")
        assert "schedule__row--cancelled" in html
        trip = in_language("ru", pgettext, "reason a reception day changed", "Business trip")
        assert trip.lower() in schedule_table(html)

    @pytest.mark.rule("R19")
    def test_official_page_in_restriction_mode_says_video_only(self, client, schedule_page, days):
        set_restriction_mode(True)
        html = get_html(client, "/kk/schedule/official/tuleuov-a/")
        assert "notice--danger" in html
        video = in_language("kk", pgettext, "reception mode", "By video conference")
        modes = re.findall(r'<span class="schedule__mode">(.*?)</span>', schedule_table(html))
        assert modes == [video, video]

    def test_unknown_official_is_not_found(self, client, schedule_page, days):
        assert client.get("/kk/schedule/official/nobody/").status_code == 404

    def test_language_switch_leads_to_the_same_official(self, client, schedule_page, days):
        kk = get_html(client, "/kk/schedule/official/tuleuov-a/")
        link = '<a href="/ru/schedule/official/tuleuov-a/" hreflang="ru" lang="ru">'
        assert link in kk
        assert (
            '<link rel="alternate" hreflang="ru" '
            'href="http://testserver/ru/schedule/official/tuleuov-a/">'
        ) in kk
        ru = get_html(client, "/ru/schedule/official/tuleuov-a/")
        assert "<h1>Тулеуов Аскар Нурланович</h1>" in ru
        assert '<a href="/kk/schedule/official/tuleuov-a/" hreflang="kk" lang="kk">' in ru


class TestPoster:
    def poster_sections(self, html):
        sections = re.findall(r'<section class="poster" lang="(\w+)">(.*?)</section>', html, re.S)
        return dict(sections)

    @pytest.mark.rule("R01")
    @pytest.mark.parametrize("language", ["kk", "ru"])
    def test_poster_has_a_kazakh_and_a_russian_sheet(
        self, client, schedule_page, days, dates, language
    ):
        html = get_html(client, f"/{language}/schedule/poster/")
        sections = self.poster_sections(html)
        assert list(sections) == ["kk", "ru"]
        kk, ru = sections["kk"], sections["ru"]
        for text in (
            "Төлеуов Асқар Нұрланұлы",
            "Энергетика басқармасының басшысы",
            "ТКШ басқармасы",
        ):
            assert text in kk and text not in ru
        for text in ("Тулеуов Аскар Нурланович", "Руководитель управления энергетики"):
            assert text in ru and text not in kk
        assert f"{dates.first:%d.%m.%Y}<br>10:00–12:00" in kk
        assert f"{dates.first:%d.%m.%Y}<br>10:00–12:00" in ru
        for code, section in sections.items():
            title = in_language(code, gettext, "Schedule of personal reception of citizens")
            assert f"<h1>{title}</h1>" in section
            assert in_language(code, gettext, "Full name") in section
            assert in_language(code, gettext, "Position") in section
        assert "Алтынтау облысының әкімдігі" in kk
        assert "Акимат Алтынтауской области" in ru

    @pytest.mark.rule("R01", "R19", "R20")
    def test_poster_marks_cancelled_days_and_video_only_mode(self, client, schedule_page, days):
        cancel_day(days.tuleuov_first, ChangeReason.ILLNESS)
        set_restriction_mode(True)
        sections = self.poster_sections(get_html(client, "/kk/schedule/poster/"))
        for code, section in sections.items():
            assert 'class="poster__inactive"' in section
            cancelled = in_language(code, pgettext, "reception day status", "Cancelled")
            assert f"<strong>{cancelled}</strong>" in section
            notice = in_language(code, gettext, "Receptions by video conference only")
            assert f'<p class="poster__notice">{notice}</p>' in section

    def test_russian_poster_page_declares_russian_as_its_language(
        self, client, schedule_page, days
    ):
        html = get_html(client, "/ru/schedule/poster/")
        # The title and the printing help are in Russian on /ru/.
        assert "<title>График приёма" in html
        assert '<html lang="ru">' in html


class TestOpenData:
    def change_days(self, days, dates):
        cancel_day(days.tuleuov_first, ChangeReason.ILLNESS, "note")
        return move_day(
            days.muratova_second,
            date=dates.moved_to,
            start_time=T(16),
            end_time=T(18),
            reason=ChangeReason.BUSINESS_TRIP,
        )

    @pytest.mark.rule("R02")
    def test_csv_has_the_documented_columns_and_russian_content(
        self, client, schedule_page, days, dates
    ):
        new_day = self.change_days(days, dates)
        response = client.get("/ru/schedule/csv/")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        rows = list(reader)
        assert reader.fieldnames == OPEN_DATA_FIELDS
        assert len(rows) == 5
        by_id = {row["id"]: row for row in rows}

        cancelled = by_id[str(days.tuleuov_first.public_id)]
        assert cancelled == {
            "id": str(days.tuleuov_first.public_id),
            "date": dates.first.isoformat(),
            "start": "10:00",
            "end": "12:00",
            "organisation": "Управление энергетики и ЖКХ",
            "official": "Тулеуов Аскар Нурланович",
            "position": "Руководитель управления энергетики",
            "venue": "Общественная приёмная акимата области",
            "address": "г. Акжар, проспект Бейбитшилик, 10, кабинет 101",
            "mode": "in_person",
            "kind": "schedule",
            "status": "cancelled",
            "status_reason": "illness",
            "moved_to": "",
            "phone": "+7 7000 12 40 01",
            "email": "tuleuov@altyntau.example.kz",
            "official_url": "http://testserver/ru/schedule/official/tuleuov-a/",
        }
        moved = by_id[str(days.muratova_second.public_id)]
        assert moved["status"] == "moved"
        assert moved["status_reason"] == "business_trip"
        assert moved["moved_to"] == str(new_day.public_id)
        assert moved["official"] == "Муратова Динара Алибековна"
        assert moved["phone"] == "+7 7000 12 50 00"  # the organisation's, she has none
        assert by_id[str(new_day.public_id)]["status"] == "scheduled"
        assert by_id[str(new_day.public_id)]["start"] == "16:00"

    @pytest.mark.rule("R02")
    def test_json_has_the_documented_fields_and_kazakh_content(
        self, client, schedule_page, days, dates
    ):
        new_day = self.change_days(days, dates)
        response = client.get("/kk/schedule/json/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        body = json.loads(response.content)
        assert body["language"] == "kk"
        assert body["fields"] == OPEN_DATA_FIELDS
        assert len(body["days"]) == 5
        assert all(list(day) == OPEN_DATA_FIELDS for day in body["days"])
        by_id = {day["id"]: day for day in body["days"]}
        first = by_id[str(days.tuleuov_first.public_id)]
        assert first["official"] == "Төлеуов Асқар Нұрланұлы"
        assert first["organisation"] == "Энергетика және ТКШ басқармасы"
        assert first["venue"] == "Облыс әкімдігінің қоғамдық қабылдау бөлмесі"
        assert first["official_url"] == "http://testserver/kk/schedule/official/tuleuov-a/"
        assert first["status"] == "cancelled"
        assert by_id[str(days.muratova_second.public_id)]["moved_to"] == str(new_day.public_id)
        # Her day entered on the Russian row comes out in Kazakh too.
        later = by_id[str(days.muratova_later.public_id)]
        assert later["official"] == "Мұратова Динара Әлібекқызы"
        assert [day["date"] for day in body["days"]] == sorted(day["date"] for day in body["days"])

    def test_open_data_follows_filters_and_restriction_mode(
        self, client, schedule_page, days, dates
    ):
        set_restriction_mode(True)
        body = json.loads(client.get("/ru/schedule/json/", {"official": "tuleuov-a"}).content)
        assert body["language"] == "ru"
        assert [(day["date"], day["mode"]) for day in body["days"]] == [
            (dates.first.isoformat(), "video"),
            (dates.later.isoformat(), "video"),
        ]
        rows = list(
            csv.DictReader(
                io.StringIO(
                    client.get("/ru/schedule/csv/", {"official": "tuleuov-a"}).content.decode(
                        "utf-8-sig"
                    )
                )
            )
        )
        assert [row["date"] for row in rows] == [dates.first.isoformat(), dates.later.isoformat()]


class TestQueryCounts:
    """The pages take the same number of queries however many days they show."""

    SIZES = (20, 200)

    def fill(self, officials, venue, count, already, dates_ahead):
        """Add days until there are *count* in all, spread over the officials."""
        for index in range(already, count):
            official = officials[index % len(officials)]
            day = dates_ahead[index // len(officials)]
            made = ReceptionDayFactory(official=official, venue=venue, date=day)
            if index % 10 == 3:
                cancel_day(made, ChangeReason.ILLNESS)

    def working_days_ahead(self, calendar, count):
        day = timezone.localdate()
        result = []
        while len(result) < count:
            day = calendar.next_working_day(day)
            result.append(day)
        return result

    @pytest.fixture(autouse=True)
    def _build_every_page(self, settings):
        settings.PORTAL_PAGE_CACHE = False  # count the queries of building it, not of a hit

    def count_queries(self, client, url):
        client.get(url)  # caches (site root paths, settings) warm up first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    def test_schedule_and_official_pages_take_the_same_queries_at_20_and_200_days(
        self, client, schedule_page, working_calendar
    ):
        venue = VenueFactory()
        translate(venue, name="Приёмная")
        officials = []
        for n in range(5):
            official = OfficialFactory(slug=f"official-q{n}")
            translate(official.organisation, name=f"Управление {n}")
            translate(official, full_name=f"Должностное лицо {n}")
            officials.append(official)
        dates_ahead = self.working_days_ahead(working_calendar, max(self.SIZES) // 5)
        urls = [
            "/ru/schedule/",
            "/kk/schedule/",
            "/ru/schedule/official/official-q0/",
            "/ru/schedule/csv/",
            "/kk/schedule/json/",
            "/kk/schedule/poster/",
        ]
        counts = {}
        already = 0
        for size in self.SIZES:
            self.fill(officials, venue, size, already, dates_ahead)
            already = size
            counts[size] = {url: self.count_queries(client, url) for url in urls}
        # Every size shows more rows, with the same queries.
        assert counts[self.SIZES[0]] == counts[self.SIZES[1]]

    def test_moved_days_do_not_add_queries(self, client, schedule_page, working_calendar):
        official = OfficialFactory(slug="mover")
        venue = VenueFactory()
        dates_ahead = self.working_days_ahead(working_calendar, 40)
        made = [
            ReceptionDayFactory(official=official, venue=venue, date=day)
            for day in dates_ahead[:20:2]
        ]
        counts = []
        for to_move in (made[:1], made[1:8]):
            for day in to_move:
                move_day(
                    day,
                    date=working_calendar.next_working_day(day.date),
                    start_time=T(15),
                    end_time=T(17),
                    reason=ChangeReason.OTHER,
                )
            counts.append(
                (
                    self.count_queries(client, "/kk/schedule/"),
                    self.count_queries(client, "/kk/schedule/official/mover/"),
                )
            )
        assert counts[0] == counts[1]
