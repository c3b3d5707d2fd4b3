from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.models import Page, Site

from portal.i18n import current_language

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
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page.localized
    return root.get_children().live().public().in_menu().only("title", "url_path", "locale_id")


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context["request"]
    site = Site.find_for_request(request)
    return site.root_page.localized.get_url(request) if site else f"/{current_language()}/"


@register.filter
def is_within(page, section):
    """True when *page* is *section* or one of its descendants (for marking the menu)."""
    return isinstance(page, Page) and page.path.startswith(section.path)
