"""The personal-data guard of press coverage (R27, R30): it blocks an IIN, a phone number, an
e-mail and an applicant's name, in any block and in image captions, names where and what kind,
never the text; a person's name that is not an official's needs the editor's confirmation."""

import logging

import pytest
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from booking.models import ReceptionDay
from pages import guard
from pages.news import NewsIndexPage, NewsPage
from tests.factories import ReceptionRequestFactory
from tests.helpers import make_iin

CLEAN = "Облыс әкімінің орынбасары азаматтарды қабылдады. Барлық өтініштер бақылауда."


@pytest.mark.rule("R30")
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"ЖСН {make_iin(7)} бойынша", guard.IIN),
        ("ИИН 900 101 300 017 указан", guard.IIN)
        if guard.iins("900101300017")
        else (f"ИИН {make_iin(8)[:3]} {make_iin(8)[3:6]} {make_iin(8)[6:]}", guard.IIN),
        ("Звоните +7 701 234 56 78", guard.PHONE),
        ("тел. 8 (7172) 55-44-33", guard.PHONE),
        ("пишите на aset.b@mail.kz", guard.EMAIL),
    ],
)
def test_guard_finds_each_kind_of_personal_data(text, kind):
    findings = guard.check([("Lead", text)])
    assert [(f.where, f.kind) for f in findings] == [("Lead", kind)]
    assert findings[0].blocking
    assert text not in str(findings[0].message)


def test_twelve_digits_without_a_valid_check_digit_are_not_an_iin():
    iin = make_iin(3)
    wrong = iin[:11] + str((int(iin[11]) + 1) % 10)
    assert guard.iins(f"№ {iin}") == [iin]
    assert guard.iins(f"№ {wrong}") == []


@pytest.mark.rule("R30")
def test_public_phones_and_emails_of_the_office_pass():
    text = "Қабылдау бөлмесі: +7 7000 12 34 56, qabyldau@altyntau.example.kz"
    assert (
        guard.check(
            [("Lead", text)],
            public_phones=["+7 7000 12 34 56"],
            public_emails=["qabyldau@altyntau.example.kz"],
        )
        == []
    )


@pytest.mark.rule("R30")
def test_an_applicants_surname_is_found_in_inflected_forms():
    assert guard.applicant_names("Встреча с Тестбаевым прошла", ["Тестбаев"])
    assert guard.applicant_names("Тестбаевқа жауап берілді", ["Тестбаев"])
    assert not guard.applicant_names("Тест өтті", ["Тестбаев"])


def test_a_person_who_is_not_an_official_is_a_warning():
    findings = guard.check(
        [("Body", "На приёме выступила Мария Петрова.")],
        official_names=["Оспанов Нурлан Бекович"],
    )
    assert [(f.kind, f.blocking) for f in findings] == [(guard.PERSON, False)]
    assert (
        guard.check(
            [("Body", "Заместитель акима Оспанов провёл приём.")],
            official_names=["Оспанов Нурлан Бекович"],
        )
        == []
    )


def test_clean_text_passes():
    assert guard.check([("Lead", CLEAN), ("Body", "Аким области провёл приём 5 ноября.")]) == []


# Through the admin: what an editor of the press office meets.


def _body(caption="", text=CLEAN, image=None):
    blocks = [{"type": "paragraph", "value": f"<p>{text}</p>"}]
    if image is not None:
        blocks.append(
            {"type": "image", "value": {"image": image.pk, "caption": caption, "alt": "Зал"}}
        )
    return blocks


def _block_data(block):

    return rich_text(block["value"]) if block["type"] == "paragraph" else block["value"]


def _post(editor, index, title, lead, body, days=(), names_checked=False):

    data = nested_form_data(
        {
            "title": title,
            "slug": "coverage-test",
            "date": "2026-11-20",
            "lead": lead,
            "body": streamfield([(block["type"], _block_data(block)) for block in body]),
            "action-publish": "publish",
        }
    )
    # Lists are sent as repeated fields (nested_form_data would number them).
    data["reception_days"] = [day.pk for day in days]
    if names_checked:
        data["names_checked"] = "on"
    return editor.post(f"/admin/pages/add/pages/newspage/{index.pk}/", data)


def held_day_request():
    """An applicant of a reception day already held (the days coverage can link)."""
    day = ReceptionDay.objects.active().filter(date__lte=timezone.localdate()).first()
    return ReceptionRequestFactory(preferred_day=day, surname="Жұмабаева", scheduled=True)


@pytest.fixture
def image(db):
    return Image.objects.create(title="Қабылдау", file=get_test_image_file())


@pytest.mark.rule("R27", "R30")
@pytest.mark.parametrize(
    ("lead", "caption"),
    [
        (f"ЖСН {make_iin(11)}", ""),
        ("Телефон +7 701 234 56 78", ""),
        ("Почта aset.b@mail.kz", ""),
        (CLEAN, "Сурет: +7 701 234 56 78"),
    ],
)
def test_admin_refuses_to_publish_personal_data_naming_the_block(
    demo_site, editor, image, lead, caption, caplog
):
    index = NewsIndexPage.objects.get(locale__language_code="kk")
    before = NewsPage.objects.count()
    with caplog.at_level(logging.DEBUG):
        response = _post(editor, index, "Қабылдау өтті", lead, _body(caption, image=image))
    assert response.status_code == 200
    assert NewsPage.objects.count() == before
    html = response.content.decode()
    assert "Personal data cannot be published" in html or "Дербес" in html or "Персональные" in html
    if caption:
        assert "block 2" in html or "2-блок" in html or "блок 2" in html
    for record in caplog.records:
        assert "701 234" not in record.getMessage()
        assert "aset.b" not in record.getMessage()


@pytest.mark.rule("R27", "R30")
def test_admin_refuses_the_name_of_an_applicant_of_the_covered_day(demo_site, editor, image):
    request = held_day_request()
    day = request.preferred_day
    index = NewsIndexPage.objects.get(locale__language_code="kk")
    before = NewsPage.objects.count()
    caption = f"{request.surname} қабылдауда"
    response = _post(editor, index, "Қабылдау", CLEAN, _body(caption, image=image), days=[day])
    assert response.status_code == 200
    assert NewsPage.objects.count() == before
    html = response.content.decode()
    assert any(
        label in html
        for label in (
            "the name of an applicant of the covered reception",
            "жарияланатын қабылдаудағы арыз берушінің аты-жөні",
            "имя заявителя освещаемого приёма",
        )
    )


@pytest.mark.rule("R27")
def test_admin_publishes_clean_coverage_linked_to_its_day(demo_site, editor, image):
    request = held_day_request()
    day = request.preferred_day
    index = NewsIndexPage.objects.get(locale__language_code="kk")
    response = _post(editor, index, "Қабылдау өтті", CLEAN, _body("Зал", image=image), days=[day])
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="coverage-test", locale=index.locale)
    assert page.live
    assert list(page.reception_days.all()) == [day]


def test_admin_asks_to_confirm_a_persons_name(demo_site, editor):
    index = NewsIndexPage.objects.get(locale__language_code="ru")
    text = "На приёме выступила Мария Петрова."
    response = _post(editor, index, "Приём", "Приём прошёл.", _body(text=text))
    assert response.status_code == 200
    assert not NewsPage.objects.filter(slug="coverage-test", locale=index.locale).exists()
    confirmed = _post(editor, index, "Приём", "Приём прошёл.", _body(text=text), names_checked=True)
    assert confirmed.status_code == 302
    assert NewsPage.objects.get(slug="coverage-test", locale=index.locale).live
