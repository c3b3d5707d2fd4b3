"""Admin screens of the pages app: the press office's dashboard panel of receptions awaiting
coverage (R27) and the one action that drafts a quarter's report (R29)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from booking.domain.reports import Quarter
from pages.coverage import days_awaiting_coverage
from pages.news import NewsIndexPage
from pages.reports import ReportIndexPage, ReportPage, report_title


def _pages_user_can_add_under(user, model):
    return [
        page
        for page in model.objects.select_related("locale")
        if page.permissions_for_user(user).can_add_subpage()
    ]


def can_cover(user):
    return bool(_pages_user_can_add_under(user, NewsIndexPage))


class CoveragePanel(Component):
    """Reception days held without coverage in both languages, with the working days left of
    the 1-working-day rule (003 p.31)."""

    name = "coverage_due"
    template_name = "pages/admin/coverage_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = days_awaiting_coverage()
        return context


class QuarterReportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(_pages_user_can_add_under(request.user, ReportIndexPage))


def create_quarter_report(request):
    """GET: what will be drafted; POST: the draft report of the last complete quarter under
    the first report index the user may add to, in its language, or the existing one."""
    indexes = _pages_user_can_add_under(request.user, ReportIndexPage)
    if not indexes:
        raise PermissionDenied
    index = sorted(indexes, key=lambda page: (page.locale.language_code != "kk", page.path))[0]
    quarter = Quarter.last_complete()
    existing = (
        ReportPage.objects.child_of(index)
        .filter(year=quarter.year, quarter=quarter.number, organisation=None)
        .first()
    )
    if request.method == "POST":
        if existing is None:
            with translation.override(index.locale.language_code):
                title = report_title(quarter)
            existing = index.add_child(
                instance=ReportPage(
                    title=title, year=quarter.year, quarter=quarter.number, live=False
                )
            )
            existing.save_revision(user=request.user)
        return redirect("wagtailadmin_pages:edit", existing.pk)
    return TemplateResponse(
        request,
        "pages/admin/create_report.html",
        {"quarter": quarter, "index": index, "existing": existing},
    )


MENU_LABEL = gettext_lazy("Quarterly report")
