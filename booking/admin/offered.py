"""The buttons a request's page offers: exactly the actions its state allows (the table of
``booking.domain.workflow``), to staff who may process requests, and only where they can
succeed now (a return once the corrections deadline has passed, "told" while a notice is owed)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from booking.domain import workflow
from booking.enums import RequestAction, RequestStatus

A = RequestAction

# What the button says: a verb, where the history says what happened.
BUTTON_LABELS = {
    A.REVIEW: pgettext_lazy("request button", "Take up for review"),
    A.SCHEDULE: pgettext_lazy("request button", "Set the date and time"),
    A.REFERENCE: pgettext_lazy("request button", "Reference information"),
    A.ASK_CORRECTIONS: pgettext_lazy("request button", "Ask for corrections"),
    A.CORRECTED: pgettext_lazy("request button", "Corrections received"),
    A.RETURN: pgettext_lazy("request button", "Return: not corrected in time"),
    A.EXTEND: pgettext_lazy("request button", "Extend the deadline"),
    A.TOLD: pgettext_lazy("request button", "Applicant told by phone or post"),
    A.FORWARD: pgettext_lazy("request button", "Forward to the competent body"),
    A.PROPOSE_REFUSAL: pgettext_lazy("request button", "Propose a refusal"),
    A.OBJECTION: pgettext_lazy("request button", "Record an objection"),
    A.RECONSIDER: pgettext_lazy("request button", "Back to review"),
    A.REFUSE: pgettext_lazy("request button", "Refuse"),
    A.NOT_CONSIDERED: pgettext_lazy("request button", "Leave without consideration"),
    A.ATTENDED: pgettext_lazy("request button", "Came to the reception"),
    A.NO_SHOW: pgettext_lazy("request button", "Did not come"),
    A.PROTOCOL: pgettext_lazy("request button", "Record the protocol"),
    A.CLOSE: pgettext_lazy("request button", "Close with the final answer"),
    A.SATISFACTION: pgettext_lazy("request button", "Record the survey"),
}
RESCHEDULE_LABEL = pgettext_lazy("request button", "Change the date and time")

# The step forward in each state is the primary button; the others are secondary.
PRIMARY = {A.REVIEW, A.SCHEDULE, A.CORRECTED, A.REFUSE, A.ATTENDED, A.PROTOCOL, A.CLOSE}


def can_take_now(reception_request, action, today=None):
    """The table allows *action*; can it succeed today?"""
    today = today or timezone.localdate()
    req = reception_request
    if action == A.TOLD:
        return req.notice_due is not None
    if action == A.RETURN:
        return req.corrections_due is not None and req.corrections_due < today
    if action in (A.ATTENDED, A.NO_SHOW):
        return req.preferred_day is not None and req.preferred_day.date <= today
    if action == A.REFERENCE:
        return req.preferred_day is not None
    return True


def offered_actions(reception_request, user, today=None):
    """The buttons of *reception_request*'s page for *user*, in the table's order."""
    if not user.has_perm("booking.process_request"):
        return []
    buttons = []
    for action in workflow.allowed_actions(reception_request):
        if action not in BUTTON_LABELS or not can_take_now(reception_request, action, today):
            continue
        label = BUTTON_LABELS[action]
        if action == A.SCHEDULE and reception_request.status == RequestStatus.SCHEDULED:
            label = RESCHEDULE_LABEL
        buttons.append(
            {
                "action": action,
                "label": label,
                "url": reverse("booking_request_action", args=[reception_request.pk, action]),
                "primary": action in PRIMARY,
            }
        )
    return buttons
