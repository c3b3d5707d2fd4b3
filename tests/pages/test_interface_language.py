"""No visible interface string on a Kazakh or Russian public page is left in English.

Every public page type is rendered in each language (forms also with their errors); the text a
visitor sees or hears (text nodes, the ``title``, ``alt``, ``aria-label`` and ``placeholder``
attributes, the labels of buttons and the texts scripts show) is collected with the standard
library's HTML parser; addresses and codes are removed, and any Latin word of two letters or
more that is not on the short allow-list below fails the test, named by language and page.
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.conf import settings

from booking.models import Official
from pages.models import StandardPage
from tests.booking.interfaces.test_sign_up import form_data

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Elements whose content is not interface text: code, and what the browser does not show.
SKIPPED_ELEMENTS = {"script", "style", "code", "template"}
# Attributes a visitor sees (tooltips, placeholders) or a screen reader reads out; and the texts
# scripts show: data-copied (includes/subscribe.html) and data-confirm (booking/track.html).
SPOKEN_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "data-copied", "data-confirm"}
# Elements that never have an end tag, so they never open a level of the element stack.
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip

# Removed before looking for words: they are Latin by nature, not untranslated interface.
NOT_WORDS = [
    re.compile(r"\b(?:https?|webcal|mailto|tel)://?\S+", re.I),  # addresses and feed links
    re.compile(r"\bwww\.\S+", re.I),
    re.compile(r"\S+@\S+"),  # e-mail addresses
    re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:kz|ru|com|org|net|gov)\b", re.I),  # bare domains
    re.compile(r"\b\w*\d\w*\b"),  # codes with digits: request numbers, IINs, document numbers
    re.compile(r"\bGoogle Calendar\b"),  # the product's name; "Calendar" alone is English
]

WORD = re.compile(r"[A-Za-z]{2,}")

# Latin words that are right in a Kazakh or Russian text. Each one must say why.
ALLOWED = {
    "eGov",  # the state services portal's name, written so in both languages
    "Otinish",  # "e-Otinish", the state appeals system's name (the hyphen splits off the "e")
    "iCal",  # the calendar format's name
    "CSV",  # the open-data file formats, named by their extensions
    "JSON",
    "XML",  # the site map's format, named in the footer link
    "PDF",  # the upload formats the sign-up form accepts, named by their extensions
    "JPEG",
    "PNG",
    "URL",  # Google Calendar's own menu item in its kk/ru interface: "URL арқылы", "по URL"
    "Android",  # the phone platforms the subscription help is written for
    "iPhone",
    "iPad",
}


class VisibleText(HTMLParser):
    """The interface text of a page, in the order a visitor meets it.

    Text inside an element marked with the *other* site language (the language switcher, the
    other half of the bilingual poster) belongs to that language and is not collected.
    """

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # (tag, skipped) for every open element
        self.chunks = []

    @property
    def skipping(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other_language = attrs.get("lang") in set(LANGUAGES) - {self.language}
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, tag in SKIPPED_ELEMENTS or other_language))
        if self.skipping or other_language:
            return
        self.attributes(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        if not self.skipping:
            self.attributes(tag, dict(attrs))

    def handle_endtag(self, tag):
        # Close up to the matching element; a stray end tag closes nothing.
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.chunks.append(data.strip())

    def attributes(self, tag, attrs):
        for name in SPOKEN_ATTRIBUTES:
            if attrs.get(name):
                self.chunks.append(attrs[name])
        is_button = tag == "button" or (
            tag == "input" and attrs.get("type") in {"submit", "button", "reset"}
        )
        if is_button and attrs.get("value"):
            self.chunks.append(attrs["value"])


def visible_text(html, language):
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    return parser.chunks


def english_words(html, language):
    """The Latin words left after removing addresses and codes, by the text they were found in."""
    found = {}
    for chunk in visible_text(html, language):
        text = chunk
        for pattern in NOT_WORDS:
            text = pattern.sub(" ", text)
        words = [word for word in WORD.findall(text) if word not in ALLOWED]
        if words:
            found.setdefault(" ".join(chunk.split())[:150], words)
    return found


def assert_in_language(response, language, expected_status=200):
    assert response.status_code == expected_status, response.content.decode()[:500]
    found = english_words(response.content.decode(), language)
    assert not found, f"English on the {language} page: " + "; ".join(
        f"{', '.join(words)} in “{text}”" for text, words in found.items()
    )


def a_standard_page(language):
    return StandardPage.objects.live().filter(locale__language_code=language).first()


def official_slug():
    return Official.objects.filter(is_active=True).first().slug


def sign_up(client, language, data):
    return client.post(f"/{language}/reception/sign-up/", data)


def first_open_day(client, language):
    """The first day the sign-up form offers, so the ticket also shows a day and its venue."""
    html = client.get(f"/{language}/reception/sign-up/").content.decode()
    select = html.split('name="preferred_day"')[1].split("</select>")[0]
    match = re.search(r'<option value="(\d+)"', select)
    return match.group(1) if match else None


def a_request(client, language):
    """Sign up with a valid form; the ticket page it leads to."""
    data = form_data(language=language, preferred_day=first_open_day(client, language))
    response = sign_up(client, language, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def a_repeated_request(client, language):
    """The same request sent twice: the first ticket again, with a message saying so."""
    sign_up(client, language, form_data(language=language))
    response = sign_up(client, language, form_data(language=language))
    assert response.status_code == 302
    return client.get(response["Location"])


def tracking_link(ticket, language):
    match = re.search(
        rf'href="(?:https?://[^/"]+)?(/{language}/reception/[^/"]+/[^/"]+/)"',
        ticket.content.decode(),
    )
    assert match, "the ticket shows no tracking link"
    return match.group(1)


def tracking(client, language):
    return client.get(tracking_link(a_request(client, language), language))


def tracking_after_withdrawal(client, language):
    link = tracking_link(a_request(client, language), language)
    return client.post(link, {"action": "withdraw"}, follow=True)


# Page name -> how to get its response for a language (with the status it must answer with).
PAGES = {
    "home": lambda client, lang: client.get(f"/{lang}/"),
    "standard page": lambda client, lang: client.get(a_standard_page(lang).url),
    "schedule": lambda client, lang: client.get(f"/{lang}/schedule/"),
    "official": lambda client, lang: client.get(f"/{lang}/schedule/official/{official_slug()}/"),
    # Both languages on purpose: VisibleText leaves out the section marked with the other one.
    "poster": lambda client, lang: client.get(f"/{lang}/schedule/poster/"),
    "search with results": lambda client, lang: client.get(
        f"/{lang}/search/?q={quote(a_standard_page(lang).title.split()[0])}"
    ),
    # Cyrillic nonsense: the query is echoed back, and must not itself look like English.
    "search without results": lambda client, lang: client.get(f"/{lang}/search/?q=щщщжжж"),
    "404": lambda client, lang: (client.get(f"/{lang}/no-such-page-here/"), 404),
    "sign-up form": lambda client, lang: client.get(f"/{lang}/reception/sign-up/"),
    "sign-up, empty post": lambda client, lang: (sign_up(client, lang, {}), 400),
    "sign-up, bad iin and e-mail": lambda client, lang: (
        sign_up(client, lang, form_data(language=lang, iin="123", email="x@")),
        400,
    ),
    "sign-up, honeypot filled": lambda client, lang: (
        sign_up(client, lang, form_data(language=lang, website="spam")),
        400,
    ),
    "sign-up, too long": lambda client, lang: (
        sign_up(client, lang, form_data(language=lang, surname="Ә" * 101, question="ә" * 5001)),
        400,
    ),
    "ticket": a_request,
    "ticket of a repeated request": a_repeated_request,
    "tracking": tracking,
    "tracking after withdrawal": tracking_after_withdrawal,
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_on_the_page(client, demo_site, language, page):
    result = PAGES[page](client, language)
    response, status = result if isinstance(result, tuple) else (result, 200)
    assert_in_language(response, language, status)


def test_the_check_finds_english_and_spares_what_is_not():
    """The parser itself: English text, tooltips and button labels are caught; code, scripts,
    addresses, the other language's half and allowed names are not."""
    html = """
        <title>Басты бет</title>
        <p>Қабылдау кестесі <a href="/en/" title="Open the schedule">iCal</a></p>
        <input type="submit" value="Send"><input type="text" value="Asan" name="surname">
        <script>var hidden = "Ignored";</script><code>python manage.py</code>
        <p>asan@example.kz, https://example.kz/calendar/all.ics, 2026-00001, N1234567</p>
        <section lang="ru">Расписание</section><section lang="en">Schedule</section>
        <img src="x.png" alt="Map">
    """
    words = {word for found in english_words(html, "kk").values() for word in found}
    assert words == {"Open", "the", "schedule", "Send", "Schedule", "Map"}
