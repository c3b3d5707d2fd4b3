"""Journeys in a real browser (Debian's Chromium driven by Playwright, on Django's live server):
a citizen in kk and ru, on a desktop and on a phone; an editor and a reception-office member in
the Wagtail admin, each in their own language. Every text a locator looks for is taken from the
translation catalogue in the page's language, and checked to differ from the English source:
finding it proves the interface is translated. A failed journey leaves a screenshot of the page
it was on in ``.cache/screenshots`` (CI prints the folder).

The editor's and the staff member's journeys run on a desktop only: the admin is a desktop tool
for them, and the phone layout of the public pages is covered by the citizen's journey."""

import datetime
import os
import re
import shutil

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from booking.admin.offered import BUTTON_LABELS
from booking.enums import ChangeReason, DayStatus, Frequency, RequestAction, RequestStatus
from booking.interfaces.forms import SignUpForm
from booking.models import Official, ReceptionDay, ReceptionRequest, ScheduleRule, Venue
from pages.models import SchedulePage
from portal.templatetags.portal_tags import phrase_date
from tests.public_pages import screenshot_if_failed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium package"),
]

LANGUAGES = ["kk", "ru"]
BROWSER_LOCALES = {"kk": "kk-KZ", "ru": "ru-RU"}
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
EDITORS = "Редакторлар (Редакторы)"
RECEPTION_OFFICE = "Қабылдау бөлмесі (Приёмная)"
PASSWORD = "a-long-test-password-1"


def tr(language, text):
    """*text* (a lazy translation) as a person reading *language* sees it; it must be translated,
    not left in English."""
    with translation.override("en"):
        source = str(text)
    with translation.override(language):
        shown = str(text)
    assert shown != source, f"not translated into {language}: {source!r}"
    return shown


capfirst = lazy(capfirst, str)  # keeps a lazy translation lazy


def named(text):
    """A label or name that is exactly *text*, with or without a required-field mark."""
    return re.compile(r"^\s*" + re.escape(text).replace("/", r"\/") + r"\s*\*?\s*$")


def label(language, form, name):
    return tr(language, form.base_fields[name].label)


@pytest.fixture(scope="module")
def chromium():
    """One browser for the module; each journey gets its own contexts (cookies, language)."""
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
        yield browser
        browser.close()


