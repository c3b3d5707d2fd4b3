"""The staff side in the state language (issue 15): every admin screen staff meet, in Kazakh
and in Russian, with no English word left outside a short allow-list.

A staff member whose admin language is kk (or ru) visits the dashboard, the page explorer and
editor, snippets and viewsets, images and documents, settings, reports, the account page, users
and groups, sites, locales, redirects, workflows, search, the login and password-reset pages,
and the reception office's screens (the queue, a request's page, one of each action). The text
a person sees or hears is collected as on public pages (``tests/pages/test_interface_language``),
including the contents of ``<template>`` elements, which the admin's scripts show; data values
(names, file names, addresses) are the demo's Kazakh and Russian data, or removed as codes.
The admin's JavaScript catalogue is checked to translate every string of Wagtail's own.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import wagtail
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.users.models import UserProfile

from booking.enums import RequestStatus
from booking.models import (
    Official,
    Organisation,
    OutboxMessage,
    ReceptionDay,
    ReceptionRequest,
    ScheduleRule,
    Venue,
    WorkingDayOverride,
)
from pages import demo
from pages.models import FAQPage, NewsPage, RegulationsPage, ReportPage, StandardPage
from tests.factories import ReceptionDayFactory, ScheduleRuleFactory, translate
from tests.pages import test_interface_language as public

LANGUAGES = ["kk", "ru"]

# Latin words that are right on a Kazakh or Russian admin screen. Each one says why.
ALLOWED = public.ALLOWED | {
    "Wagtail",  # the product's name, shown in the admin's title and footer
    "CMS",  # "Wagtail CMS", and the notice shown when scripts are off
    "JavaScript",  # the scripting language's name, in that notice
    "API",  # Wagtail's settings and help name its programming interface so
    "JPG",  # image formats, named by their extensions
    "WEBP",
    "XLSX",  # export formats, named by their extensions
    "SVG",
    "GIF",
    "WebP",
    "AVIF",
    "HEIC",
    "ICO",
    "Markdown",
    "ID",  # the identifier column, so written in both languages' admin conventions
    "HTML",
    "SEO",
    "RSS",
    "Ctrl",  # keyboard keys
    "Cmd",
    "Shift",
    "Alt",
    "Enter",
    "Esc",
    "Tab",
}

# Codes and data a screen shows that are Latin by nature.
NOT_WORDS = [
    re.compile(r"\b[\w.-]+\.(?:pdf|png|jpe?g|gif|svg|webp|txt|docx?|xlsx?|csv|ics)\b", re.I),
    *public.NOT_WORDS,
    re.compile(r"\b[a-z0-9]+(?:[-_.][a-z0-9]+)+\b"),  # slugs, user names, dotted codes
    re.compile(r"\b[A-Z][a-z]+/[\w/+-]+"),  # time zone names (Asia/Almaty), as the tz database
    re.compile(r"\blocalhost\b"),  # the demo site's host name
    re.compile(r"/[\w/.-]*"),  # paths
    re.compile(r"\bRRULE:\S+"),
]


def wagtail_js_msgids():
    """Every string of Wagtail's admin scripts, from its English catalogue."""
    path = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    return [entry.msgid for entry in polib.pofile(str(path)) if entry.msgid]


class AdminText(public.VisibleText):
    """Visible text of an admin screen: as on a public page, plus ``<template>`` contents
    (menus and dialogs the admin's scripts show); without what is hidden from eyes and screen
    readers, and without the ``value`` of a ``<button>`` (its content is what it says)."""

    def attributes(self, tag, attrs):
        if tag == "button":
            attrs = {name: value for name, value in attrs.items() if name != "value"}
        super().attributes(tag, attrs)

    def handle_starttag(self, tag, attrs):
        if tag == "template":
            tag = "template-shown"
        hidden = {"hidden", ("aria-hidden", "true")} & {
            name if value is None or name == "hidden" else (name, value) for name, value in attrs
        }
        if hidden and tag not in public.VOID_ELEMENTS:
            # Neither shown nor read out (a counter with nothing to count, an icon).
            self.stack.append((tag, True))
            return
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        super().handle_endtag("template-shown" if tag == "template" else tag)


def english_words(html, language):
    parser = AdminText(language)
    parser.feed(html)
    parser.close()
    found = {}
    for chunk in parser.chunks:
        text = chunk
        for pattern in NOT_WORDS:
            text = pattern.sub(" ", text)
        words = [word for word in public.WORD.findall(text) if word not in ALLOWED]
        if words:
            found.setdefault(" ".join(chunk.split())[:120], words)
    return found


