import datetime

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from booking.enums import ChangeReason, DayStatus, ReceptionKind, ReceptionMode
from booking.models import Official, Organisation, ReceptionDay, Venue


def _admin_month_choices():
    """Three months back to twelve ahead."""
    today = timezone.localdate().replace(day=1)
    month = (today - datetime.timedelta(days=80)).replace(day=1)
    choices = []
    for _i in range(16):
        choices.append((f"{month:%Y-%m}", date_format(month, "F Y")))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return choices


def _default_locale_filter():
    return {"locale__language_code": settings.LANGUAGE_CODE}


class ReceptionDayFilterSet(WagtailFilterSet):
    month = django_filters.ChoiceFilter(
        label=_("Month"), choices=_admin_month_choices, method="filter_month"
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=lambda request: Organisation.objects.filter(**_default_locale_filter()),
        method="filter_organisation",
    )
    official = django_filters.ModelChoiceFilter(
        label=_("Official"),
        queryset=lambda request: Official.objects.filter(**_default_locale_filter()),
        method="filter_official",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DayStatus.choices)
    mode = django_filters.ChoiceFilter(label=_("Mode"), choices=ReceptionMode.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ReceptionKind.choices)

    class Meta:
        model = ReceptionDay
        fields = ["month", "organisation", "official", "status", "mode", "kind"]

    def filter_month(self, queryset, name, value):
        year, month = map(int, value.split("-"))
        return queryset.in_month(year, month)

    def filter_organisation(self, queryset, name, value):
        return queryset.for_organisation(value)

    def filter_official(self, queryset, name, value):
        return queryset.for_official(value)


class OfficialFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=lambda request: Organisation.objects.filter(**_default_locale_filter()),
        method="filter_organisation",
    )

    class Meta:
        model = Official
        fields = ["organisation", "is_active"]

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(organisation__translation_key=value.translation_key)


class CancelDayForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ChangeReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MoveDayForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=AdminDateInput)
    start_time = forms.TimeField(label=_("Starts"), widget=AdminTimeInput)
    end_time = forms.TimeField(label=_("Ends"), widget=AdminTimeInput)
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        help_text=_("Leave empty to keep the venue."),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=ChangeReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, day, **kwargs):
        kwargs.setdefault(
            "initial",
            {"date": day.date, "start_time": day.start_time, "end_time": day.end_time},
        )
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(locale_id=day.venue.locale_id)