@pytest.fixture
def browse(request, chromium, live_server):
    """``browse(language, device)`` opens a new browser window (its own cookies) that asks for
    *language*. If the test failed, the window that navigated last is photographed at teardown.
    """
    contexts = []
    last_used = []

    def open_window(language, device="desktop"):
        context = chromium.new_context(
            base_url=live_server.url, locale=BROWSER_LOCALES[language], **DEVICES[device]
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        last_used.append(page)
        page.on("framenavigated", lambda frame: frame == page.main_frame and last_used.append(page))
        return page

    failed_before = request.session.testsfailed
    yield open_window
    if contexts:
        # The window the journey was in when it failed is the one it used last.
        screenshot_if_failed(request, last_used[-1], failed_before)
    for context in contexts:
        context.close()


def official_in(language, slug):
    return Official.objects.get(locale__language_code=language, slug=slug)


def official_page_path(language, official):
    schedule = SchedulePage.objects.live().get(locale__language_code=language)
    return f"{schedule.url}official/{official.slug}/"


def row_of(page, date, start):
    """The schedule table's row of the reception on *date* starting at *start*."""
    return page.locator("tr").filter(
        has=page.locator(f'time[datetime="{date:%Y-%m-%d}T{start:%H:%M}"]')
    )


def log_into_admin(page, language, user):
    page.goto("/admin/")
    # Before signing in, the admin speaks the browser's language.
    assert page.locator("html").get_attribute("lang") == language
    username = capfirst(get_user_model()._meta.get_field("username").verbose_name)
    page.get_by_role("textbox", name=tr(language, username)).fill(user.username)
    page.get_by_label(tr(language, gettext_lazy("Password"))).fill(PASSWORD)
    page.get_by_role("button", name=tr(language, gettext_lazy("Sign in"))).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.locator("html").get_attribute("lang") == language


def fill_with_picker(page, field, value):
    """Type *value* into an admin date or time field, then click beside it, as a person does
    to close the picker that typing opened."""
    pickers = page.locator(".xdsoft_datetimepicker:visible")
    field.fill(value)
    expect(pickers).to_have_count(1)
    page.locator("label[for=id_mode]").click()
    expect(pickers).to_have_count(0)


@pytest.fixture
def staff_member(django_user_model, staff_groups):
    """``staff_member(group, language)``: a user of that role whose admin is in *language*."""

    def make(group, language):
        user = django_user_model.objects.create_user(
            f"{language}-{group[:4]}", password=PASSWORD, first_name="Айгүл", last_name="Сапарова"
        )
        user.groups.add(Group.objects.get(name=group))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.current_time_zone = "Asia/Almaty"
        profile.save()
        return user

    return make


# The citizen ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_finds_an_official_subscribes_signs_up_and_follows_the_request(
    browse, language, device, demo_site_committed
):
    page = browse(language, device)
    official = official_in(language, "ospanov-n")
    schedule = SchedulePage.objects.live().get(locale__language_code=language)

    page.goto("/")
    # The browser asks for the language: the portal answers in it.
    assert page.locator("html").get_attribute("lang") == language
    menu = page.get_by_role("button", name=tr(language, gettext_lazy("Menu")))
    navigation = page.get_by_role("navigation", name=tr(language, gettext_lazy("Main navigation")))
    if device == "phone":
        # On a phone the menu is folded behind its button.
        assert menu.get_attribute("aria-expanded") == "false"
        assert not navigation.get_by_role("link", name=schedule.title).is_visible()
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
    else:
        assert not menu.is_visible()
    navigation.get_by_role("link", name=schedule.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == schedule.title
    first_day = page.locator("td[data-label]").first
    if device == "phone":
        # On a phone every reception day is a card, its cells labelled.
        assert first_day.evaluate("cell => getComputedStyle(cell, '::before').content") != "none"
    assert first_day.is_visible()
    page.get_by_role("link", name=official.full_name).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == official.full_name
    assert official.responsibilities.split(",")[0] in page.locator("main").inner_text()

    # Subscribe: the calendar's address works and its events are in the page's language.
    address = page.get_by_label(
        tr(language, gettext_lazy("Calendar address (copy it into your calendar app)"))
    ).input_value()
    subscribe = page.get_by_role(
        "link", name=tr(language, gettext_lazy("Subscribe in my calendar"))
    )
    assert subscribe.get_attribute("href") == "webcal://" + address.split("://", 1)[1]
    assert address.startswith(page.url.split("/" + language + "/")[0])
    feed = page.request.get(address)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.body())
    assert str(calendar["PRODID"]).endswith("//" + language.upper())
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        assert official.full_name in str(event["SUMMARY"])
    shown_days = page.locator("table.schedule time[datetime]").count()
    assert len(events) >= shown_days > 0

    # Sign up: a first attempt with a wrong IIN shows the error and keeps what was typed.
    page.get_by_role(
        "link", name=tr(language, gettext_lazy("Sign up for a reception"))
    ).last.click()
    assert page.get_by_role("heading", level=1).inner_text() == tr(
        language, gettext_lazy("Sign up for a reception")
    )
    page.get_by_role("textbox", name=label(language, SignUpForm, "surname"), exact=True).fill(
        "Тестбаев"
    )
    page.get_by_role("textbox", name=label(language, SignUpForm, "given_name"), exact=True).fill(
        "Асан"
    )
    iin = page.get_by_role("textbox", name=label(language, SignUpForm, "iin"), exact=True)
    iin.fill("850515300007")  # a wrong check digit
    page.get_by_role("textbox", name=label(language, SignUpForm, "phone"), exact=True).fill(
        "8 701 234 56 78"
    )
    question = "Нет отопления в квартире с октября."
    page.get_by_role("textbox", name=label(language, SignUpForm, "question"), exact=True).fill(
        question
    )
    page.get_by_role(
        "combobox", name=label(language, SignUpForm, "topic"), exact=True
    ).select_option("housing")
    consent = page.get_by_role("checkbox", name=label(language, SignUpForm, "consent"))
    consent.check()
    send = page.get_by_role("button", name=tr(language, gettext_lazy("Send the request")))
    send.click()
    error = tr(language, gettext_lazy("This IIN is not valid: check the digits."))
    summary = page.get_by_role(
        "group", name=tr(language, gettext_lazy("Please correct the marked fields."))
    )
    assert summary.get_by_role("link", name=error).get_attribute("href") == "#id_iin"
    assert page.locator("#field-iin").get_by_role("alert").inner_text() == error
    assert (
        page.get_by_role(
            "textbox", name=label(language, SignUpForm, "surname"), exact=True
        ).input_value()
        == "Тестбаев"
    )
    assert (
        page.get_by_role(
            "textbox", name=label(language, SignUpForm, "given_name"), exact=True
        ).input_value()
        == "Асан"
    )
    assert (
        page.get_by_role(
            "textbox", name=label(language, SignUpForm, "question"), exact=True
        ).input_value()
        == question
    )
    assert (
        page.get_by_role(
            "combobox", name=label(language, SignUpForm, "topic"), exact=True
        ).input_value()
        == "housing"
    )
    assert iin.input_value() == "850515300007"
    assert not ReceptionRequest.objects.filter(surname="Тестбаев").exists()

    assert consent.is_checked()
    iin.fill("850515300006")
    send.click()
    assert page.get_by_role("heading", level=1).inner_text() == tr(
        language, gettext_lazy("Your request is registered")
    )
    request = ReceptionRequest.objects.get(surname="Тестбаев")
    assert request.language == language
    assert request.official.translation_key == official.translation_key
    assert page.locator(".ticket__number").inner_text() == request.number

    # The ticket's link opens the tracking page, which says where the request stands.
    tracking = page.get_by_role(
        "link", name=re.compile(rf"\/{language}\/reception\/{request.number}\/[\w-]+\/$")
    )
    tracking.click()
    assert page.url.endswith(f"/{language}/reception/{request.number}/{request.token}/")
    assert request.number in page.get_by_role("heading", level=1).inner_text()
    facts = page.locator(".ticket__facts").first.inner_text()
    assert tr(language, RequestStatus.REGISTERED.label) in facts
    assert official.full_name in facts
    # The applicant as initials and a masked IIN; the given name, IIN and question never (R30).
    assert "Тестбаев А." in facts
    html = page.content()
    assert "Асан" not in html and "850515300006" not in html and question not in html