@pytest.fixture(scope="module")
def admin_data(_demo_module, django_db_blocker):
    """The demo site plus what the screens need to show something: an image, a document,
    a request at every step the action screens start from."""
    with django_db_blocker.unblock():
        image = get_image_model().objects.create(
            title="Әкімдіктің ғимараты", file=get_test_image_file()
        )
        document = get_document_model().objects.create(
            title="Қабылдау тәртібі",
            file=ContentFile(b"%PDF-1.4 demo", name="tartip.pdf"),
        )
        yield {"image": image, "document": document}


@pytest.fixture
def staff(client, django_user_model, admin_data, demo_site):
    def log_in(language):
        user = django_user_model.objects.create_superuser(
            "Айгүл" if language == "kk" else "Айгуль",
            email=f"aigul.{language}@akimat.kz",
            password="x",
            first_name="Айгүл",
            last_name="Сапарова",
        )
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.current_time_zone = "Asia/Almaty"
        profile.save()
        client.force_login(user)
        return client

    return log_in


def first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def a_request(status):
    return first(ReceptionRequest, status=status) or first(ReceptionRequest)


def screens(data):
    """Screen name -> admin path, built from the demo's objects."""
    home = Page.objects.get(depth=2, locale__language_code="kk")
    standard = first(StandardPage, locale__language_code="kk")
    day = first(ReceptionDay, status="scheduled")
    rule = first(ScheduleRule)
    official = first(Official, locale__language_code="kk")
    registered = a_request(RequestStatus.REGISTERED)
    review = a_request(RequestStatus.UNDER_REVIEW)
    hearing = a_request(RequestStatus.HEARING)
    received = a_request(RequestStatus.RECEIVED)
    on_control = a_request(RequestStatus.ON_CONTROL)
    group = Group.objects.order_by("pk").first()
    image, document = data["image"], data["document"]
    found = {
        "dashboard": "/admin/",
        "explorer root": "/admin/pages/",
        "explorer": f"/admin/pages/{home.pk}/",
        "page editor": f"/admin/pages/{standard.pk}/edit/",
        "add a subpage": f"/admin/pages/{home.pk}/add_subpage/",
        "new page": f"/admin/pages/add/pages/standardpage/{home.pk}/",
        "page history": f"/admin/pages/{standard.pk}/history/",
        "move a page": f"/admin/pages/{standard.pk}/move/",
        "copy a page": f"/admin/pages/{standard.pk}/copy/",
        "delete a page": f"/admin/pages/{standard.pk}/delete/",
        "page privacy": f"/admin/pages/{standard.pk}/privacy/",
        "page search": "/admin/pages/search/?q=қабылдау",
        "images": "/admin/images/",
        "image": f"/admin/images/{image.pk}/",
        "add an image": "/admin/images/add/",
        "documents": "/admin/documents/",
        "document": f"/admin/documents/edit/{document.pk}/",
        "add a document": "/admin/documents/add/",
        "collections": "/admin/collections/",
        "snippets": "/admin/snippets/",
        "reception days": "/admin/snippets/booking/receptionday/",
        "a reception day": f"/admin/snippets/booking/receptionday/edit/{day.pk}/",
        "new reception day": "/admin/snippets/booking/receptionday/add/",
        "schedule rules": "/admin/snippets/booking/schedulerule/",
        "a schedule rule": f"/admin/snippets/booking/schedulerule/edit/{rule.pk}/",
        "rule preview": f"/admin/reception/rules/{rule.pk}/preview/",
        "officials": "/admin/snippets/booking/official/",
        "an official": f"/admin/snippets/booking/official/edit/{official.pk}/",
        "organisations": "/admin/snippets/booking/organisation/",
        "an organisation": (f"/admin/snippets/booking/organisation/edit/{first(Organisation).pk}/"),
        "venues": "/admin/snippets/booking/venue/",
        "a venue": f"/admin/snippets/booking/venue/edit/{first(Venue).pk}/",
        "working-day overrides": "/admin/snippets/booking/workingdayoverride/",
        "cancel a day": f"/admin/reception/days/{day.pk}/cancel/",
        "move a day": f"/admin/reception/days/{day.pk}/move/",
        "a day's applicants": f"/admin/reception/days/{day.pk}/applicants/",
        "queue": "/admin/requests/",
        "queue, filtered": "/admin/requests/?due=overdue&status=registered",
        "a request": f"/admin/requests/{registered.pk}/",
        "a request on control": f"/admin/requests/{on_control.pk}/",
        "register a request": "/admin/reception/requests/register/",
        "a ticket": f"/admin/reception/requests/{registered.pk}/ticket/",
        "documents of a request": f"/admin/reception/requests/{registered.pk}/documents/",
        "review": f"/admin/reception/requests/{registered.pk}/do/review/",
        "ask for corrections": f"/admin/reception/requests/{registered.pk}/do/ask_corrections/",
        "forward": f"/admin/reception/requests/{registered.pk}/do/forward/",
        "extend": f"/admin/reception/requests/{registered.pk}/do/extend/",
        "leave without consideration": (
            f"/admin/reception/requests/{registered.pk}/do/not_considered/"
        ),
        "schedule": f"/admin/reception/requests/{review.pk}/do/schedule/",
        "propose a refusal": f"/admin/reception/requests/{review.pk}/do/propose_refusal/",
        "refuse": f"/admin/reception/requests/{hearing.pk}/do/refuse/",
        "protocol": f"/admin/reception/requests/{received.pk}/do/protocol/",
        "survey": f"/admin/reception/requests/{received.pk}/do/satisfaction/",
        "months without a reception": "/admin/reception/gaps/",
        "not yet translated": "/admin/reception/untranslated/",
        "portal settings": "/admin/settings/pages/portalsettings/",
        "reception settings": "/admin/settings/booking/receptionsettings/",
        "locked pages": "/admin/reports/locked/",
        "workflows report": "/admin/reports/workflow/",
        "workflow tasks report": "/admin/reports/workflow_tasks/",
        "site history": "/admin/reports/site-history/",
        "aging pages": "/admin/reports/aging-pages/",
        "page types": "/admin/reports/page-types-usage/",
        "account": "/admin/account/",
        "users": "/admin/users/",
        "add a user": "/admin/users/new/",
        "groups": "/admin/groups/",
        "a group": f"/admin/groups/edit/{group.pk}/",
        "sites": "/admin/sites/",
        "locales": "/admin/locales/",
        "redirects": "/admin/redirects/",
        "add a redirect": "/admin/redirects/add/",
        "workflows": "/admin/workflows/list/",
        "add a workflow": "/admin/workflows/add/",
        "workflow tasks": "/admin/workflows/tasks/index/",
        # Issue 11: press coverage, FAQ and quarterly reports.
        "quarterly report": "/admin/quarterly-report/",
        "a news page": f"/admin/pages/{first(NewsPage).pk}/edit/",
        "an FAQ page": f"/admin/pages/{first(FAQPage).pk}/edit/",
        "a report page": f"/admin/pages/{first(ReportPage).pk}/edit/",
        "a regulations page": f"/admin/pages/{first(RegulationsPage).pk}/edit/",
        # Issue 10: the outbox.
        "outbox": "/admin/outbox/",
        "outbox, failed": "/admin/outbox/?status=failed",
        "resend a message": f"/admin/reception/outbox/{failed_message(registered).pk}/resend/",
    }
    if not WorkingDayOverride.objects.exists():
        WorkingDayOverride.objects.create(
            date=timezone.localdate(), kind="day_off", name_kk="Демалыс", name_ru="Выходной"
        )
    return found


