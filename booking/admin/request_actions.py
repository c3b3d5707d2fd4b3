"""The reception office's action screens on a request: one small form per action, each a call
to ``booking.domain.actions`` or ``booking.domain.protocol``. A refusal of the domain (wrong
state, a deadline past, a full day, someone else acted first) comes back on the form in the
admin's language; nothing is half-done (the domain works in one transaction)."""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from booking.admin.access import forbidden
from booking.admin.forms import apply_errors
from booking.admin.offered import BUTTON_LABELS, can_take_now
from booking.domain import actions, deadlines, protocol, workflow
from booking.enums import (
    AssignmentKind,
    DayStatus,
    ReceptionMode,
    RefusalGround,
    RequestAction,
    RequestStatus,
)
from booking.models import Assignment, ReceptionDay, ReceptionRequest, ReceptionSettings

A = RequestAction
PROCESS_PERMISSION = "booking.process_request"

TEXTAREA = forms.Textarea(attrs={"rows": 5})


def _note_field():
    return forms.CharField(
        label=gettext_lazy("Internal note"), widget=TEXTAREA, max_length=1000, required=False
    )


def _public_text_field(label, help_text=""):
    return forms.CharField(label=label, widget=TEXTAREA, max_length=5000, help_text=help_text)


class ActionForm(forms.Form):
    """A form that knows its request; the base of every action's form."""

    def __init__(self, *args, req, **kwargs):
        self.req = req
        super().__init__(*args, **kwargs)


class ConfirmForm(ActionForm):
    pass


class NoteForm(ActionForm):
    note = _note_field()


