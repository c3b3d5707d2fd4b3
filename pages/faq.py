"""Frequently asked questions, grouped by topic, each with a stable anchor, published with a
schema.org ``FAQPage`` description (JSON-LD) for search engines."""

import json
from html import unescape

from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from pages.folding import fold
from portal.navigation import ViewRestrictionsInOneQuery, public

# Characters that would end a <script> element or start markup, escaped inside JSON.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    anchor = blocks.RegexBlock(
        regex=r"^[a-z0-9-]+$",
        label=_("Anchor"),
        help_text=_(
            "Latin letters, digits and dashes; the same in both languages, so that links from "
            "the sign-up form and the ticket lead to this answer."
        ),
        error_messages={"invalid": _("Use Latin letters, digits and dashes only.")},
    )
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "document-link", "ol", "ul"]
    )


class TopicBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Topic"), max_length=200)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "help"


class FAQPage(ViewRestrictionsInOneQuery, Page):
    """Questions and answers by topic: who receives, how to sign up, what to bring, deadlines,
    video conference, refusals and appeals."""

    intro = models.TextField(_("introduction"), blank=True)
    topics = StreamField([("topic", TopicBlock())], blank=True, verbose_name=_("topics"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("topics")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("topics"),
        index.SearchField("folded_text"),
    ]

    class Meta:
        verbose_name = _("FAQ page")
        verbose_name_plural = _("FAQ pages")

    def questions(self):
        """(topic title, question block value) in page order."""
        for topic in self.topics:
            for item in topic.value["questions"]:
                yield topic.value["title"], item

    def folded_text(self):
        parts = [self.intro]
        for topic, item in self.questions():
            parts += [topic, item["question"], answer_text(item)]
        return fold(" ".join(parts))

    def json_ld(self):
        """The schema.org FAQPage of this page, safe inside a <script> element."""
        data = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "inLanguage": self.locale.language_code,
            "name": self.title,
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item["question"],
                    "acceptedAnswer": {"@type": "Answer", "text": answer_text(item)},
                }
                for _topic, item in self.questions()
            ],
        }
        # Safe: the JSON is escaped for a script element (JSON_SCRIPT_ESCAPES).
        return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))  # nosec B308 B703


def answer_text(item):
    return unescape(strip_tags(item["answer"].source)).strip()


def answers(anchors, locale=None):
    """[(address, question)] of the answers with *anchors* on the live FAQ page of *locale*
    (the active language by default), in the order given; empty when there is no FAQ page."""
    locale = locale or Locale.get_active()
    page = public(FAQPage.objects.live()).filter(locale=locale).first()
    if page is None:
        return []
    questions = {item["anchor"]: item["question"] for _topic, item in page.questions()}
    url = page.get_url()
    return [(f"{url}#{anchor}", questions[anchor]) for anchor in anchors if anchor in questions]


def matching_questions(page, query):
    """The questions of an FAQ page whose question or answer holds every word of *query*."""
    wanted = fold(query).split()
    return [
        item
        for _topic, item in page.questions()
        if all(word in fold(f"{item['question']} {answer_text(item)}") for word in wanted)
    ]
