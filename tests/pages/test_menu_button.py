"""The "Menu" button exists only where it works: on a phone with JavaScript. The page renders it
``hidden`` (without JavaScript the menu stays open), nav.js shows it on a narrow screen only, and
the style sheet lets ``hidden`` win over ``button { display: inline-block }``."""

import os
import shutil

import pytest
from bs4 import BeautifulSoup

from tests.pages.cascade import DESKTOP, PHONE, StyleSheet

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def nav_toggle(client):
    soup = BeautifulSoup(client.get("/kk/").content.decode(), "html.parser")
    return soup.select_one("button.nav-toggle")


def test_style_sheet_hides_every_hidden_element():
    rules = [rule for rule in StyleSheet().rules if rule.selector == "[hidden]" and not rule.media]
    assert rules
    assert rules[-1].declarations["display"].replace(" ", "") == "none!important"


@pytest.mark.django_db
def test_menu_button_is_rendered_hidden_and_stays_hidden_without_javascript(client, home):
    button = nav_toggle(client)
    assert button is not None
    assert button.has_attr("hidden")
    assert button["aria-controls"] == "main-nav"
    sheet = StyleSheet()
    for width in (PHONE, DESKTOP):
        assert sheet.value(button, "display", width=width) == "none"
    # Without JavaScript the menu it would fold is open.
    menu = BeautifulSoup(client.get("/kk/").content.decode(), "html.parser").select_one("#main-nav")
    assert "is-collapsed" not in (menu.get("class") or [])


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium package")
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_button_shows_on_a_phone_only(live_server, home):
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            shown = {}
            for width, height in ((390, 844), (1280, 800)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(live_server.url + "/kk/")
                page.wait_for_load_state("load")
                shown[width] = page.locator(".nav-toggle").is_visible()
                page.close()
        finally:
            browser.close()
    assert shown == {390: True, 1280: False}
