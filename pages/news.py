"""Press coverage of receptions (R27: 001 p.20; 003 p.31): the news index with its filters and
RSS/Atom feeds, and the news page with its personal-data guard (``pages.guard``)."""

import datetime

from django import forms
from django.apps import apps
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from booking.models import Official, Organisation, ReceptionDay, ReceptionRequest
from pages import guard
from pages.folding import fold
from portal.navigation import ViewRestrictionsInOneQuery, public

NEWS_PER_PAGE = 10
FEED_ITEMS = 20
# Reception days offered for linking: those held in this many days before today, and today's.
LINKABLE_DAYS = 92


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    alt = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the image shows, for those who cannot see it."),
    )

    class Meta:
        icon = "image"
        template = "blocks/news_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        template = "blocks/video.html"


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul"],
        template="blocks/paragraph.html",
    )
    image = ImageBlock(label=_("Image"))
    gallery = blocks.ListBlock(ImageBlock(), label=_("Gallery"), template="blocks/gallery.html")
    quote = QuoteBlock(label=_("Quote"))
    video = VideoBlock(label=_("Video"))


BLOCK_LABELS = {
    "paragraph": _("Paragraph"),
    "image": _("Image"),
    "gallery": _("Gallery"),
    "quote": _("Quote"),
    "video": _("Video"),
}
PART_LABELS = {
    "caption": _("caption"),
    "alt": _("alternative text"),
    "text": _("text"),
    "author": _("author"),
}


def _where(number, block_type, part=None, image_number=None):
    where = _("Body, block %(number)s (%(kind)s)") % {
        "number": number,
        "kind": BLOCK_LABELS.get(block_type, block_type),
    }
    if image_number:
        where += ", " + str(_("image %(number)s") % {"number": image_number})
    if part:
        where += ", " + str(PART_LABELS.get(part, part))
    return where


def page_texts(title, lead, body):
    """(where, text) for every text of a news page: title, lead, each block, each image's
    caption and alternative text."""
    yield str(_("Title")), title
    yield str(_("Lead")), lead
    for number, block in enumerate(body or [], start=1):
        value = block.value
        if block.block_type == "paragraph":
            yield _where(number, "paragraph"), guard.html_text(value.source)
        elif block.block_type == "gallery":
            for image_number, item in enumerate(value, start=1):
                for part in ("caption", "alt"):
                    yield _where(number, "gallery", part, image_number), item.get(part)
        elif block.block_type == "video":
            yield _where(number, "video", "caption"), value.get("caption")
        else:
            for part in ("caption", "alt", "text", "author"):
                if part in value:
                    yield _where(number, block.block_type, part), value.get(part)


def guard_context(reception_days):
    """What the guard compares a news page's text with: the covered days' applicants, and the
    public phones, e-mails and names of the office, organisations and officials."""
    # By name: pages.models imports this module.
    portal = apps.get_model("pages", "PortalSettings").load()
    surnames = ReceptionRequest.objects.filter(preferred_day__in=reception_days).values_list(
        "surname", flat=True
    )
    officials = Official.objects.values_list("full_name", "reception_phone", "reception_email")
    organisations = Organisation.objects.values_list("phone", "email")
    return {
        "surnames": list(surnames),
        "public_phones": [portal.office_phone, *(p for _n, p, _e in officials if p)]
        + [phone for phone, _e in organisations if phone],
        "public_emails": [portal.office_email, *(e for _n, _p, e in officials if e)]
        + [email for _p, email in organisations if email],
        "official_names": [name for name, _p, _e in officials],
    }


def check_news(title, lead, body, reception_days):
    return guard.check(page_texts(title, lead, body), **guard_context(reception_days))


