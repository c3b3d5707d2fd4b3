from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from booking.enums import ReceptionMode


class ScheduleFilterForm(forms.Form):
    """The schedule's filters; a value that is not offered is reported and ignored."""

    month = forms.ChoiceField(label=_("Month"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    official = forms.ChoiceField(label=_("Official"), required=False)
    mode = forms.ChoiceField(label=_("Mode"), required=False)

    def __init__(self, data, *, months, organisations, officials):
        super().__init__(data)

        self.fields["month"].choices = [("", _("All months"))] + [
            (value, date_format(first_day, "F Y")) for value, first_day in months
        ]
        self.fields["organisation"].choices = [("", _("All organisations"))] + [
            (str(org.translation_key), org.display_name) for org in organisations
        ]
        self.fields["official"].choices = [("", _("All officials"))] + [
            (official.slug, f"{official.full_name} — {official.position}") for official in officials
        ]
        self.fields["mode"].choices = [("", _("Any mode")), *ReceptionMode.choices]