SCREENS = [
    "dashboard", "explorer root", "explorer", "page editor", "add a subpage", "new page",
    "page history", "move a page", "copy a page", "delete a page",
    "page privacy", "page search", "images", "image", "add an image", "documents", "document",
    "add a document", "collections", "snippets", "reception days", "a reception day",
    "new reception day", "schedule rules", "a schedule rule", "rule preview", "officials",
    "an official", "organisations", "an organisation", "venues", "a venue",
    "working-day overrides", "cancel a day", "move a day", "a day's applicants", "queue",
    "queue, filtered", "a request", "a request on control", "register a request", "a ticket",
    "documents of a request", "review", "ask for corrections", "forward", "extend",
    "leave without consideration", "schedule", "propose a refusal", "refuse", "protocol",
    "survey", "months without a reception", "not yet translated", "portal settings",
    "reception settings", "locked pages", "workflows report", "workflow tasks report",
    "site history", "aging pages", "page types", "account", "users", "add a user", "groups",
    "a group", "sites", "locales", "redirects", "add a redirect", "workflows",
    "add a workflow", "workflow tasks",
    "quarterly report", "a news page", "an FAQ page", "a report page", "a regulations page",
    "outbox", "outbox, failed", "resend a message",
]  # fmt: skip


def failed_message(reception_request):
    """A message that failed, as the outbox screen shows it (issue 10)."""
    return OutboxMessage.objects.create(
        kind="update",
        reception_request=reception_request,
        recipient="applicant@example.kz",
        language="kk",
        next_attempt_at=timezone.now(),
        status="failed",
        error="unreachable",
        attempts=12,
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_admin_screen_is_in_the_staff_members_language(staff, admin_data, language, screen):
    client = staff(language)
    path = screens(admin_data)[screen]
    response = client.get(path, follow=True)
    assert response.status_code == 200, (screen, path, response.status_code)
    html = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        html = response.json()["html"]  # a dialog the admin opens
    found = english_words(html, language)
    assert not found, f"English on the {language} admin screen “{screen}” ({path}): " + (
        "; ".join(f"{', '.join(words)} in “{text}”" for text, words in found.items())
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/admin/login/", "/admin/password_reset/"])
def test_the_login_and_password_reset_pages_are_in_the_sites_language(
    client, demo_site, language, path
):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    found = english_words(response.content.decode(), language)
    assert not found, f"English on {path} ({language}): {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admins_javascript_catalogue_translates_every_string(staff, language):
    client = staff(language)
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    body = response.content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S).group(1))
    missing = [msgid for msgid in wagtail_js_msgids() if msgid not in catalogue]
    assert not missing, f"{len(missing)} script strings untranslated in {language}: {missing[:15]}"


