"""Tags of the site chrome: sharing cards, links to FAQ answers."""

from django import template
from django.conf import settings

from pages import faq, row_fragments

register = template.Library()

OG_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU"}
SHARE_IMAGE = "fill-1200x630"


@register.simple_tag
def faq_answers(anchors):
    """[(address, question)] of the FAQ answers with these space-separated *anchors*, in the
    visitor's language; empty when no FAQ page is published."""
    return faq.answers(anchors.split())


@register.simple_tag(takes_context=True)
def share_card(context):
    """What Open Graph and Twitter cards say about the page being shown."""
    request = context["request"]
    page = context.get("page")
    base = f"{request.scheme}://{request.get_host()}"
    card = {
        "url": base + request.path,
        "type": "website",
        "locale": OG_LOCALES.get(getattr(request, "LANGUAGE_CODE", ""), ""),
        "description": "",
        "image": "",
    }
    if page is not None and hasattr(page, "specific_class"):
        card["description"] = (
            page.search_description or getattr(page, "lead", "") or getattr(page, "intro", "") or ""
        )
        share_image = getattr(page, "share_image", None)
        image = share_image() if callable(share_image) else None
        if image is not None:
            card["image"] = base + image.get_rendition(SHARE_IMAGE).url
        if page.specific_class.__name__ == "NewsPage":
            card["type"] = "article"
    card["other_locales"] = [
        OG_LOCALES[code] for code, _name in settings.LANGUAGES if OG_LOCALES[code] != card["locale"]
    ]
    return card


@register.simple_tag
def schedule_rows_html(rows, show_official=False, add_to_calendar=False):
    """[(row, its HTML)] of the schedule table, each row from the fragment cache."""
    return row_fragments.rendered_rows(rows, show_official, add_to_calendar)
