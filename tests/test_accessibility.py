"""Accessibility in a real browser (Debian's Chromium through Playwright): axe-core, injected
into each page, finds no violation of WCAG 2.0, 2.1 and 2.2 A and AA, of any impact, on one
page of every public page type, the schedule's routes, search and the sign-up form with its
errors shown, in Kazakh and in Russian; and the sign-up form can be completed with the keyboard
alone. axe-core comes from the npm registry (``.ci/run`` fetches it)."""

import os
import shutil

import pytest

from booking.models import ReceptionRequest
from tests.public_pages import AXE, add_a_second_page_of_days, public_urls, screenshot_if_failed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) or not AXE.exists(),
        reason="needs Debian's chromium and axe-core (fetched by .ci/run)",
    ),
]


@pytest.fixture
def browser_page(request, live_server):
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        # axe is injected as a script of the test's own: the site's CSP would refuse it.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        failed_before = request.session.testsfailed
        yield page
        screenshot_if_failed(request, page, failed_before)
        context.close()
        browser.close()


def violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{item['id']} ({item['impact']}): {item['help']} — "
        + "; ".join(node["target"][0] for node in item["nodes"][:3])
        for item in result["violations"]
    ]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_public_page_type_has_no_wcag_violation(
    browser_page, live_server, demo_site_committed, language
):
    found = {}
    add_a_second_page_of_days()
    urls = public_urls(language)
    assert "schedule, page 2" in urls
    for name, url in urls.items():
        response = browser_page.goto(live_server.url + url)
        assert response.ok, url
        found[f"{name} {url}"] = violations(browser_page)
    # The sign-up form with its errors shown.
    browser_page.goto(live_server.url + f"/{language}/reception/sign-up/")
    browser_page.locator("form button[type=submit]").last.click()
    browser_page.wait_for_selector(".error-summary")
    found["sign-up form with errors"] = violations(browser_page)
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_axe_finds_a_violation(browser_page, live_server, demo_site_committed):
    """The check above could fail: an image without a text alternative is reported."""
    browser_page.goto(live_server.url + "/ru/")
    browser_page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png>')"
    )
    assert any(problem.startswith("image-alt") for problem in violations(browser_page))


def test_the_sign_up_form_can_be_completed_with_the_keyboard_alone(
    browser_page, live_server, demo_site_committed
):
    page = browser_page
    page.goto(live_server.url + "/ru/reception/sign-up/")
    typed = {
        "id_surname": "Клавиатуров",
        "id_given_name": "Асан",
        "id_iin": "850515300006",
        "id_phone": "87012345678",
        "id_question": "Нет отопления в квартире с октября.",
    }
    page.locator("body").focus()
    for _step in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
            " type: document.activeElement.type || ''})"
        )
        if focused["id"] in typed:
            page.keyboard.type(typed.pop(focused["id"]))
        elif focused["id"] == "id_topic":
            page.keyboard.press("ArrowDown")
        elif focused["id"] == "id_consent":
            page.keyboard.press("Space")
        elif focused["tag"] == "BUTTON" and focused["type"] == "submit" and not typed:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            break
    assert not typed, f"never reached by Tab: {typed}"
    assert ReceptionRequest.objects.filter(surname="Клавиатуров").exists(), page.content()[:3000]
