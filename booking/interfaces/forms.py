from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from booking.domain import capacity
from booking.domain.rows import Localizer
from booking.domain.text import plain_text
from booking.domain.validators import (
    normalise_phone,
    validate_bin,
    validate_iin,
    validate_name,
    validate_upload,
)
from booking.enums import (
    ApplicantKind,
    IdentityDocument,
    PriorityCategory,
    ReceptionMode,
    Topic,
)
from booking.models import Official, ReceptionDay

MAX_ATTACHMENTS = 5
# Without a chosen official the form lists this many of the nearest open days (bounded work and
# a usable list on a phone); every day of an official is listed once the official is chosen.
NEAREST_DAYS = 60
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class DayChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, day):
        left = getattr(day, "places_left", None)
        # Month and weekday in lower case, as Kazakh and Russian write them mid-phrase.
        when = date_format(day.date, "j E, l").lower()
        text = f"{when}, {day.start_time:%H:%M}–{day.end_time:%H:%M}"
        if getattr(day, "official_name", ""):
            text = f"{text}, {day.official_name}"
        if left == 0:
            note = _("no places left")
        elif left is not None:
            note = _("places left: %(n)s") % {"n": left}
        else:
            return text
        return f"{text} — {note}"


class SignUpForm(forms.Form):
    """The citizen's sign-up request. Field names are those ``booking.domain.signup.submit``
    takes."""

    # Never put back into a form shown again: files cannot be, the honeypot must not be.
    NOT_REFILLED = frozenset({"website", "attachments", "authority_document"})

    applicant_kind = forms.ChoiceField(
        label=_("Who applies"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    surname = forms.CharField(label=_("Surname"), max_length=100)
    given_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic (if any)"), max_length=100, required=False)
    # Room for spaces between groups of digits: the validator drops them.
    iin = forms.CharField(
        label=_("IIN"),
        max_length=20,
        required=False,
        help_text=_(
            "12 digits. Foreign citizens and stateless persons without an IIN give a "
            "document instead."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    document_type = forms.ChoiceField(
        label=_("Identity document (without an IIN)"),
        choices=[("", "—"), *IdentityDocument.choices],
        required=False,
    )
    document_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    needs_interpreter = forms.BooleanField(label=_("I need an interpreter"), required=False)
    bin = forms.CharField(
        label=_("BIN of the organisation"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    legal_entity = forms.CharField(
        label=_("Organisation represented"), max_length=300, required=False
    )
    authority_document = forms.FileField(
        label=_("Document confirming the authority (PDF, JPEG or PNG)"), required=False
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    postal_address = forms.CharField(
        label=_("Postal address, if you want a paper answer"), max_length=300, required=False
    )
    official = forms.ModelChoiceField(
        label=_("Official"),
        queryset=Official.objects.none(),
        required=False,
        empty_label=_("The official responsible for my question"),
    )
    preferred_day = DayChoiceField(
        label=_("Preferred reception day"),
        queryset=ReceptionDay.objects.none(),
        required=False,
        empty_label=_("The earliest possible"),
    )
    question = forms.CharField(
        label=_("The essence of your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            # Clause 001 p.5; citizens' pages do not show clause codes.
            "Required: a request that does not state the essence of the question is left "
            "without consideration."
        ),
    )
    # Starts empty: a citizen cannot send the first topic without noticing.
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("Choose a topic")), *Topic.choices])
    earlier_appeal = forms.CharField(
        label=_("Number of an earlier appeal on the same question"), max_length=50, required=False
    )
    language = forms.ChoiceField(label=_("Language of the reception"), choices=[])
    mode = forms.ChoiceField(
        label=_("How you want to be received"),
        choices=[
            (ReceptionMode.IN_PERSON, ReceptionMode.IN_PERSON.label),
            (ReceptionMode.VIDEO, ReceptionMode.VIDEO.label),
        ],
        initial=ReceptionMode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    video_consent = forms.BooleanField(
        label=_("I agree to be received by video conference"), required=False
    )
    priority = forms.ChoiceField(
        label=_("Out-of-turn category"),
        choices=PriorityCategory.choices,
        required=False,
        help_text=_("Checked against your documents at the reception."),  # 001 p.12
    )
    attachments = MultipleFileField(
        label=_("Documents (up to 5 files: PDF, JPEG or PNG, 5 MB each)"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to the processing of my personal data for considering this request. "
            "It is shown only to the reception office and never published."
        )
    )
    # A field people do not see; bots fill it in. Not a Tab stop, never filled in by the browser.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, language, restriction_mode=False, official=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = language
        self.fields["official"].queryset = Official.objects.active().filter(
            locale__language_code=language
        )
        # File fields whose upload is lost when the form is shown again (files are never kept).
        self.dropped_files = set()
        open_days = (
            ReceptionDay.objects.active()
            .published()
            .filter(date__gte=timezone.localdate())
            .select_related("official")
        )
        # Any open day validates, listed or not; clean_preferred_day checks it takes applicants.
        self.fields["preferred_day"].queryset = open_days
        # The official chosen in the form decides whose days are offered; unbound, the one of
        # the address (?official=, ?day=) when the form names none.
        chosen = self._chosen_official()
        self._offer_days(open_days, chosen if self.is_bound or chosen else official)
        if restriction_mode:
            # R19 (001 p.14): only video is offered, so an in-person choice is an invalid one.
            self.fields["mode"].choices = [(ReceptionMode.VIDEO, ReceptionMode.VIDEO.label)]
            self.fields["mode"].initial = ReceptionMode.VIDEO

    def _chosen_official(self):
        """The official chosen in the form (submitted, or put back after a CSRF failure), whose
        days are then the ones offered."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("official"))
        else:
            value = self.initial.get("official")
        if not value:
            return None
        try:
            return self.fields["official"].clean(value)
        except ValidationError:
            return None

    @property
    def files_to_attach_again(self):
        """File fields whose upload is lost because the form is shown again: files are never
        kept, so the visitor is told to attach them again."""
        if self.is_bound and self.errors:
            return self.dropped_files | set(self.files)
        return self.dropped_files

    def error_summary(self):
        """Every error, in the order of the form, for the summary at its top: dicts of
        ``anchor`` (the id of the field's input, a radio group's first button; empty for
        the form's own errors), ``label`` and ``message``."""
        items = [{"anchor": "", "label": "", "message": error} for error in self.non_field_errors()]
        for bound in self:
            if bound.name == "website":
                continue
            anchor = bound.id_for_label or f"{bound.auto_id}_0"
            items += [
                {"anchor": anchor, "label": bound.label, "message": error} for error in bound.errors
            ]
        return items

    def _offer_days(self, open_days, official):
        """The days offered: every open day of *official* when one is chosen; otherwise the
        nearest ``NEAREST_DAYS`` of everyone's, plus the day the visitor came with (``?day=``
        or a submitted one). No open day is hidden: each is offered under its official, and any
        open day validates. One query for the days and their places, three for the names."""
        days = open_days.with_places_taken().order_by("date", "start_time", "pk")
        if official is not None:
            days = list(days.for_official(official))
        else:
            nearest = list(days[:NEAREST_DAYS])
            came_with = self._day_came_with()
            if came_with and came_with not in {day.pk for day in nearest}:
                nearest += list(days.filter(pk=came_with))
            days = nearest
        localize = Localizer()
        now = timezone.now()
        days = [day for day in days if capacity.is_open_for_sign_up(day, now)]
        for day in days:
            day.places_left = capacity.places_left(day)
            # Without a chosen official, each day says whose reception it is.
            day.official_name = "" if official is not None else localize(day.official).full_name
        field = self.fields["preferred_day"]
        field.choices = [("", field.empty_label)] + [
            (day.pk, field.label_from_instance(day)) for day in days
        ]
        if official is None:
            field.help_text = _(
                "The nearest days are listed. Every reception day of an official is on their page "
                "in the schedule, each with a link to sign up for it."
            )

    def _day_came_with(self):
        value = self.data.get(self.add_prefix("preferred_day")) if self.is_bound else None
        value = value or self.initial.get("preferred_day")
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None

    def clean_surname(self):
        return validate_name(self.cleaned_data["surname"])

    def clean_given_name(self):
        return validate_name(self.cleaned_data["given_name"])

    def clean_patronymic(self):
        value = self.cleaned_data["patronymic"]
        return validate_name(value) if value else ""

    def clean_legal_entity(self):
        value = self.cleaned_data["legal_entity"]
        return validate_name(value, digits_allowed=True) if value else ""

    def clean_document_number(self):
        return plain_text(self.cleaned_data["document_number"])

    def clean_postal_address(self):
        return plain_text(self.cleaned_data["postal_address"])

    def clean_earlier_appeal(self):
        return plain_text(self.cleaned_data["earlier_appeal"])

    def clean_iin(self):
        value = self.cleaned_data["iin"]
        return validate_iin(value) if value else ""

    def clean_bin(self):
        value = self.cleaned_data["bin"]
        return validate_bin(value) if value else ""

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_question(self):
        value = plain_text(self.cleaned_data["question"], multiline=True)
        if len(value) < 10:
            raise ValidationError(_("Describe the essence of your question in a few words."))
        return value

    def clean_preferred_day(self):
        # No error for a day that filled up or closed since the form was shown: the request is
        # registered all the same, for the earliest possible day, and the ticket says so (R06,
        # 001 p.6). The list still shows full days as full.
        return self.cleaned_data.get("preferred_day")

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(n)s files.") % {"n": MAX_ATTACHMENTS})
        return [(upload, validate_upload(upload, MAX_UPLOAD_BYTES)) for upload in files]

    def clean_authority_document(self):
        upload = self.cleaned_data.get("authority_document")
        if upload:
            validate_upload(upload, MAX_UPLOAD_BYTES)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("The request could not be accepted. Please try again."))
        has_document = data.get("document_type") and data.get("document_number")
        if not data.get("iin") and not has_document and "iin" not in self.errors:
            self.add_error(
                "iin",
                _(
                    "Enter your IIN, or, without one, the type and number of your identity "
                    "document."
                ),
            )
        if data.get("applicant_kind") == ApplicantKind.REPRESENTATIVE:
            for name in ("bin", "legal_entity", "authority_document"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("A representative gives this too."))  # 001 p.10
        mode = data.get("mode")
        if mode == ReceptionMode.VIDEO and not data.get("video_consent"):
            self.add_error(
                "video_consent", _("A reception by video conference needs your consent.")
            )
        day, official = data.get("preferred_day"), data.get("official")
        if day and official and day.official.translation_key != official.translation_key:
            self.add_error("preferred_day", _("This day is a reception of another official."))
        return data