class NotConsideredForm(ActionForm):
    reasons = _public_text_field(gettext_lazy("Reasons, as the applicant will read them"))

    def __init__(self, *args, req, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        with translation.override(req.language):
            self.fields["reasons"].initial = _(
                "The request does not state the essence of the question, so it is left without "
                "consideration (Rules of personal reception, p. 5). You may send a new request."
            )


class CorrectionsForm(ActionForm):
    what = _public_text_field(
        gettext_lazy("What the applicant must correct or add"),
        gettext_lazy("The applicant reads this, in the language of the request."),
    )
    due = forms.DateField(label=gettext_lazy("Deadline"), widget=AdminDateInput)

    def __init__(self, *args, req, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        self.fields["due"].initial = deadlines.corrections_due(timezone.localdate())
        self.fields["due"].help_text = _(
            "By default %(count)s working days (a setting; APPK art. 63, 001 p.6)."
        ) % {"count": ReceptionSettings.load().corrections_days}


class ForwardForm(ActionForm):
    body = forms.CharField(label=gettext_lazy("Competent body"), max_length=300)
    note = _note_field()


class ExtendForm(ActionForm):
    until = forms.DateField(label=gettext_lazy("New answer date"), widget=AdminDateInput)
    reasoned_decision = forms.BooleanField(
        label=gettext_lazy("By a reasoned decision of the head (up to two months)"),
        required=False,
    )
    reasons = _public_text_field(gettext_lazy("Reasons, as the applicant will read them"))

    def __init__(self, *args, req, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        self.fields["until"].help_text = _(
            "At most %(complex)s for a complex question, %(reasoned)s by a reasoned decision "
            "(001 p.26)."
        ) % {
            "complex": date_format(deadlines.extension_limit(req.registered_on), "j E Y"),
            "reasoned": date_format(deadlines.extension_limit(req.registered_on, True), "j E Y"),
        }


class ToldForm(ActionForm):
    how = forms.CharField(
        label=gettext_lazy("How and when the applicant was told"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferenceForm(ActionForm):
    reference = forms.CharField(
        label=gettext_lazy("Reference information with a proposal"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=5000,
        help_text=gettext_lazy(
            "The essence of the question, what was done before, and the proposal: the date of "
            "the reception or a refusal (001 p.22)."
        ),
    )

    def __init__(self, *args, req, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        self.fields["reference"].initial = req.reference


# The days offered for scheduling: a quarter ahead, as the sign-up form offers.
SCHEDULING_HORIZON = datetime.timedelta(days=92)


class DayChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, day):
        left = max(day.capacity - day.places_taken, 0)
        return _("%(date)s, %(start)s–%(end)s · %(venue)s · places left: %(left)s") % {
            "date": date_format(day.date, "D j E Y"),
            "start": f"{day.start_time:%H:%M}",
            "end": f"{day.end_time:%H:%M}",
            "venue": day.venue,
            "left": left,
        }


class ScheduleForm(ActionForm):
    day = DayChoiceField(label=gettext_lazy("Reception day"), queryset=ReceptionDay.objects.none())
    slot_time = forms.TimeField(label=gettext_lazy("Time"), widget=AdminTimeInput)
    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"),
        choices=[
            (ReceptionMode.IN_PERSON, ReceptionMode.IN_PERSON.label),
            (ReceptionMode.VIDEO, ReceptionMode.VIDEO.label),
        ],
    )
    video_link = forms.URLField(
        label=gettext_lazy("Video conference link"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("Sent only to the applicant; never shown on the tracking page."),
    )
    invited_bodies = forms.CharField(
        label=gettext_lazy("Other bodies taking part"),
        max_length=500,
        required=False,
        help_text=gettext_lazy(
            "R21 (001 p.17): bodies whose competence the question touches; at the akim's "
            "reception also the prosecutor's office, police, anti-corruption service, courts."
        ),
    )

    def __init__(self, *args, req, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        today = timezone.localdate()
        days = (
            ReceptionDay.objects.filter(
                status=DayStatus.SCHEDULED, date__lte=today + SCHEDULING_HORIZON
            )
            .upcoming(today)
            .with_places_taken()
            .select_related("venue", "official")
            .order_by("date", "start_time")
        )
        if req.official is not None:
            days = days.for_official(req.official)
        self.fields["day"].queryset = days
        if req.official is None:
            self.fields["day"].label_from_instance = lambda day: (
                f"{day.official.full_name} · {DayChoiceField.label_from_instance(None, day)}"
            )
        self.fields["day"].initial = req.preferred_day_id
        self.fields["slot_time"].initial = req.slot_time
        self.fields["mode"].initial = (
            ReceptionMode.VIDEO if req.mode == ReceptionMode.VIDEO else ReceptionMode.IN_PERSON
        )
        self.fields["video_link"].initial = req.video_link
        self.fields["invited_bodies"].initial = req.invited_bodies
        if req.preferred_day_id:
            self.fields["day"].help_text = _(
                "The day the request holds a place on is kept without taking a second place."
            )


class ProposeRefusalForm(ActionForm):
    ground = forms.ChoiceField(
        label=gettext_lazy("Ground (001 p.15)"), choices=RefusalGround.choices
    )
    draft = _public_text_field(
        gettext_lazy("Preliminary decision, as the applicant will read it"),
        gettext_lazy(
            "The applicant may object during the hearing period; the refusal is decided only "
            "after it (APPK art. 73, 001 p.28)."
        ),
    )


class ObjectionForm(ActionForm):
    objection = _public_text_field(gettext_lazy("The applicant's objection, as given"))


class RefuseForm(ActionForm):
    reasons = _public_text_field(gettext_lazy("Reasoned refusal, as the applicant will read it"))

    def __init__(self, *args, req, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        draft = req.events.filter(action=A.PROPOSE_REFUSAL).order_by("-at", "-pk").first()
        if draft is not None:
            self.fields["reasons"].initial = draft.public_note
        if req.objection:
            self.fields["reasons"].help_text = _(
                "The applicant objected: answer the objection in the reasons."
            )


class FinalAnswerForm(ActionForm):
    answer = _public_text_field(
        gettext_lazy("Final reasoned answer, as the applicant will read it")
    )


class SatisfactionForm(ActionForm):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Satisfaction"),
        choices=[(score, str(score)) for score in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("1: not satisfied at all … 5: fully satisfied (001 p.36)."),
    )
    comment = forms.CharField(label=gettext_lazy("Comment"), max_length=500, required=False)


def staff_users():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__isnull=False) | Q(user_permissions__isnull=False))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class EntryForm(forms.Form):
    """One assignment or appeal of the protocol; an empty row is skipped."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AssignmentKind.choices)
    text = forms.CharField(
        label=gettext_lazy("What is to be done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    responsible = StaffChoiceField(label=gettext_lazy("Responsible"), queryset=staff_users())
    due = forms.DateField(label=gettext_lazy("Deadline"), widget=AdminDateInput)
    handled_before = StaffMultipleChoiceField(
        label=gettext_lazy("Handled the matter before"),
        queryset=staff_users(),
        required=False,
        help_text=gettext_lazy("An appeal is never given to them again (001 p.35)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_users()
        self.fields["handled_before"].queryset = staff_users()


EntryFormSet = forms.formset_factory(EntryForm, extra=3, max_num=20)


class ProtocolForm(ActionForm):
    decision = forms.CharField(
        label=gettext_lazy("Decision taken at the reception"),
        widget=TEXTAREA,
        max_length=5000,
        required=False,
        help_text=gettext_lazy(
            "Without assignments the decision is the final answer: the applicant gets it and "
            "the request is closed. With assignments the request stays under control until "
            "the final answer (001 p.19, p.32–33)."
        ),
    )

    def __init__(self, *args, req, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        self.entries = EntryFormSet(self.data or None, prefix="entry")

    def is_valid(self):
        return super().is_valid() and self.entries.is_valid()

    def entries_data(self):
        return [
            protocol.Entry(
                kind=data["kind"],
                text=data["text"],
                responsible=data["responsible"],
                due=data["due"],
                handled_before=list(data.get("handled_before") or []),
            )
            for data in self.entries.cleaned_data
            if data
        ]


def _run(action):
    """What each action calls with the form's cleaned data."""

    def run(req, data, user):
        today = timezone.localdate()
        match action:
            case A.REVIEW:
                return actions.review(req, actor=user)
            case A.NOT_CONSIDERED:
                return actions.leave_without_consideration(req, reasons=data["reasons"], actor=user)
            case A.ASK_CORRECTIONS:
                return actions.ask_corrections(
                    req, what=data["what"], due=data["due"], actor=user, today=today
                )
            case A.CORRECTED:
                return actions.corrected(req, note=data["note"], actor=user)
            case A.RETURN:
                return actions.return_uncorrected(req, actor=user, today=today)
            case A.FORWARD:
                return actions.forward(req, body=data["body"], note=data["note"], actor=user)
            case A.EXTEND:
                return actions.extend(
                    req,
                    until=data["until"],
                    reasons=data["reasons"],
                    reasoned_decision=data["reasoned_decision"],
                    actor=user,
                    today=today,
                )
            case A.TOLD:
                return actions.told(req, how=data["how"], actor=user)
            case A.REFERENCE:
                return actions.prepare_reference(
                    req, reference=data["reference"], actor=user, today=today
                )
            case A.SCHEDULE:
                return actions.schedule(
                    req,
                    day=data["day"],
                    slot_time=data["slot_time"],
                    mode=data["mode"],
                    video_link=data["video_link"],
                    invited_bodies=data["invited_bodies"],
                    actor=user,
                    today=today,
                )
            case A.PROPOSE_REFUSAL:
                return actions.propose_refusal(
                    req, ground=data["ground"], draft=data["draft"], actor=user, today=today
                )
            case A.OBJECTION:
                return actions.record_objection(req, objection=data["objection"], actor=user)
            case A.RECONSIDER:
                return actions.reconsider(req, note=data["note"], actor=user)
            case A.REFUSE:
                return actions.refuse(req, reasons=data["reasons"], actor=user, today=today)
            case A.ATTENDED:
                return actions.attended(req, actor=user, today=today)
            case A.NO_SHOW:
                return actions.no_show(req, actor=user, today=today)
            case A.PROTOCOL:
                return protocol.record_protocol(
                    req,
                    decision=data["decision"],
                    entries=data["entries"],
                    actor=user,
                    today=today,
                )
            case A.CLOSE:
                return protocol.close(req, answer=data["answer"], actor=user)
            case A.SATISFACTION:
                return actions.record_satisfaction(
                    req, score=data["score"], comment=data["comment"], actor=user
                )
        raise Http404

    return run


@dataclass(frozen=True)
class Screen:
    form: type
    submit: str = ""


SCREENS = {
    A.REVIEW: Screen(ConfirmForm),
    A.NOT_CONSIDERED: Screen(NotConsideredForm),
    A.ASK_CORRECTIONS: Screen(CorrectionsForm),
    A.CORRECTED: Screen(NoteForm),
    A.RETURN: Screen(ConfirmForm),
    A.FORWARD: Screen(ForwardForm),
    A.EXTEND: Screen(ExtendForm),
    A.TOLD: Screen(ToldForm),
    A.REFERENCE: Screen(ReferenceForm),
    A.SCHEDULE: Screen(ScheduleForm),
    A.PROPOSE_REFUSAL: Screen(ProposeRefusalForm),
    A.OBJECTION: Screen(ObjectionForm),
    A.RECONSIDER: Screen(NoteForm),
    A.REFUSE: Screen(RefuseForm),
    A.ATTENDED: Screen(ConfirmForm),
    A.NO_SHOW: Screen(ConfirmForm),
    A.PROTOCOL: Screen(ProtocolForm),
    A.CLOSE: Screen(FinalAnswerForm),
    A.SATISFACTION: Screen(SatisfactionForm),
}


def _request_page(reception_request):
    return redirect("requests:inspect", reception_request.pk)


def request_action(request, pk, action):
    """One action on one request: its form, then the domain call; back to the request's page."""
    if not request.user.has_perm(PROCESS_PERMISSION):
        return forbidden(request)
    if action not in SCREENS:
        raise Http404
    reception_request = get_object_or_404(
        ReceptionRequest.objects.select_related("official", "preferred_day__venue"), pk=pk
    )
    screen = SCREENS[action]
    form = screen.form(request.POST if request.method == "POST" else None, req=reception_request)
    label = BUTTON_LABELS[action]
    not_possible = ""
    if action not in workflow.allowed_actions(reception_request) or not can_take_now(
        reception_request, action
    ):
        # Said, not refused silently: someone may have acted first.
        not_possible = _(
            "This action is not possible in the request's present state: %(status)s."
        ) % {"status": reception_request.get_status_display()}
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if isinstance(form, ProtocolForm):
            data["entries"] = form.entries_data()
        try:
            _run(action)(reception_request, data, request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            reception_request.refresh_from_db()
            messages.success(
                request,
                _("Request %(number)s: %(action)s. Status: %(status)s.")
                % {
                    "number": reception_request.number,
                    "action": label,
                    "status": reception_request.get_status_display(),
                },
            )
            return _request_page(reception_request)
    return TemplateResponse(
        request,
        "booking/admin/request_action.html",
        {
            "title": f"{label}: {reception_request.number}",
            "req": reception_request,
            "form": form,
            "entries": getattr(form, "entries", None),
            "submit_label": label,
            "action": action,
            "letter": action in workflow.LETTERS,
            "not_possible": not_possible,
        },
    )


class CloseAssignmentForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("How it was carried out"), widget=TEXTAREA, max_length=5000
    )


class ReassignForm(forms.Form):
    responsible = StaffChoiceField(label=gettext_lazy("New responsible"), queryset=staff_users())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_users()


ASSIGNMENT_SCREENS = {
    "close": (CloseAssignmentForm, gettext_lazy("Carried out")),
    "reassign": (ReassignForm, gettext_lazy("Give to another worker")),
}


def assignment_action(request, pk, action):
    """R24, R26: close an assignment with its answer, or give it to another worker."""
    if not request.user.has_perm(PROCESS_PERMISSION):
        return forbidden(request)
    if action not in ASSIGNMENT_SCREENS:
        raise Http404
    assignment = get_object_or_404(
        Assignment.objects.select_related("reception_request", "responsible"), pk=pk
    )
    reception_request = assignment.reception_request
    form_class, label = ASSIGNMENT_SCREENS[action]
    form = form_class(request.POST if request.method == "POST" else None)
    not_possible = ""
    if reception_request.status != RequestStatus.ON_CONTROL or not assignment.is_open:
        not_possible = _("This assignment is already carried out.")
    elif request.method == "POST" and form.is_valid():
        try:
            if action == "close":
                protocol.close_assignment(
                    assignment, answer=form.cleaned_data["answer"], actor=request.user
                )
            else:
                protocol.reassign(
                    assignment, responsible=form.cleaned_data["responsible"], actor=request.user
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Assignment %(assignment)s: %(action)s.")
                % {
                    "assignment": assignment,
                    "action": label,
                },
            )
            return _request_page(reception_request)
    return TemplateResponse(
        request,
        "booking/admin/request_action.html",
        {
            "title": f"{label}: {assignment}",
            "req": reception_request,
            "assignment": assignment,
            "form": form,
            "submit_label": label,
            "not_possible": not_possible,
        },
    )
