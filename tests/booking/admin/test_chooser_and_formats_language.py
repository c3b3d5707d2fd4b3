"""What the browser journeys found in the Kazakh admin: a chooser's texts fixed in the language
of the first visitor of the process, its language filter unlabelled, Django's wrong Kazakh
weekday abbreviations and its 12-hour clock."""

import datetime
import re

import pytest
from django.utils import translation
from django.utils.formats import date_format, time_format
from wagtail.users.models import UserProfile

from tests.factories import OfficialFactory, ReceptionDayFactory

pytestmark = pytest.mark.django_db

RULE_FORM = "/admin/snippets/booking/schedulerule/add/"
CHOOSER = "/admin/snippets/choose/booking/official/"
CHOOSER_RESULTS = CHOOSER + "results/"
CHOOSE_OFFICIAL = {"kk": "Таңдау: лауазымды адам", "ru": "Выбрать должностное лицо"}


@pytest.fixture
def log_in(client, admin_user):
    def as_language(language):
        profile = UserProfile.get_for_user(admin_user)
        profile.preferred_language = language
        profile.save()
        client.force_login(admin_user)
        return client

    return as_language


@pytest.mark.parametrize("first", ["ru", "kk"])
def test_a_choosers_texts_are_in_each_staff_members_language(log_in, first):
    # One process, both languages in turn: the form class is made once, on the first visit.
    second = "kk" if first == "ru" else "ru"
    for language in (first, second):
        html = log_in(language).get(RULE_FORM).content.decode()
        assert CHOOSE_OFFICIAL[language] in html, language
        other = "ru" if language == "kk" else "kk"
        assert CHOOSE_OFFICIAL[other] not in html, language


@pytest.mark.parametrize(("language", "label"), [("kk", "Тіл"), ("ru", "Локализация")])
def test_the_choosers_language_filter_is_labelled(log_in, language, label, home):
    html = " ".join(log_in(language).get(CHOOSER).json()["html"].split())
    assert f'id="id_locale-label"> {label} </label>' in html
    assert "Locale" not in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", ["Дс", "Сс", "Ср", "Бс", "Жм", "Сб", "Жс"]),
        ("ru", ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]),
    ],
)
def test_weekday_abbreviations(language, expected):
    monday = datetime.date(2026, 12, 14)
    with translation.override(language):
        days = [date_format(monday + datetime.timedelta(days=n), "D") for n in range(7)]
    assert days == expected


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_times_are_on_the_24_hour_clock(log_in, language):
    with translation.override(language):
        assert time_format(datetime.time(15, 0)) == "15:00"
    ReceptionDayFactory(start_time=datetime.time(15), end_time=datetime.time(16, 30))
    html = log_in(language).get("/admin/snippets/booking/receptionday/").content.decode()
    assert "15:00" in re.sub(r"<[^>]+>", " ", html).split()


def test_kazakh_dates_are_written_as_documents_write_them(log_in):
    day = ReceptionDayFactory(date=datetime.date(2026, 12, 15))
    html = log_in("kk").get("/admin/snippets/booking/receptionday/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "15.12.2026" in text, day
    assert ", 2026" not in text  # Django's fallback, "Жел. 15, 2026"


def test_a_chooser_finds_an_official_by_the_first_letters_typed(log_in, home):
    official = OfficialFactory(full_name="Оспанов Нұрлан Бекұлы")
    html = log_in("kk").get(CHOOSER_RESULTS, {"q": "Осп"}).content.decode()
    assert official.full_name in html
