"""The legal basis of personal reception, so that citizens can read the rules themselves."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.folding import fold
from portal.navigation import ViewRestrictionsInOneQuery

IN_FORCE = "in_force"
LAPSED = "lapsed"


class DocumentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=500)
    number = blocks.CharBlock(
        # Translators: the registration number of a legal act
        label=pgettext_lazy("legal act", "Number"),
        max_length=100,
        required=False,
    )
    date = blocks.DateBlock(label=pgettext_lazy("legal act", "Date of adoption"))
    status = blocks.ChoiceBlock(
        choices=[
            (IN_FORCE, pgettext_lazy("legal act", "In force")),
            (LAPSED, pgettext_lazy("legal act", "Lapsed")),
        ],
        default=IN_FORCE,
        label=pgettext_lazy("legal act", "Status"),
    )
    link = blocks.URLBlock(label=_("Link to the official text"), required=False)
    summary = blocks.TextBlock(label=_("What it says about reception"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/legal_document.html"


class RegulationsPage(ViewRestrictionsInOneQuery, Page):
    """Laws and orders behind personal reception: title, number, date, in force or lapsed,
    link and a summary in plain words."""

    intro = models.TextField(_("introduction"), blank=True)
    documents = StreamField(
        [("document", DocumentBlock())], blank=True, verbose_name=_("documents")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("documents")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("documents"),
        index.SearchField("folded_text"),
    ]

    class Meta:
        verbose_name = _("regulations page")
        verbose_name_plural = _("regulations pages")

    def folded_text(self):
        parts = [self.intro]
        for block in self.documents:
            parts += [block.value["title"], block.value["number"], block.value["summary"]]
        return fold(" ".join(part or "" for part in parts))
