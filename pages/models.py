from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.i18n import localized_value


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title",
        label=_("Heading"),
        icon="title",
        template="blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph.html",
    )
    notice = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(label=_("Title"))),
            (
                "text",
                blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"]),
            ),
        ],
        label=_("Notice"),
        icon="warning",
        template="blocks/notice.html",
    )

    class Meta:
        template = "blocks/body.html"


class HomePage(Page):
    """The root of one language's site: a short welcome and the main routes for visitors."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu().specific()
        return context


class StandardPage(Page):
    """A page of text: about the reception office, how to sign up, rules of reception."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().public().specific()
        return context


@register_setting(icon="site")
class PortalSettings(BaseGenericSetting):
    """Who publishes the portal and how to reach the reception office; shown in every footer.

    Stored once per language because settings are not translatable models."""

    region_name_kk = models.CharField(_("region name (Kazakh)"), max_length=200)
    region_name_ru = models.CharField(_("region name (Russian)"), max_length=200)
    office_name_kk = models.CharField(_("reception office (Kazakh)"), max_length=200)
    office_name_ru = models.CharField(_("reception office (Russian)"), max_length=200)
    office_address_kk = models.CharField(_("office address (Kazakh)"), max_length=300)
    office_address_ru = models.CharField(_("office address (Russian)"), max_length=300)
    office_phone = models.CharField(_("office phone"), max_length=40)
    office_email = models.EmailField(_("office e-mail"))
    about_kk = RichTextField(_("footer text (Kazakh)"), blank=True, features=["bold", "link"])
    about_ru = RichTextField(_("footer text (Russian)"), blank=True, features=["bold", "link"])

    panels = [
        MultiFieldPanel(
            [FieldPanel("region_name_kk"), FieldPanel("region_name_ru")],
            heading=_("Region"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("office_name_kk"),
                FieldPanel("office_name_ru"),
                FieldPanel("office_address_kk"),
                FieldPanel("office_address_ru"),
                FieldPanel("office_phone"),
                FieldPanel("office_email"),
            ],
            heading=_("Reception office"),
        ),
        MultiFieldPanel([FieldPanel("about_kk"), FieldPanel("about_ru")], heading=_("Footer")),
    ]

    class Meta:
        verbose_name = _("portal settings")

    @property
    def region_name(self):
        return localized_value(self, "region_name")

    @property
    def office_name(self):
        return localized_value(self, "office_name")

    @property
    def office_address(self):
        return localized_value(self, "office_address")

    @property
    def about(self):
        return localized_value(self, "about")
