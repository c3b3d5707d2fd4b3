from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from booking.models import ReceptionDay
from pages import schedule_routes
from pages.faq import FAQPage
from pages.folding import fold
from pages.news import NewsIndexPage, NewsPage, coverage_of
from pages.regulations import RegulationsPage
from pages.reports import QuarterFigures, ReportIndexPage, ReportPage
from portal.i18n import localized_value
from portal.navigation import ViewRestrictionsInOneQuery, navigation, public
from portal.shared_settings import SharedCacheSetting

# Page types kept in their own modules, here so that Django and Wagtail find them.
__all__ = [
    "FAQPage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "PortalSettings",
    "QuarterFigures",
    "RegulationsPage",
    "ReportIndexPage",
    "ReportPage",
    "SchedulePage",
    "StandardPage",
]


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


class TextPage(ViewRestrictionsInOneQuery, Page):
    """What every page of text has: an introduction and a body of blocks, both searchable."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("folded_text"),
    ]

    class Meta:
        abstract = True

    def folded_text(self):
        """Title, introduction and body with ё/е and case folded, so that `прием` finds it."""
        content = self.body.stream_block.get_searchable_content(self.body) if self.body else []
        body = " ".join(str(text) for text in content)
        return fold(f"{self.title} {self.intro} {body}")


class HomePage(TextPage):
    """The root of one language's site: a short welcome and the main routes for visitors."""

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = with_intro(navigation(request, self).menu)
        return context


def with_intro(pages):
    """*pages* (plain ``Page`` objects) each with ``intro``, that of its own type (empty when it
    has none): one query, where ``.specific()`` makes one per page type."""
    page_models = [
        model
        for model in get_page_models()
        if model._meta.parents.get(Page) and any(f.name == "intro" for f in model._meta.fields)
    ]
    if not pages or not page_models:
        return pages
    intros = dict(
        Page.objects.filter(pk__in=[page.pk for page in pages])
        .annotate(
            intro=Coalesce(
                *(
                    Subquery(model.objects.filter(pk=OuterRef("pk")).values("intro")[:1])
                    for model in page_models
                ),
                Value(""),
                output_field=models.TextField(),
            )
        )
        .values_list("pk", "intro")
    )
    for page in pages:
        page.intro = intros.get(page.pk, "")
    return pages


class StandardPage(TextPage):
    """A page of text: about the reception office, how to sign up, rules of reception."""

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = public(self.get_children().live()).specific()
        return context


@register_setting(icon="site")
class PortalSettings(SharedCacheSetting, BaseGenericSetting):
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
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

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


class SchedulePage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """The published reception schedule (R01, R02), for one organisation or for all, with each
    official's page, a printable poster and open data beneath it."""

    intro = models.TextField(_("introduction"), blank=True)
    organisation = models.ForeignKey(
        "booking.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Leave empty to publish the schedule of every organisation."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("text below the schedule"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("organisation"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("folded_text"),
    ]

    class Meta:
        verbose_name = _("schedule page")
        verbose_name_plural = _("schedule pages")

    def folded_text(self):
        return fold(f"{self.title} {self.intro}")

    def base_days(self):
        # Officials taken out of the schedule are not shown, nor are their days.
        days = ReceptionDay.objects.for_listing().published()
        if self.organisation_id:
            days = days.for_organisation(self.organisation)
        return days

    def official_url_maker(self, request):
        """A function giving the address of an official's page under this schedule."""
        base = self.get_url(request)

        def official_url(official):
            return base + self.reverse_subpage("official_route", kwargs={"slug": official.slug})

        return official_url

    @path("")
    def index_route(self, request):
        context = schedule_routes.schedule_context(self, request)
        return self.render(request, context_overrides=context)

    @path("official/<slug:slug>/")
    def official_route(self, request, slug):
        context = schedule_routes.official_context(self, request, slug)
        context["coverage"] = coverage_of(context["official"], self.locale_id)
        return self.render(request, context_overrides=context, template="pages/official_page.html")

    @path("poster/")
    def poster_route(self, request):
        context = schedule_routes.poster_context(self, request)
        return self.render(request, context_overrides=context, template="pages/poster.html")

    @path("csv/", name="csv")
    def csv_route(self, request):
        return schedule_routes.open_data_csv(self, request)

    @path("json/", name="json")
    def json_route(self, request):
        return schedule_routes.open_data_json(self, request)