def test_the_russian_admin_shows_officials_and_venues_in_russian(client, admin_user):
    day = ReceptionDayFactory()
    official_ru = translate(day.official, "ru", full_name="Серикбаев Ерлан Маратович")
    venue_ru = translate(day.venue, "ru", name="Общественная приёмная")
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ru"
    profile.save()
    client.force_login(admin_user)
    for path in ("/admin/snippets/booking/receptionday/", "/admin/snippets/booking/schedulerule/"):
        if path.endswith("schedulerule/"):
            ScheduleRuleFactory(official=day.official, venue=day.venue)
        html = client.get(path).content.decode()
        assert official_ru.full_name in html and day.official.full_name not in html, path
        assert venue_ru.name in html, path


def test_admin_times_are_almaty_time(client, admin_user, home):
    entry = log(instance=home, action="wagtail.edit", user=admin_user)
    type(entry).objects.filter(pk=entry.pk).update(
        timestamp=datetime.datetime(2026, 11, 20, 3, 35, tzinfo=datetime.UTC)
    )
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{home.pk}/history/").content.decode()
    assert "08:35" in html or "8:35" in html
    assert "03:35" not in html and " 3:35" not in html


def test_new_staff_work_in_kazakh_and_choose_only_kazakh_or_russian(client, django_user_model):
    user = django_user_model.objects.create_superuser("newcomer", password="x")
    client.force_login(user)
    assert '<html lang="kk"' in client.get("/admin/").content.decode()
    account = client.get("/admin/account/").content.decode()
    select = account.split('name="locale-preferred_language"')[1].split("</select>")[0]
    options = re.findall(r'<option value="(\w\w)"', select)
    assert sorted(options) == ["kk", "ru"]


class FormFields(HTMLParser):
    """The values a browser would send for the first form of a page with a POST method."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self.select, self.in_form, self.done = {}, None, False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post" and not self.done:
            self.in_form = True
        if not self.in_form or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if attrs.get("type") in {"checkbox", "radio"} else ""
            self.data[attrs["name"]] = attrs.get("value", default)
        elif tag == "textarea":
            self.data[attrs["name"]] = ""
        elif tag == "select":
            self.select = attrs["name"]
        elif (
            tag == "option"
            and self.select
            and ("selected" in attrs or self.select not in self.data)
        ):
            self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def test_the_demo_administrator_saves_preferences_as_is(client, demo_site):
    """Wagtail's account form asks for a name; the demo administrator has one, so changing the
    admin's language works at the first try."""
    demo.ensure_demo_admin()
    user = get_user_model().objects.get(username="admin")
    client.force_login(user)
    parser = FormFields()
    parser.feed(client.get("/admin/account/").content.decode())
    data = {**parser.data, "locale-preferred_language": "ru"}
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UserProfile.get_for_user(user).preferred_language == "ru"