# The editor ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_editor_creates_a_schedule_rule_and_cancels_a_day(
    browse, language, demo_site_committed, staff_member
):
    editor = staff_member(EDITORS, language)
    official = official_in(language, "nurpeissova-l")
    venue = Venue.objects.filter(locale__language_code=language).order_by("pk").first()
    start, end = datetime.time(16, 10), datetime.time(17, 40)
    official_path = official_page_path(language, official)

    # A citizen has the official's page open (and cached) before the editor starts.
    citizen = browse(language)
    citizen.goto(official_path)
    assert citizen.locator("span.schedule__time", has_text="16:10").count() == 0

    admin = browse(language)
    log_into_admin(admin, language, editor)
    admin.get_by_role("button", name=tr(language, gettext_lazy("Reception schedule"))).click()
    admin.get_by_role(
        "link", name=tr(language, capfirst(ScheduleRule._meta.verbose_name_plural))
    ).click()
    admin.wait_for_url(re.compile(r"/admin/snippets/booking/schedulerule/$"))
    with translation.override(language):
        add = gettext("Add %(model_name)s") % {"model_name": ScheduleRule._meta.verbose_name}
    admin.get_by_role("link", name=str(capfirst(add)), exact=True).click()

    def field(verbose_name):
        return admin.get_by_label(named(tr(language, capfirst(verbose_name))))

    for name, chosen in (("official", official), ("venue", venue)):
        # A snippet chooser: its button opens a dialog listing the snippets. The button is found
        # by its place, not its words: see the note on the chooser's language in the report.
        admin.locator(f"#id_{name}-chooser").get_by_role("button").first.click()
        dialog = admin.get_by_role("dialog")
        search = dialog.get_by_label(tr(language, gettext_lazy("Search term")))
        search.fill(str(chosen).split(",")[0].split()[0])
        dialog.get_by_role("link", name=str(chosen), exact=True).click()
        expect(admin.locator(f"#id_{name}")).to_have_value(str(chosen.pk))
    field(ScheduleRule._meta.get_field("frequency").verbose_name).select_option(Frequency.WEEKLY)
    field(ScheduleRule._meta.get_field("weekday").verbose_name).select_option("WE")
    fill_with_picker(admin, field(ScheduleRule._meta.get_field("start_time").verbose_name), "16:10")
    fill_with_picker(admin, field(ScheduleRule._meta.get_field("end_time").verbose_name), "17:40")
    fill_with_picker(
        admin,
        field(ScheduleRule._meta.get_field("valid_from").verbose_name),
        timezone.localdate().isoformat(),
    )
    admin.get_by_role("button", name=tr(language, gettext_lazy("Save")), exact=True).click()
    admin.wait_for_url(re.compile(r"/admin/snippets/booking/schedulerule/$"))
    rule = ScheduleRule.objects.get(official=official, start_time=start, end_time=end)
    created = list(ReceptionDay.objects.filter(rule=rule).order_by("date"))
    assert created
    messages = admin.locator(".messages").inner_text()
    assert str(len(created)) in messages

    # The public side shows the new days at once: the cached page was invalidated.
    citizen.reload()
    assert citizen.locator("span.schedule__time", has_text="16:10–17:40").count() >= 1
    first = created[0]
    assert row_of(citizen, first.date, start).count() == 1
    schedule = SchedulePage.objects.live().get(locale__language_code=language)
    citizen.goto(schedule.url)
    new_row = row_of(citizen, first.date, start)
    assert official.full_name in new_row.inner_text()

    # The editor cancels the first new day from the list of reception days, filtered to the
    # official (the listing's own filter, by its address).
    admin.goto(f"/admin/snippets/booking/receptionday/?official={official.pk}")
    # Each row's actions are behind a button named after the day ("… — 25.11.2026 16:10").
    admin.get_by_role("button", name=re.compile(re.escape(f"{first.date:%d.%m.%Y} 16:10"))).click()
    admin.get_by_role("link", name=tr(language, gettext_lazy("Cancel")), exact=True).click()
    admin.get_by_label(named(tr(language, gettext_lazy("Reason")))).select_option(
        ChangeReason.ILLNESS
    )
    admin.get_by_role("button", name=tr(language, gettext_lazy("Cancel the reception day"))).click()
    admin.wait_for_url(re.compile(r"/admin/snippets/booking/receptionday/$"))
    first.refresh_from_db()
    assert first.status == DayStatus.CANCELLED
    with translation.override(language):
        cancelled = gettext("The reception day of %(day)s is cancelled.") % {"day": first}
    assert cancelled in admin.locator(".messages").inner_text()

    citizen.goto(official_path)
    badge = row_of(citizen, first.date, start).locator(".badge--cancelled")
    assert badge.inner_text().startswith(
        tr(language, pgettext_lazy("reception day status", "Cancelled"))
    )


