"""Registers the pages app's admin parts with Wagtail: the personal-data guard before
publishing coverage, the press office's permissions on new news index pages, the press-office
dashboard panel and the one-action quarterly report."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from pages import admin_views
from pages.news import NewsIndexPage, NewsPage, check_news
from pages.permissions import grant_press_office


@hooks.register("before_publish_page")
def guard_coverage_before_publishing(request, page):
    """R27, R30: the guard runs again on what is about to go live, whatever saved it."""
    page = page.specific
    if not isinstance(page, NewsPage):
        return None
    revision = page.get_latest_revision_as_object()
    findings = check_news(
        revision.title, revision.lead, revision.body, revision.reception_days.all()
    )
    blocking = [finding for finding in findings if finding.blocking]
    warnings = [finding for finding in findings if not finding.blocking]
    if not blocking and (not warnings or revision.names_checked):
        return None
    for finding in blocking or warnings:
        messages.error(
            request,
            _("Not published: personal data. %(finding)s.") % {"finding": finding.message},
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("after_create_page")
def let_the_press_office_publish_news(request, page):
    if isinstance(page.specific, NewsIndexPage):
        grant_press_office(page.pk)


@hooks.register("construct_homepage_panels")
def add_coverage_panel(request, panels):
    if admin_views.can_cover(request.user):
        panels.append(admin_views.CoveragePanel())


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "quarterly-report/",
            admin_views.create_quarter_report,
            name="pages_create_quarter_report",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return admin_views.QuarterReportMenuItem(
        admin_views.MENU_LABEL,
        reverse("pages_create_quarter_report"),
        icon_name="table",
        order=900,
    )
