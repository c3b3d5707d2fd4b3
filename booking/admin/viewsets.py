"""The staff's screens for the booking data: Wagtail snippet viewsets, registered in
``booking.wagtail_hooks``."""

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.models import Locale
from wagtail.snippets.views.chooser import ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup
from wagtail.snippets.widgets import AdminSnippetChooser

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


class InStaffLanguageIndexView(IndexView):
    """A listing whose official and venue show in the staff member's admin language where a
    translation exists: a day points at the Kazakh official, and the Russian admin showed Kazakh
    names. The rows of the page (read-only here) get the translations in place of the related
    objects, so their columns and their names read alike; one query per relation."""

    localized = ("official", "venue")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        locale = Locale.get_active()
        for relation in self.localized:
            related = [getattr(row, relation) for row in rows]
            model = type(related[0]) if related else None
            translations = {}
            if model is not None:
                translations = {
                    item.translation_key: item
                    for item in model.objects.filter(
                        translation_key__in={item.translation_key for item in related},
                        locale=locale,
                    )
                }
            for row, item in zip(rows, related, strict=True):
                setattr(row, relation, translations.get(item.translation_key, item))
        return context


# Wagtail's own messages, translated by its catalogues and portal/admin_locale (not marked
# here, so that `make messages` leaves them to those catalogues).
CHOOSER_TEXTS = {
    "choose_one_text": "Choose %(object)s",
    "choose_another_text": "Choose another %(object)s",
    "link_to_chosen_text": "Edit this %(object)s",
}
LOCALE_LABEL = "Locale"


def _in_staff_language(message, name):
    return lazy(lambda: gettext(message) % {"object": name}, str)()


class ChooserInStaffLanguage(AdminSnippetChooser):
    """Wagtail fills the model's name into the chooser's button texts at once, in the language
    of whoever made the form first, and a form class is made once per process: the Kazakh admin
    read "Выбрать должностное лицо". Here the texts are made when shown, in each staff member's
    language."""

    def __init__(self, model=None, **kwargs):
        super().__init__(model=model, **kwargs)
        for attribute, message in CHOOSER_TEXTS.items():
            setattr(self, attribute, _in_staff_language(message, self.model._meta.verbose_name))


class ChooseInStaffLanguage(ChooseView):
    """The chooser's language filter is labelled (Wagtail leaves it to the field name,
    "Locale", which no catalogue translates)."""

    def get_filter_form(self):
        form = super().get_filter_form()
        if "locale" in form.fields:
            form.fields["locale"].label = gettext(LOCALE_LABEL)
        return form


class ChooserViewSetInStaffLanguage(SnippetChooserViewSet):
    base_widget_class = ChooserInStaffLanguage
    choose_view_class = ChooseInStaffLanguage


class StaffLanguageSnippetViewSet(SnippetViewSet):
    """Every booking snippet: chosen elsewhere through the chooser above."""

    chooser_viewset_class = ChooserViewSetInStaffLanguage


class OrganisationViewSet(StaffLanguageSnippetViewSet):
    model = Organisation
    icon = "group"
    edit_handler = ObjectList(Organisation.panels, base_form_class=PlainTextForm)
    list_display = ["name", "kind", "phone", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "short_name"]


class OfficialViewSet(StaffLanguageSnippetViewSet):
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


class VenueViewSet(StaffLanguageSnippetViewSet):
    model = Venue
    icon = "site"
    edit_handler = ObjectList(Venue.panels, base_form_class=PlainTextForm)
    list_display = ["name", "kind", "address", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "address"]


class ReceptionDayViewSet(StaffLanguageSnippetViewSet):
    """Days are saved through ``booking.domain.days`` by their form; cancelled or moved by their
    own actions; deleted only if never published."""

    model = ReceptionDay
    icon = "date"
    edit_handler = ObjectList(ReceptionDay.panels, base_form_class=ReceptionDayForm)
    index_view_class = InStaffLanguageIndexView
    list_display = [
        "date",
        "start_time",
        "official",
        "venue",
        "mode",
        "status",
        "capacity",
    ]
    filterset_class = ReceptionDayFilterSet
    ordering = ["date", "start_time"]
    list_per_page = 50

    def get_queryset(self, request):
        return ReceptionDay.objects.select_related("official", "venue")


class ScheduleRuleViewSet(StaffLanguageSnippetViewSet):
    model = ScheduleRule
    icon = "repeat"
    edit_handler = ObjectList(ScheduleRule.panels, base_form_class=ScheduleRuleForm)
    index_view_class = InStaffLanguageIndexView
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


class WorkingDayOverrideViewSet(StaffLanguageSnippetViewSet):
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