# The reception office ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_schedules_a_request_and_the_tracking_page_shows_the_date(
    browse, language, demo_site_committed, staff_member
):
    office = staff_member(RECEPTION_OFFICE, language)
    request = (
        ReceptionRequest.objects.filter(status=RequestStatus.REGISTERED, language=language)
        .order_by("pk")
        .first()
    )
    assert request is not None
    citizen = browse(language)
    tracking_path = f"/{language}/reception/{request.number}/{request.token}/"
    citizen.goto(tracking_path)
    assert (
        tr(language, RequestStatus.REGISTERED.label)
        in citizen.locator(".ticket__facts").first.inner_text()
    )

    admin = browse(language)
    log_into_admin(admin, language, office)
    admin.goto(f"/admin/requests/{request.pk}/")
    assert request.number in admin.get_by_role("heading", level=1).first.inner_text()
    review = tr(language, BUTTON_LABELS[RequestAction.REVIEW])
    admin.get_by_role("link", name=review).click()
    admin.get_by_role("button", name=review).click()
    admin.wait_for_url(re.compile(rf"/admin/requests/{request.pk}/$"))
    request.refresh_from_db()
    assert request.status == RequestStatus.UNDER_REVIEW

    schedule = tr(language, BUTTON_LABELS[RequestAction.SCHEDULE])
    admin.get_by_role("link", name=schedule).click()
    day_field = admin.get_by_label(named(tr(language, gettext_lazy("Reception day"))))
    expect(day_field).to_be_visible()
    options = day_field.locator("option").evaluate_all(
        "options => options.map(option => option.value).filter(Boolean)"
    )
    assert options, "no reception day offered"
    chosen = str(request.preferred_day_id) if request.preferred_day_id else options[0]
    day_field.select_option(chosen)
    day = ReceptionDay.objects.get(pk=chosen)
    slot = (
        datetime.datetime.combine(day.date, day.start_time) + datetime.timedelta(minutes=20)
    ).time()
    # A plain time field here: the action screens load no picker.
    admin.get_by_label(named(tr(language, gettext_lazy("Time")))).fill(f"{slot:%H:%M}")
    admin.get_by_role("button", name=schedule).click()
    admin.wait_for_url(re.compile(rf"/admin/requests/{request.pk}/$"))
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED
    assert request.slot_time == slot

    citizen.reload()
    facts = citizen.locator(".track-status").inner_text()
    with translation.override(language):
        date = phrase_date(day.date, "j E Y, l")
    assert date in facts
    assert f"{slot:%H:%M}" in facts
    assert (
        tr(language, RequestStatus.SCHEDULED.label)
        in citizen.locator(".ticket__facts").first.inner_text()
    )
