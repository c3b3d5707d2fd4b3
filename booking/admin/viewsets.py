"""The staff's screens for the booking data: Wagtail snippet viewsets, registered in
``booking.wagtail_hooks``."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet, SnippetViewSetGroup

from booking.admin.forms import (
    OfficialFilterSet,
    PlainTextForm,
    ReceptionDayFilterSet,
    ReceptionDayForm,
    ScheduleRuleForm,
)
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
    edit_handler = ObjectList(Organisation.panels, base_form_class=PlainTextForm)
    list_display = ["name", "kind", "phone", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "short_name"]


class OfficialViewSet(SnippetViewSet):
    model = Official
    icon = "user"
    edit_handler = ObjectList(Official.panels, base_form_class=PlainTextForm)
    list_display = ["full_name", "position", "organisation", "is_active", "locale"]
    filterset_class = OfficialFilterSet
    search_fields = ["full_name", "position", "responsibilities"]


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    edit_handler = ObjectList(Venue.panels, base_form_class=PlainTextForm)
    list_display = ["name", "kind", "address", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "address"]


class ReceptionDayViewSet(SnippetViewSet):
    """Days are saved through ``booking.domain.days`` by their form; cancelled or moved by their
    own actions; deleted only if never published."""

    model = ReceptionDay
    icon = "date"
    edit_handler = ObjectList(ReceptionDay.panels, base_form_class=ReceptionDayForm)
    list_display = ["date", "start_time", "official", "venue", "mode", "status", "capacity"]
    filterset_class = ReceptionDayFilterSet
    ordering = ["date", "start_time"]
    list_per_page = 50

    def get_queryset(self, request):
        return ReceptionDay.objects.select_related("official", "venue")


class ScheduleRuleViewSet(SnippetViewSet):
    model = ScheduleRule
    icon = "repeat"
    edit_handler = ObjectList(ScheduleRule.panels, base_form_class=ScheduleRuleForm)
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


class RegisteredThroughDomainPolicy(ModelPermissionPolicy):
    """Requests are created and changed only through ``booking.domain`` (sign-up, workflow),
    never by editing the row: the admin may view them, not add, edit or delete them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class LocalTimeInspectView(InspectView):
    """Shows stored moments in the office's time zone (Asia/Almaty): Wagtail's inspect view
    printed them as stored, in UTC, so a request received at 08:35 read 3:35."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return value


class ReceptionRequestViewSet(SnippetViewSet):
    model = ReceptionRequest
    icon = "form"
    menu_label = gettext_lazy("Sign-up requests")
    add_to_admin_menu = True
    menu_order = 190
    inspect_view_enabled = True
    inspect_view_class = LocalTimeInspectView
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
    inspect_view_fields_exclude = ["authority_document", "token", "duplicate_key"]

    def get_queryset(self, request):
        return ReceptionRequest.objects.select_related("official")
