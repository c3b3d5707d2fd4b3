import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from booking.enums import ReceptionMode

ALL_MONTHS = "all"


@dataclass(frozen=True)
class Period:
    """The dates the schedule shows, and the first days of the months either side it can step
    to (None where the horizon ends)."""

    first: datetime.date
    last: datetime.date
    previous: datetime.date | None = None
    next: datetime.date | None = None


def month_end(day):
    return day.replace(day=1) + relativedelta(months=1, days=-1)


class ScheduleFilterForm(forms.Form):
    """The schedule's filters; a value that is not offered is reported and ignored. No month
    chosen means the coming weeks (two months, short enough for a phone); "all" the horizon."""

    month = forms.ChoiceField(label=_("Month"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    official = forms.ChoiceField(label=_("Official"), required=False)
    mode = forms.ChoiceField(label=_("Mode"), required=False)

    def __init__(self, data, *, months, organisations, officials):
        super().__init__(data)
        self.months = [first_day for _value, first_day in months]
        self.fields["month"].choices = [
            ("", _("Coming weeks")),
            *((value, date_format(first_day, "F Y")) for value, first_day in months),
            (ALL_MONTHS, _("All months")),
        ]
        self.fields["organisation"].choices = [("", _("All organisations"))] + [
            (str(org.translation_key), org.display_name) for org in organisations
        ]
        self.fields["official"].choices = [("", _("All officials"))] + [
            (official.slug, f"{official.full_name} — {official.position}") for official in officials
        ]
        self.fields["mode"].choices = [("", _("Any mode")), *ReceptionMode.choices]

    def chosen_month(self):
        """The first day of the month chosen, ``ALL_MONTHS``, or None for the coming weeks.
        Call after ``is_valid()``."""
        value = getattr(self, "cleaned_data", {}).get("month") or ""
        if not value or value == ALL_MONTHS:
            return value or None
        year, month = map(int, value.split("-"))
        return datetime.date(year, month, 1)

    def period_between(self, first, last):
        """The ``Period`` from *first* to *last*, with the offered months just outside it."""
        before = [month for month in self.months if month < first.replace(day=1)]
        after = [month for month in self.months if month > last]
        return Period(first, last, before[-1] if before else None, after[0] if after else None)
