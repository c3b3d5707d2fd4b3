"""Registers the booking app's staff screens with Wagtail: viewsets, admin URLs, menu items,
buttons, reports and the dashboard panel. The screens themselves live in ``booking.admin``."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from booking.admin import export, outbox, reports, request_actions, views
from booking.admin.access import VIEW_REQUESTS, ChangedOnlyThroughDomainPolicy
from booking.admin.requests import (
    DeadlinesPanel,
    ReceptionRequestViewSet,
)
from booking.admin.viewsets import ReceptionScheduleGroup
from booking.domain import days, rules
from booking.enums import DayStatus
from booking.models import OutboxMessage, ReceptionDay, ReceptionRequest, ScheduleRule

register_snippet(ReceptionScheduleGroup)
register_permission_policy(ReceptionRequest, ChangedOnlyThroughDomainPolicy(ReceptionRequest))
register_permission_policy(
    OutboxMessage, ChangedOnlyThroughDomainPolicy(OutboxMessage, view_permission=VIEW_REQUESTS)
)


@hooks.register("register_admin_viewset")
def register_reception_queue():
    return ReceptionRequestViewSet()


@hooks.register("register_admin_viewset")
def register_outbox():
    return outbox.OutboxViewSet()


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return outbox.urls()


@hooks.register("register_admin_menu_item")
def register_request_menu_item():
    return MenuItem(
        gettext_lazy("Register a request"),
        reverse("booking_register_request"),
        icon_name="plus",
        order=191,
    )


@hooks.register("register_admin_urls")
def register_booking_admin_urls():
    return [
        path("reception/days/<int:pk>/cancel/", views.cancel_day, name="booking_cancel_day"),
        path("reception/days/<int:pk>/move/", views.move_day, name="booking_move_day"),
        path(
            "reception/days/<int:pk>/applicants/",
            views.day_applicants,
            name="booking_day_applicants",
        ),
        path(
            "reception/rules/<int:pk>/preview/",
            views.rule_preview,
            name="booking_rule_preview",
        ),
        path("reception/gaps/", reports.schedule_gaps, name="booking_schedule_gaps"),
        path("reception/untranslated/", reports.untranslated, name="booking_untranslated"),
        path(
            "reception/requests/<int:pk>/export/",
            export.request_export,
            name="booking_request_export",
        ),
        path(
            "reception/requests/<int:pk>/documents/",
            views.request_documents,
            name="booking_request_documents",
        ),
        path(
            "reception/requests/<int:pk>/documents/authority/",
            views.request_document,
            name="booking_request_authority_document",
        ),
        path(
            "reception/requests/<int:pk>/documents/<int:attachment_id>/",
            views.request_document,
            name="booking_request_attachment",
        ),
        path(
            "reception/requests/<int:pk>/do/<slug:action>/",
            request_actions.request_action,
            name="booking_request_action",
        ),
        path(
            "reception/assignments/<int:pk>/<slug:action>/",
            request_actions.assignment_action,
            name="booking_assignment_action",
        ),
        path(
            "reception/requests/<int:pk>/ticket/",
            views.request_ticket,
            name="booking_request_ticket",
        ),
        path(
            "reception/requests/register/",
            views.register_request,
            name="booking_register_request",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def reception_day_buttons(snippet, user, next_url=None):
    if (
        isinstance(snippet, ReceptionDay)
        and snippet.status == DayStatus.SCHEDULED
        and user.has_perm("booking.change_receptionday")
    ):
        yield Button(
            _("Cancel"), reverse("booking_cancel_day", args=[snippet.pk]), icon_name="cross"
        )
        yield Button(
            _("Move"), reverse("booking_move_day", args=[snippet.pk]), icon_name="arrow-right"
        )
    if isinstance(snippet, ReceptionDay) and user.has_perm(VIEW_REQUESTS):
        yield Button(
            _("Applicants"),
            reverse("booking_day_applicants", args=[snippet.pk]),
            icon_name="group",
        )
    if isinstance(snippet, ScheduleRule) and user.has_perm("booking.change_schedulerule"):
        yield Button(
            _("Preview days"), reverse("booking_rule_preview", args=[snippet.pk]), icon_name="view"
        )


def _generate_after_save(request, instance):
    if isinstance(instance, ScheduleRule):
        messages.info(request, views.generation_message(rules.generate_days(instance)))


hooks.register("after_create_snippet", _generate_after_save)
hooks.register("after_edit_snippet", _generate_after_save)


@hooks.register("register_reports_menu_item")
def register_gaps_report():
    return MenuItem(
        gettext_lazy("Months without a reception"),
        reverse("booking_schedule_gaps"),
        icon_name="warning",
        order=700,
    )


@hooks.register("register_reports_menu_item")
def register_untranslated_report():
    return MenuItem(
        gettext_lazy("Not yet translated"),
        reverse("booking_untranslated"),
        icon_name="globe",
        order=710,
    )


@hooks.register("construct_homepage_panels")
def add_deadlines_panel(request, panels):
    if request.user.has_perm(VIEW_REQUESTS):
        panels.append(DeadlinesPanel())


@hooks.register("construct_homepage_panels")
def add_schedule_gaps_panel(request, panels):
    if request.user.has_perm("booking.view_receptionday"):
        panels.append(reports.ScheduleGapsPanel())


@hooks.register("before_delete_snippet")
def cancel_instead_of_deleting_published_days(request, instances):
    """A published day is never deleted: calendars would keep it as a ghost. The editor is sent
    to *cancel* it instead, which subscribed calendars see (STATUS:CANCELLED)."""
    for instance in instances:
        if isinstance(instance, ReceptionDay) and not days.deletable(instance):
            messages.warning(
                request,
                _(
                    "The reception day of %(day)s has been published: cancel it instead, so that "
                    "subscribed calendars and applicants are told."
                )
                % {"day": instance},
            )
            if instance.status == DayStatus.SCHEDULED:
                return redirect("booking_cancel_day", instance.pk)
            return redirect(reverse("wagtailsnippets_booking_receptionday:list"))
    return None


@hooks.register("insert_global_admin_css")
def reception_office_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
