"""Demo news, FAQ, legal basis and quarterly report, in kk and ru. Each function finds what
exists by slug and leaves it as it is, so the demo builds again without duplicates.

The page helpers (publish, translate) come from ``pages.demo`` as arguments: that package
imports this module."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from booking.domain.reports import Quarter
from booking.models import Official, ReceptionDay
from pages.demo import content_faq, content_sections
from pages.faq import FAQPage
from pages.news import NewsIndexPage, NewsPage
from pages.permissions import grant_press_office
from pages.regulations import RegulationsPage
from pages.reports import ReportIndexPage, ReportPage, report_title

# How many held reception days the demo covers; the rest stay on the press office's panel.
NEWS_ITEMS = 3


def _section(home, model, spec, locales, publish, translate, **extra):
    page = home.get_children().filter(slug=spec["slug"]).first()
    if page is None:
        page = home.add_child(
            instance=model(slug=spec["slug"], show_in_menus=True, **spec["kk"], **extra["kk"])
        )
        publish(page)
    return page.specific, translate(
        page.specific,
        locales["ru"],
        {**spec["ru"], **extra["ru"], "slug": spec["slug"], "show_in_menus": True},
    )


def ensure_faq(home, locales, publish, translate):
    return _section(
        home,
        FAQPage,
        content_faq.FAQ_PAGE,
        locales,
        publish,
        translate,
        kk={"topics": content_faq.topics("kk")},
        ru={"topics": content_faq.topics("ru")},
    )


def ensure_regulations(home, locales, publish, translate):
    return _section(
        home,
        RegulationsPage,
        content_sections.REGULATIONS_PAGE,
        locales,
        publish,
        translate,
        kk={"documents": content_sections.regulations("kk")},
        ru={"documents": content_sections.regulations("ru")},
    )


def _news_fields(day, language):
    official = day.official
    localized = Official.objects.filter(
        translation_key=official.translation_key, locale__language_code=language
    ).first()
    text = content_sections.NEWS_ITEM[language]
    with override(language):
        when = date_format(day.date, "j E Y")
    position = (localized or official).position
    return {
        "title": text["title"].format(position=position),
        "lead": text["lead"].format(date=when),
        "date": day.date,
        "body": [
            {"type": "paragraph", "value": text["body"]},
            {"type": "quote", "value": {"text": text["quote"], "author": position}},
        ],
    }


def ensure_news(home, locales, publish, translate, today=None):
    """The news index in both languages, and coverage of the first held reception days."""
    today = today or timezone.localdate()
    spec = content_sections.NEWS_INDEX
    index_kk, index_ru = _section(
        home, NewsIndexPage, spec, locales, publish, translate, kk={}, ru={}
    )
    for index in (index_kk, index_ru):
        grant_press_office(index.pk)
    held = (
        ReceptionDay.objects.active()
        .published()
        .filter(date__lte=today)
        .select_related("official")
        .order_by("date", "start_time")[:NEWS_ITEMS]
    )
    for day in held:
        slug = f"reception-{day.public_id.hex[:8]}"
        page = index_kk.get_children().filter(slug=slug).first()
        if page is None:
            news = NewsPage(slug=slug, **_news_fields(day, "kk"))
            news.reception_days = [day]
            news.officials = [day.official]
            page = index_kk.add_child(instance=news)
            publish(page)
        translate(page.specific, locales["ru"], {**_news_fields(day, "ru"), "slug": slug})
    return index_kk


def ensure_reports(home, locales, publish, translate, today=None):
    """The report index and a published report of the quarter the demo requests are in."""
    spec = content_sections.REPORT_INDEX
    index_kk, _index_ru = _section(
        home, ReportIndexPage, spec, locales, publish, translate, kk={}, ru={}
    )
    quarter = Quarter.of(today or timezone.localdate())
    report = ReportPage.objects.child_of(index_kk).filter(year=quarter.year).first()
    titles = {}
    for language in ("kk", "ru"):
        with override(language):
            titles[language] = str(report_title(quarter))
    if report is None:
        report = index_kk.add_child(
            instance=ReportPage(
                slug=f"{quarter.year}-q{quarter.number}",
                title=titles["kk"],
                year=quarter.year,
                quarter=quarter.number,
                narrative=content_sections.REPORT_NARRATIVE["kk"],
            )
        )
        publish(report)
    translate(
        report.specific,
        locales["ru"],
        {
            "title": titles["ru"],
            "slug": report.slug,
            "narrative": content_sections.REPORT_NARRATIVE["ru"],
        },
    )
    return report
