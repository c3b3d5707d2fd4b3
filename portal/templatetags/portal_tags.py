import re
from dataclasses import dataclass

import phonenumbers
from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.urls import translate_url
from django.utils.html import format_html
from wagtail.models import Page, Site

from booking.domain import capacity
from portal.i18n import current_language
from portal.navigation import navigation

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    is_current: bool


def _page_urls(page, request):
    """URL of *page* in each portal language: its translations, else that language's home."""
    urls = {}
    translations = navigation(request, page).translations
    if translations is None:
        translations = page.get_translations(inclusive=True).live().select_related("locale")
    for translation in translations:
        urls[translation.locale.language_code] = translation.get_url(request)
    missing = [code for code, _name in settings.LANGUAGES if code not in urls]
    if missing:
        site = Site.find_for_request(request)
        if site:
            for home in site.root_page.get_translations(inclusive=True).select_related("locale"):
                urls.setdefault(home.locale.language_code, home.get_url(request))
    return urls


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in every portal language, for hreflang links and the language switch."""
    request = context["request"]
    page = context.get("page")
    current = current_language()
    if isinstance(page, Page) and page.pk:
        urls = _page_urls(page, request)
        # Sub-pages of a routable page (an official under the schedule) and filters carry over:
        # their slugs and keys are the same in every language.
        own_url = urls.get(current)
        if own_url and request.path.startswith(own_url):
            rest = request.get_full_path()[len(own_url) :]
            if rest:
                urls = {code: url + rest for code, url in urls.items()}
    else:
        path = request.get_full_path()
        urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    return [
        Alternate(
            code=code,
            name=name,
            url=urls.get(code, f"/{code}/"),
            is_current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages of the visitor's language marked "show in menus"."""
    return navigation(context["request"], context.get("page")).menu


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """The pages above the one shown, from the visitor's home down."""
    return navigation(context["request"], context.get("page")).ancestors


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context["request"]
    root = navigation(request, context.get("page")).root
    return root.get_url(request) if root is not None else f"/{current_language()}/"


@register.filter
def is_within(page, section):
    """True when *page* is *section* or one of its descendants (for marking the menu)."""
    return isinstance(page, Page) and page.path.startswith(section.path)


@register.filter(expects_localtime=True)
def phrase_date(value, arg=None):
    """*value* formatted for the middle of a phrase: Kazakh and Russian write month and weekday
    names in lower case there ("17 желтоқсан, бейсенбі"), while Django's names are capitalised.
    A moment is shown in the office's time zone, as Django's own date filter does."""
    return date_filter(value, arg).lower()


def _kz_number(value):
    try:
        number = phonenumbers.parse(str(value or "").strip(), "KZ")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@register.filter
def phone_display(value):
    """A phone number in the grouping readers expect, "+7 700 012 34 56" or "+7 7172 74 00 00";
    anything that is not a valid number (a short code, a note) stays as typed."""
    number = _kz_number(value)
    if number is None:
        return value
    groups = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if phonenumbers.region_code_for_number(number) != "KZ":
        return groups
    # The library writes the last four digits as one group; in Kazakhstan they go in pairs.
    parts = groups.split(" ")
    parts[-1] = re.sub(r"^(\d\d)(\d\d)$", r"\1 \2", parts[-1])
    return " ".join(parts)


@register.filter
def phone_tel(value):
    """The number for a ``tel:`` link: E.164 ("+77000123456"), else the digits as typed."""
    number = _kz_number(value)
    if number is None:
        return re.sub(r"[^\d+]", "", str(value or ""))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@register.filter
def open_for_sign_up(day):
    """True for a reception day that still takes applicants (scheduled, not over yet)."""
    return capacity.is_open_for_sign_up(day)


@register.filter
def request_number(value):
    """A request number ("2026-00001") kept on one line (CSS ``.request-number``), for use
    inside a sentence: ``{% blocktranslate with number=req.number|request_number %}``."""
    return format_html('<span class="request-number">{}</span>', value)
