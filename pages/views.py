from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from booking.models import Official
from pages.faq import FAQPage, matching_questions
from pages.folding import fold, words
from pages.models import SchedulePage
from pages.news import NewsPage
from pages.regulations import RegulationsPage
from pages.reports import ReportIndexPage, ReportPage
from portal.navigation import public

MAX_QUERY_LENGTH = 200
MAX_PER_GROUP = 20
# Search results are grouped by kind, in this order; other pages come last.
KINDS = [
    ("faq", _("Questions and answers"), (FAQPage,)),
    ("news", _("News"), (NewsPage,)),
    ("reports", _("Reports"), (ReportPage, ReportIndexPage)),
    ("regulations", _("Legal basis"), (RegulationsPage,)),
]


def official_matches(query, locale):
    """Officials of *locale* in the schedule whose name, position or organisation has a word
    beginning with each word of *query* (ё/е and case folded; Kazakh letters as typed).

    Matched in Python over the schedule's officials (a region has at most a few hundred), in
    one query, so that a surname in any case or with ё finds its official."""
    wanted = words(query)
    if not wanted:
        return []
    found = []
    for official in (
        Official.objects.active()
        .filter(locale=locale)
        .select_related("organisation")
        .order_by("sort_order", "full_name")
    ):
        organisation = official.organisation
        haystack = words(
            f"{official.full_name} {official.position} {organisation.name} "
            f"{organisation.short_name}"
        )
        if all(any(word.startswith(part) for word in haystack) for part in wanted):
            found.append(official)
    return found[:MAX_PER_GROUP]


def schedule_for(locale):
    return (
        public(SchedulePage.objects.live()).filter(locale=locale).order_by("organisation", "path")
    ).first()


def search(request):
    """Search over the live pages, officials, FAQ answers and news of the visitor's language,
    results grouped by kind."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    groups = []
    officials = []
    total = 0
    if query:
        locale = Locale.get_active()
        folded = fold(query)
        pages = list(
            Page.objects.live()
            .public()
            .filter(locale=locale)
            .specific()
            .search(folded, operator="and")[:100]
        )
        by_kind = {code: [] for code, _label, _models in KINDS}
        other = []
        for page in pages:
            for code, _label, models in KINDS:
                if isinstance(page, models):
                    by_kind[code].append(page)
                    break
            else:
                other.append(page)
        for code, label, _models in KINDS:
            found = by_kind[code][:MAX_PER_GROUP]
            if found:
                questions = {
                    page.pk: matching_questions(page, folded)
                    for page in found
                    if isinstance(page, FAQPage)
                }
                groups.append({"code": code, "label": label, "pages": found, "faq": questions})
        if other:
            groups.append(
                {"code": "pages", "label": _("Pages"), "pages": other[:MAX_PER_GROUP], "faq": {}}
            )
        schedule = schedule_for(locale)
        if schedule is not None:
            official_url = schedule.official_url_maker(request)
            officials = [(o, official_url(o)) for o in official_matches(query, locale)]
        total = len(officials) + sum(len(group["pages"]) for group in groups)
    return TemplateResponse(
        request,
        "pages/search.html",
        {
            "search_query": query,
            "groups": groups,
            "officials": officials,
            "total": total,
        },
    )


def favicon(request):
    """`/favicon.ico`, asked for by browsers and feed readers whatever the page says."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
