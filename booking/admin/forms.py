import copy
import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput
from wagtail.models import Locale

from booking.domain import capacity, days, rules, text
from booking.enums import ChangeReason, Channel, DayStatus, ReceptionKind, ReceptionMode
from booking.interfaces.forms import SignUpForm
from booking.models import Official, Organisation, ReceptionDay, Venue


def apply_errors(form, error):
    """Put a domain ``ValidationError`` on the form: on its fields where they exist, else on
    the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _admin_month_choices():
    """Three months back to twelve ahead."""
    today = timezone.localdate().replace(day=1)
    month = (today - datetime.timedelta(days=80)).replace(day=1)
    choices = []
    for _i in range(16):
        choices.append((f"{month:%Y-%m}", date_format(month, "F Y")))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return choices


def in_staff_language(model):
    """Every *model* row once, in the staff member's admin language where a translation exists,
    else in the default language: filter choices read as the rest of the admin does."""
    try:
        active, default = Locale.get_active(), Locale.get_default()
    except Locale.DoesNotExist:  # no languages set up yet: nothing to choose between
        return model.objects.all()
    translated = model.objects.filter(locale=active).values("translation_key")
    return model.objects.filter(
        Q(locale=active) | Q(locale=default) & ~Q(translation_key__in=translated)
    )


class ReceptionDayFilterSet(WagtailFilterSet):
    month = django_filters.ChoiceFilter(
        label=_("Month"), choices=_admin_month_choices, method="filter_month"
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=lambda request: in_staff_language(Organisation),
        method="filter_organisation",
    )
    official = django_filters.ModelChoiceFilter(
        label=_("Official"),
        queryset=lambda request: in_staff_language(Official),
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
        queryset=lambda request: in_staff_language(Organisation),
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


class StaffSignUpForm(SignUpForm):
    """The reception office registers a request that came by another channel (R05)."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(value, label) for value, label in Channel.choices if value != Channel.PORTAL],
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        help_text=_("When the request arrived; it is registered by that date (001 p.21)."),
        widget=AdminDateTimeInput,
    )
    field_order = ["channel", "received_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "The applicant agreed to the processing of their personal data."
        )
        del self.fields["website"]
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        # R07 (001 p.5): registered even without the essence, then left without consideration.
        self.fields["question"].required = False
        self.fields["question"].help_text = _(
            "Write the essence as the applicant states it. A request without it is registered "
            "all the same and then left without consideration, and the applicant is told."
        )

    def clean_question(self):
        if not self.cleaned_data.get("question", "").strip():
            return ""
        return super().clean_question()

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise ValidationError(_("A request cannot arrive in the future."))
        return value


class ReceptionDayForm(WagtailAdminModelForm):
    """The edit form of a reception day: validated and saved by ``booking.domain.days``. On a
    day that applicants hold places on, date, time, official and venue change only by *move*."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and capacity.places_taken(self.instance):
            for name in days.HELD_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = days.HELD_MESSAGE

    def clean(self):
        data = super().clean()
        # Checked on a copy built from what was typed; an error found here keeps the model's
        # own constraint on the same field from repeating it.
        day = construct_instance(self, copy.copy(self.instance))
        try:
            days.validate_edit(day)
            days.validate_day(day)
        except ValidationError as error:
            apply_errors(self, error)
        return data

    def save(self, commit=True):
        day = super().save(commit=False)
        if commit:
            days.save_day(day)
            self.save_m2m()
        return day


class ScheduleRuleForm(WagtailAdminModelForm):
    """A schedule rule, checked by ``booking.domain.rules`` (it must give working days)."""

    def clean(self):
        data = super().clean()
        try:
            rules.validate_rule(construct_instance(self, copy.copy(self.instance)))
        except ValidationError as error:
            apply_errors(self, error)
        return data


class PlainTextForm(WagtailAdminModelForm):
    """Refuses control characters in the texts of an official, organisation or venue: pasted
    from Word (U+000B for Shift+Enter) they make no sense, and feeds must not carry them (RFC
    5545 3.3.11). A text area keeps its line breaks and tabs."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if not isinstance(value, str) or name not in self.fields:
                continue
            multiline = isinstance(self.fields[name].widget, forms.Textarea)
            try:
                text.refuse_controls(value, multiline=multiline)
            except ValidationError as error:
                self.add_error(name, error)
        return data