class NewsPageForm(WagtailAdminPageForm):
    """Offers the recently held reception days, and runs the personal-data guard (R27, R30)
    before anything is saved: a blocking finding stops saving and publishing; a person's name
    that is not an official's must be confirmed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("reception_days")
        if field is not None:
            today = timezone.localdate()
            field.queryset = (
                ReceptionDay.objects.for_listing()
                .filter(date__gte=today - datetime.timedelta(days=LINKABLE_DAYS), date__lte=today)
                .reverse()
            )

    def clean(self):
        cleaned = super().clean()
        days = cleaned.get("reception_days") or ReceptionDay.objects.none()
        findings = check_news(cleaned.get("title"), cleaned.get("lead"), cleaned.get("body"), days)
        blocking = [finding for finding in findings if finding.blocking]
        warnings = [finding for finding in findings if not finding.blocking]
        for finding in blocking:
            self.add_error(
                None,
                _("Personal data cannot be published. %(finding)s.") % {"finding": finding.message},
            )
        if warnings and not cleaned.get("names_checked"):
            self.add_error(
                "names_checked",
                ValidationError(
                    [
                        _("Check and confirm: %(finding)s.") % {"finding": finding.message}
                        for finding in warnings
                    ]
                ),
            )
        return cleaned


class NewsIndexPage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """Press coverage of receptions, newest first, with filters by official and month and
    RSS/Atom feeds in the page's language."""

    intro = models.TextField(_("introduction"), blank=True)

    subpage_types = ["pages.NewsPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def news(self):
        return public(NewsPage.objects.child_of(self).live()).order_by(
            "-date", "-first_published_at"
        )

    @path("")
    def index_route(self, request):
        return self.render(request, context_overrides=listing_context(self, request))

    @path("rss/", name="rss")
    def rss_route(self, request):
        return NewsFeed()(request, index_page=self)

    @path("atom/", name="atom")
    def atom_route(self, request):
        return AtomNewsFeed()(request, index_page=self)

    def feed_urls(self, request):
        base = self.get_url(request)
        return {
            "rss": base + self.reverse_subpage("rss"),
            "atom": base + self.reverse_subpage("atom"),
        }


def localized_officials(keys, locale):
    """{translation_key: official in *locale*, else in any language}: one query."""
    found = {}
    for official in Official.objects.filter(translation_key__in=set(keys)).select_related("locale"):
        if official.translation_key not in found or official.locale_id == locale.pk:
            found[official.translation_key] = official
    return found


def covering(key):
    """News naming the official with translation key *key*, or covering one of their days."""
    return models.Q(officials__translation_key=key) | models.Q(
        reception_days__official__translation_key=key
    )


def _official_keys(news_pages):
    """(news page id, official translation key) for every official *news_pages* (ids or a
    queryset) name or whose day they cover: two queries."""
    named = NewsPage.officials.through.objects.filter(newspage__in=news_pages).values_list(
        "newspage_id", "official__translation_key"
    )
    covered = NewsPage.reception_days.through.objects.filter(newspage__in=news_pages)
    return list(named) + list(
        covered.values_list("newspage_id", "receptionday__official__translation_key")
    )


def news_officials(news_pages, locale):
    """{news page id: [officials in *locale*]}: the officials named and those of the covered
    days, in three queries whatever the number of pages."""
    pairs = _official_keys([page.pk for page in news_pages])
    officials = localized_officials([key for _id, key in pairs], locale)
    result = {}
    for page_id, key in pairs:
        official = officials.get(key)
        if official is not None and official not in result.setdefault(page_id, []):
            result[page_id].append(official)
    return result


def month_choices(index_page):
    return sorted(
        {(d.year, d.month) for d in index_page.news().values_list("date", flat=True)},
        reverse=True,
    )


def listing_context(index_page, request):
    """The news of one index page, filtered by official (slug) and month (YYYY-MM)."""
    locale = index_page.locale
    news = index_page.news()
    official_slug = request.GET.get("official", "")
    month = request.GET.get("month", "")
    chosen_official = None
    if official_slug:
        chosen_official = Official.objects.filter(slug=official_slug).first()
        if chosen_official is not None:
            key = chosen_official.translation_key
            news = news.filter(covering(key)).distinct()
    chosen_month = None
    try:
        year, number = (int(part) for part in month.split("-"))
        chosen_month = datetime.date(year, number, 1)
    except ValueError:
        month = ""
    if chosen_month:
        news = news.filter(date__year=chosen_month.year, date__month=chosen_month.month)
    paginator = Paginator(news, NEWS_PER_PAGE)
    news_page = paginator.get_page(request.GET.get("page"))
    items = list(news_page.object_list)
    officials = news_officials(items, locale)
    keys = {key for _id, key in _official_keys(index_page.news())}
    filter_officials = sorted(
        localized_officials(keys, locale).values(), key=lambda o: (o.sort_order, o.full_name)
    )
    return {
        "news_items": [(item, officials.get(item.pk, [])) for item in items],
        "news_page": news_page,
        "filter_officials": filter_officials,
        "filter_months": [datetime.date(y, m, 1) for y, m in month_choices(index_page)],
        "chosen_official": official_slug if chosen_official else "",
        "chosen_month": month,
        "feeds": index_page.feed_urls(request),
    }


class NewsPage(ViewRestrictionsInOneQuery, Page):
    """Coverage of one or more receptions, published in kk and ru within 1 working day of the
    reception (R27), checked for personal data before it is saved (R30)."""

    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("lead"), max_length=600)
    body = StreamField(NewsBodyBlock(), blank=True, verbose_name=_("body"))
    reception_days = ParentalManyToManyField(
        "booking.ReceptionDay",
        blank=True,
        related_name="news_pages",
        verbose_name=_("reception days covered"),
    )
    officials = ParentalManyToManyField(
        "booking.Official",
        blank=True,
        related_name="news_pages",
        verbose_name=_("officials"),
    )
    names_checked = models.BooleanField(
        _("the people named agreed to be named"),
        default=False,
        help_text=_(
            "Tick only after checking that every person named who is not an official is not an "
            "applicant and agreed to be named."
        ),
    )

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []
    base_form_class = NewsPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("reception_days", widget=forms.CheckboxSelectMultiple),
                FieldPanel("officials", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What it covers"),
        ),
        FieldPanel("names_checked"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("folded_text"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = pgettext_lazy("press coverage", "news page")
        verbose_name_plural = pgettext_lazy("press coverage", "news pages")

    def folded_text(self):
        return fold(f"{self.title} {self.lead or ''}")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["covered_officials"] = news_officials([self], self.locale).get(self.pk, [])
        context["covered_days"] = self.reception_days.select_related("venue").order_by("date")
        return context

    def share_image(self):
        """The first image of the body, for Open Graph and Twitter cards."""
        for block in self.body:
            if block.block_type == "image":
                return block.value["image"]
            if block.block_type == "gallery" and len(block.value):
                return block.value[0]["image"]
        return None


def coverage_of(official, locale, limit=5):
    """The latest live news of *locale* (a locale or its id) covering *official* (named or by a
    covered day)."""
    key = official.translation_key
    return list(
        public(NewsPage.objects.live())
        .filter(locale=locale)
        .filter(covering(key))
        .distinct()
        .order_by("-date", "-first_published_at")[:limit]
    )


class NewsFeed(Feed):
    """RSS 2.0 of one news index page, in its language."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, index_page):
        self.request = request
        self.language = index_page.locale.language_code
        return index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.get_url(self.request)

    def description(self, index_page):
        return index_page.intro or index_page.title

    def items(self, index_page):
        return index_page.news()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        moment = datetime.datetime.combine(item.date, datetime.time(9))
        return timezone.make_aware(moment, timezone.get_default_timezone())

    def item_updateddate(self, item):
        return item.last_published_at


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
