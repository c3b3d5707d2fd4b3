from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from booking import admin_views, schedule
from booking.admin_forms import OfficialFilterSet, ReceptionDayFilterSet
from booking.enums import DayStatus
from booking.models import (
    Official,
    Organisation,
    ReceptionDay,
    ReceptionRequest,
    ScheduleRule,
    Venue,
    WorkingDayOverride,
)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "phone", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "short_name"]


class OfficialViewSet(SnippetViewSet):
    model = Official
    icon = "user"
    list_display = ["full_name", "position", "organisation", "is_active", "locale"]
    filterset_class = OfficialFilterSet
    search_fields = ["full_name", "position", "responsibilities"]


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    list_display = ["name", "kind", "address", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "address"]


class ReceptionDayViewSet(SnippetViewSet):
    model = ReceptionDay
    icon = "date"
    list_display = ["date", "start_time", "official", "venue", "mode", "status", "capacity"]
    filterset_class = ReceptionDayFilterSet
    ordering = ["date", "start_time"]
    list_per_page = 50

    def get_queryset(self, request):
        return ReceptionDay.objects.select_related("official", "venue")


class ScheduleRuleViewSet(SnippetViewSet):
    model = ScheduleRule
    icon = "repeat"
    list_display = ["official", "venue", "frequency", "start_time", "end_time", "is_active"]
    list_filter = ["frequency", "is_active"]

    def get_queryset(self, request):
        return ScheduleRule.objects.select_related("official", "venue")


class WorkingDayOverrideViewSet(SnippetViewSet):
    model = WorkingDayOverride
    icon = "calendar-alt"
    list_display = ["date", "kind", "name_kk", "name_ru", "decree"]
    list_filter = ["kind"]


class ReceptionScheduleGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Reception schedule")
    menu_icon = "date"
    menu_order = 200
    items = (
        ReceptionDayViewSet,
        ScheduleRuleViewSet,
        OfficialViewSet,
        OrganisationViewSet,
        VenueViewSet,
        WorkingDayOverrideViewSet,
    )


register_snippet(ReceptionScheduleGroup)


class RegisteredThroughDomainPolicy(ModelPermissionPolicy):
    """Requests are created and changed only through ``booking.signup`` (and the workflow),
    never by editing the row: the admin may view them, not add, edit or delete them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReceptionRequestViewSet(SnippetViewSet):
    model = ReceptionRequest
    icon = "form"
    menu_label = gettext_lazy("Sign-up requests")
    add_to_admin_menu = True
    menu_order = 190
    inspect_view_enabled = True
    list_display = [
        "number",
        "registered_on",
        "status",
        "channel",
        "official",
        Column("masked_iin", label=gettext_lazy("IIN")),
        "answer_due",
    ]
    list_filter = ["status", "channel", "topic", "language"]
    # Not the IIN: a search puts the query in the URL, and personal data stays out of URLs.
    search_fields = ["number", "surname"]
    search_backend_name = None
    ordering = ["-received_at"]
    list_export = ["number", "registered_on", "status", "channel", "answer_due"]
    # Documents are listed and downloaded through their own view, never by a file URL.
    inspect_view_fields_exclude = ["authority_document", "token", "fingerprint"]

    def get_queryset(self, request):
        return ReceptionRequest.objects.select_related("official")


register_permission_policy(ReceptionRequest, RegisteredThroughDomainPolicy(ReceptionRequest))
register_snippet(ReceptionRequestViewSet)


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
        path("reception/days/<int:pk>/cancel/", admin_views.cancel_day, name="booking_cancel_day"),
        path("reception/days/<int:pk>/move/", admin_views.move_day, name="booking_move_day"),
        path(
            "reception/rules/<int:pk>/preview/",
            admin_views.rule_preview,
            name="booking_rule_preview",
        ),
        path("reception/gaps/", admin_views.schedule_gaps, name="booking_schedule_gaps"),
        path("reception/untranslated/", admin_views.untranslated, name="booking_untranslated"),
        path(
            "reception/requests/<int:pk>/documents/",
            admin_views.request_documents,
            name="booking_request_documents",
        ),
        path(
            "reception/requests/<int:pk>/documents/authority/",
            admin_views.request_document,
            name="booking_request_authority_document",
        ),
        path(
            "reception/requests/<int:pk>/documents/<int:attachment_id>/",
            admin_views.request_document,
            name="booking_request_attachment",
        ),
        path(
            "reception/requests/register/",
            admin_views.register_request,
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
    if isinstance(snippet, ReceptionRequest) and user.has_perm("booking.view_receptionrequest"):
        yield Button(
            _("Documents"),
            reverse("booking_request_documents", args=[snippet.pk]),
            icon_name="doc-full",
        )
    if isinstance(snippet, ScheduleRule) and user.has_perm("booking.change_schedulerule"):
        yield Button(
            _("Preview days"), reverse("booking_rule_preview", args=[snippet.pk]), icon_name="view"
        )


def _generate_after_save(request, instance):
    if isinstance(instance, ScheduleRule):
        result = schedule.generate_days(instance)
        messages.info(
            request,
            admin_views.generation_message(result),
        )


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


class ScheduleGapsPanel(Component):
    name = "schedule_gaps"
    order = 50
    template_name = "booking/admin/gaps_panel.html"

    def get_context_data(self, parent_context):
        return {"gap_count": len(schedule.months_without_reception())}


@hooks.register("construct_homepage_panels")
def add_schedule_gaps_panel(request, panels):
    if request.user.has_perm("booking.view_receptionday"):
        panels.append(ScheduleGapsPanel())
