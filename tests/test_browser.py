"""A citizen on a phone, in a real browser: Debian's Chromium driven by Playwright."""

import os
import re
import shutil

import pytest

from booking.models import ReceptionDay, ReceptionRequest
from tests.public_pages import screenshot_if_failed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium package"),
]


@pytest.fixture
def phone(request, live_server):
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True
        )
        page = context.new_page()
        failed_before = request.session.testsfailed
        yield page
        screenshot_if_failed(request, page, failed_before)
        context.close()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_citizen_finds_an_official_and_signs_up_on_a_phone(phone, live_server, demo_site_committed):
    phone.goto(live_server.url + "/")
    # The browser asks for Russian: the portal answers in Russian.
    assert phone.locator("html").get_attribute("lang") == "ru"
    # On a phone the menu is folded behind its button.
    menu = phone.get_by_role("button", name="Меню")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    phone.locator("#main-nav").get_by_role("link", name="График приёма").click()
    assert phone.locator("h1").inner_text() == "График приёма"
    # On a phone every reception day is a card, with its labels visible.
    assert phone.locator("td[data-label]").first.is_visible()
    phone.get_by_role("link", name="Оспанов Нурлан Бекович").first.click()
    assert "Жильё" in phone.locator("main").inner_text()
    phone.get_by_role("link", name="Записаться на приём").last.click()

    phone.get_by_label("Фамилия").fill("Тестбаев")
    phone.get_by_label("Имя").fill("Асан")
    phone.get_by_role("textbox", name="ИИН").fill("850515300007")  # a wrong check digit first
    phone.get_by_label("Мобильный телефон").fill("8 701 234 56 78")
    phone.get_by_label("Суть вашего вопроса").fill("Нет отопления в квартире с октября.")
    phone.locator("#id_topic").select_option("housing")  # the topic starts empty
    phone.locator("#id_consent").check()
    phone.get_by_role("button", name="Отправить обращение").click()
    assert "цифры" in phone.locator("#field-iin").inner_text()
    assert phone.get_by_label("Фамилия").input_value() == "Тестбаев"  # nothing typed is lost

    phone.get_by_role("textbox", name="ИИН").fill("850515300006")
    phone.locator("#id_consent").check()
    phone.get_by_role("button", name="Отправить обращение").click()
    assert phone.locator("h1").inner_text() == "Ваше обращение зарегистрировано"
    request = ReceptionRequest.objects.get(surname="Тестбаев")
    assert request.number in phone.locator(".ticket__number").inner_text()
    assert re.search(
        rf"/ru/reception/{request.number}/[\w-]+/$", phone.locator(".ticket a").last.inner_text()
    )
    assert ReceptionDay.objects.exists()
