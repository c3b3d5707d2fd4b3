"""Reports editors watch: months without a reception (R03) and snippets not yet translated."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from booking.admin.access import requires
from booking.domain.reports import months_without_reception
from booking.models import Official, Organisation, Venue


@requires("booking.view_receptionday")
def schedule_gaps(request):
    """R03: months in the horizon where an official in the schedule has no reception day."""
    return TemplateResponse(
        request,
        "booking/admin/schedule_gaps.html",
        {"title": _("Months without a reception"), "gaps": months_without_reception()},
    )


@requires("booking.view_official")
def untranslated(request):
    """Organisations, officials and venues that lack a version in one of the languages."""
    locales = list(Locale.objects.filter(language_code__in=[c for c, _n in settings.LANGUAGES]))
    missing = []
    for model in (Organisation, Official, Venue):
        present = {}
        for key, locale_id in model.objects.values_list("translation_key", "locale_id"):
            present.setdefault(key, set()).add(locale_id)
        incomplete = {key for key, ids in present.items() if len(ids) < len(locales)}
        if not incomplete:
            continue
        for obj in model.objects.filter(translation_key__in=incomplete).select_related("locale"):
            lacking = [loc for loc in locales if loc.pk not in present[obj.translation_key]]
            if obj.locale_id == min(present[obj.translation_key]):
                missing.append((model._meta.verbose_name, obj, lacking))
    return TemplateResponse(
        request,
        "booking/admin/untranslated.html",
        {"title": _("Not yet translated"), "missing": missing},
    )


class ScheduleGapsPanel(Component):
    """The dashboard's count of months without a reception (R03)."""

    name = "schedule_gaps"
    order = 50
    template_name = "booking/admin/gaps_panel.html"

    def get_context_data(self, parent_context):
        return {"gap_count": len(months_without_reception())}
