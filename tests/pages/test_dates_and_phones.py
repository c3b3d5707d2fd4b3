"""Dates, phone numbers and request numbers as Kazakh and Russian readers expect them: month and
weekday names in lower case inside a phrase, phones in the national grouping "+7 700 012 34 56"
with ``tel:`` links in E.164, a request number that does not break at its hyphen."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from booking.domain.days import move_day
from booking.enums import ChangeReason
from booking.models import ReceptionRequest
from pages.models import PortalSettings
from portal.templatetags.portal_tags import phone_display, phone_tel, phrase_date
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import OfficialFactory, ReceptionDayFactory, next_working_day, translate
from tests.pages.cascade import StyleSheet
from tests.pages.test_schedule_pages import add_schedule_page, schedule_table

pytestmark = pytest.mark.django_db

T = datetime.time
LOWER_WORDS = r"[а-яёәғқңөұүһі]+"


@pytest.fixture
def official(home):
    add_schedule_page(home)
    official = OfficialFactory(slug="tuleuov-a", reception_phone="+7 7000 12 40 01")
    translate(official, full_name="Тулеуов Аскар Нурланович")
    return official


class TestPhoneFilters:
    @pytest.mark.parametrize(
        ("typed", "shown", "tel"),
        [
            ("+7 7000 12 34 56", "+7 700 012 34 56", "+77000123456"),
            ("+77000123456", "+7 700 012 34 56", "+77000123456"),
            ("8 701 123 45 67", "+7 701 123 45 67", "+77011234567"),
            ("+7 (7172) 74-00-00", "+7 7172 74 00 00", "+77172740000"),
        ],
    )
    def test_kazakh_numbers_in_national_grouping_and_e164(self, typed, shown, tel):
        assert phone_display(typed) == shown
        assert phone_tel(typed) == tel

    @pytest.mark.parametrize("typed", ["1414", "109 (call centre)", ""])
    def test_what_is_not_a_number_stays_as_typed(self, typed):
        assert phone_display(typed) == typed
        assert phone_tel(typed) == re.sub(r"[^\d+]", "", typed)

    def test_filters_escape_what_they_are_given(self):
        html = Template("{% load portal_tags %}{{ p|phone_display }}").render(
            Context({"p": "<b>1414</b>"})
        )
        assert "<b>" not in html


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_schedule_official_page_and_footer_group_phones_nationally(client, official, language):
    ReceptionDayFactory(official=official)
    settings = PortalSettings.load()
    settings.office_phone = "+7 7000 12 34 56"
    settings.save()
    for url in (f"/{language}/schedule/", f"/{language}/schedule/official/tuleuov-a/"):
        html = client.get(url).content.decode()
        table = schedule_table(html)
        assert '<a href="tel:+77000124001">+7 700 012 40 01</a>' in table, url
        assert '<a href="tel:+77000123456">+7 700 012 34 56</a>' in html, url  # footer
        assert "7000 12" not in html, url
    official_page = client.get(f"/{language}/schedule/official/tuleuov-a/").content.decode()
    header = official_page.split('class="official__header"', 1)[1].split("</header>", 1)[0]
    assert '<a href="tel:+77000124001">+7 700 012 40 01</a>' in header


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_month_and_weekday_names_are_lower_case_inside_a_phrase(client, official, language):
    day = ReceptionDayFactory(official=official, date=next_working_day())
    target = ReceptionDayFactory(official=official, date=next_working_day())
    move_day(
        day,
        date=target.date,
        start_time=T(15),
        end_time=T(17),
        reason=ChangeReason.BUSINESS_TRIP,
    )
    html = client.get(f"/{language}/schedule/").content.decode()
    soup = BeautifulSoup(schedule_table(html), "html.parser")
    shown = [time.get_text() for time in soup.select("td time")]
    assert shown
    for text in shown:  # "17 желтоқсан, бейсенбі" / "17 декабря, четверг"
        assert re.fullmatch(rf"\d{{1,2}} {LOWER_WORDS}, {LOWER_WORDS}", text), text
    moved = soup.select_one(".badge--moved").get_text()
    with translation.override(language):
        month = date_format(target.date, "E")
    assert month.lower() in moved
    if month != month.lower():
        assert month not in moved
    # A month standing alone, at the start of a heading, keeps its capital.
    heading = soup.select_one(".schedule__month th").get_text()
    assert heading[0].isupper()


def test_phrase_date_lowers_names_only():
    with translation.override("kk"):
        assert phrase_date(datetime.date(2026, 12, 17), "j E, l") == "17 желтоқсан, бейсенбі"
    with translation.override("ru"):
        assert phrase_date(datetime.date(2026, 12, 17), "j E Y, l") == "17 декабря 2026, четверг"
    assert phrase_date(None, "j E") == ""


def test_request_number_on_the_ticket_does_not_break_at_its_hyphen(client, official):
    with translation.override("kk"):
        url = reverse("sign_up")
    response = client.post(url, form_data(), follow=True)
    request = ReceptionRequest.objects.get()
    assert "-" in request.number
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    holder = soup.select_one("main").find(string=re.compile(re.escape(request.number))).parent
    sheet = StyleSheet()
    values = [sheet.value(node, "white-space") for node in [holder, *holder.parents]]
    assert next(value for value in [*values, "normal"] if value) == "nowrap"  # inherited


def test_request_number_class_keeps_the_number_on_one_line():
    html = '<h1>Өтініш <span class="request-number">2026-00001</span></h1>'
    soup = BeautifulSoup(html, "html.parser")
    assert StyleSheet().value(soup.select_one(".request-number"), "white-space") == "nowrap"


def test_request_number_filter_wraps_the_number_for_a_sentence():
    sentence = "{% blocktranslate with number=n|request_number %}Request {{ number }}"
    html = Template("{% load i18n portal_tags %}" + sentence + "{% endblocktranslate %}").render(
        Context({"n": "2026-00001"})
    )
    assert '<span class="request-number">2026-00001</span>' in html  # not escaped
    assert "<b>" not in Template("{% load portal_tags %}{{ n|request_number }}").render(
        Context({"n": "<b>"})
    )


@pytest.mark.rule("R32")
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_ticket_and_tracking_page_write_months_in_lower_case(client, home, language):
    ReceptionDayFactory()
    response = client.post(
        f"/{language}/reception/sign-up/", form_data(language=language), follow=True
    )
    reception_request = ReceptionRequest.objects.get()
    tracking = client.get(
        f"/{language}/reception/{reception_request.number}/{reception_request.token}/"
    )
    with translation.override(language):
        capitalised = date_format(reception_request.answer_due, "j E Y")
    for html in (response.content.decode(), tracking.content.decode()):
        assert capitalised.lower() in html
        if capitalised != capitalised.lower():
            assert capitalised not in html
    assert 'class="request-number"' in tracking.content.decode()


def test_phrase_date_shows_a_moment_in_almaty_time():
    moment = datetime.datetime(2026, 11, 20, 7, 37, tzinfo=datetime.UTC)
    rendered = Template("{% load portal_tags %}{{ moment|phrase_date:'j E Y, H:i' }}").render(
        Context({"moment": moment})
    )
    with translation.override("kk"):
        assert rendered.endswith("12:37")
