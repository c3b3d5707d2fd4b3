"""Buttons and focus rings meet WCAG 2.x contrast on every kind of public page, with the colours
portal.css gives the rendered HTML: button text 4.5:1 on its background (1.4.3), the keyboard
focus ring 3:1 against what surrounds it (1.4.11), on a phone and on a desktop."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from tests.factories import OfficialFactory, ReceptionDayFactory
from tests.pages.cascade import DESKTOP, PHONE, StyleSheet, contrast
from tests.pages.test_schedule_pages import add_schedule_page

pytestmark = pytest.mark.django_db

BUTTONS = "button, .button, input[type=submit]"
FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]"


@pytest.fixture
def pages(client, home):
    """Every kind of public page, rendered in Kazakh: home, schedule, official, sign-up form."""
    add_schedule_page(home)
    official = OfficialFactory(slug="tuleuov-a")
    ReceptionDayFactory(official=official)
    with translation.override("kk"):
        sign_up = reverse("sign_up")
    rendered = {}
    for url in ("/kk/", "/kk/schedule/", "/kk/schedule/official/tuleuov-a/", sign_up):
        response = client.get(url)
        assert response.status_code == 200, url
        rendered[url] = BeautifulSoup(response.content.decode(), "html.parser")
    return rendered


@pytest.fixture(scope="module")
def sheet():
    return StyleSheet()


def describe(element):
    return f"<{element.name} class={element.get('class')}>{element.get_text(strip=True)[:30]}"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_button_text_has_4_5_to_1_on_the_button(pages, sheet, width):
    failures = []
    for url, soup in pages.items():
        for button in soup.select(BUTTONS):
            for states in ((), ("hover",)):
                text = sheet.color(button, width=width, states=states)
                background = sheet.background(button, width=width, states=states)
                ratio = contrast(text, background)
                if ratio < 4.5:
                    failures.append(f"{url} {describe(button)} {states}: {ratio:.2f}:1")
    assert not failures


def test_header_sign_up_button_is_dark_text_on_gold(pages, sheet):
    link = pages["/kk/"].select_one(".site-header a.button")
    assert link is not None and link["href"].endswith("/sign-up/")
    for states in ((), ("hover",)):
        text = sheet.color(link, states=states)
        background = sheet.background(link, states=states)
        assert contrast(text, background) >= 4.5, (text, background)
        assert contrast(text, "#ffffff") >= 4.5  # dark text, not white


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_focus_ring_has_3_to_1_against_what_surrounds_it(pages, sheet, width):
    failures, checked = [], 0
    for url, soup in pages.items():
        for element in soup.select(FOCUSABLE):
            if element.get("tabindex") == "-1" or element.find_parent(attrs={"aria-hidden": True}):
                continue  # not a keyboard stop
            ring = sheet.outline_color(element, width=width)
            # The ring sits outside the element (outline-offset): on its parent's background.
            behind = sheet.background(element, width=width, include_self=False)
            checked += 1
            if ring is None or contrast(ring, behind) < 3:
                ratio = "no ring" if ring is None else f"{contrast(ring, behind):.2f}:1"
                failures.append(f"{url} {describe(element)}: {ring} on {behind}: {ratio}")
    assert checked > 40
    assert not failures


def test_focus_ring_passes_on_white_and_on_the_header(pages, sheet):
    soup = pages["/kk/"]
    header = soup.select_one(".site-header")
    header_background = sheet.background(header)
    in_main = soup.select_one("main a[href]") or soup.select_one(".site-footer a[href]")
    in_header = soup.select_one(".site-header .brand")
    assert contrast(sheet.outline_color(in_main), "#ffffff") >= 3
    assert contrast(sheet.outline_color(in_header), header_background) >= 3
    assert header_background == sheet.resolve("var(--blue)")
