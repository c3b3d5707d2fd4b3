"""The staff's screens for the booking data: Wagtail snippet viewsets, registered in
``booking.wagtail_hooks``."""

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
    list_display = [
        "full_name",
        "position",
        "organisation",
        BooleanColumn("is_active", label=gettext_lazy("In the schedule")),
        "locale",
    ]
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
    list_display = [
        "official",
        "venue",
        "frequency",
        "start_time",
        "end_time",
        BooleanColumn("is_active", label=gettext_lazy("Active")),
    ]
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
