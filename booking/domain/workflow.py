"""The states of a sign-up request and the one function that changes them.

``TRANSITIONS`` is the table of allowed moves: an action, the states it may start from, and the
state it leads to (or none: the status stays, as when the answer deadline is extended).
``transition()`` is the only code that writes a request's status: it locks the row, checks the
move against the table, lets the caller check and change the request's other fields, refreshes
the next deadline and writes the history entry (from, to, action, who, note) and the applicant's
letter (an outbox row), all in one transaction. ``record()`` writes a history entry for a step
that does not go through the table (the request's day was moved). The reception office's actions
that call ``transition()`` are in ``booking.domain.actions`` and ``booking.domain.protocol``.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from booking.domain import deadlines, notifications
from booking.enums import OPEN_STATUSES, RequestAction, RequestActor, RequestStatus
from booking.models import MessageKind, ReceptionRequest, RequestEvent

S = RequestStatus


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str | None  # None: the status stays
    refused: str  # what staff read when the request is in another state


def _move(sources, target, refused):
    return Move(frozenset(sources), target, refused)


TRANSITIONS = {
    # The applicant withdraws while the request is on its way to the reception.
    RequestAction.WITHDRAW: _move(
        OPEN_STATUSES, S.WITHDRAWN, _("This request can no longer be withdrawn.")
    ),
    RequestAction.REVIEW: _move(
        {S.REGISTERED}, S.UNDER_REVIEW, _("Only a registered request can be taken up for review.")
    ),
    # R07 (001 p.5): a request without the essence of the question is left without
    # consideration, and the applicant is told why.
    RequestAction.NOT_CONSIDERED: _move(
        {S.REGISTERED, S.UNDER_REVIEW},
        S.NOT_CONSIDERED,
        _("Only a registered request or one under review can be left without consideration."),
    ),
    # R08 (001 p.6; APPK art. 63): the applicant is told what is missing, with a deadline;
    # corrected, the request is reviewed again; not corrected in time, it is returned.
    RequestAction.ASK_CORRECTIONS: _move(
        {S.REGISTERED, S.UNDER_REVIEW},
        S.CORRECTIONS,
        _("Corrections can be asked only of a request that is registered or under review."),
    ),
    RequestAction.CORRECTED: _move(
        {S.CORRECTIONS}, S.UNDER_REVIEW, _("This request is not awaiting corrections.")
    ),
    RequestAction.RETURN: _move(
        {S.CORRECTIONS}, S.RETURNED, _("Only a request awaiting corrections can be returned.")
    ),
    # R10 (001 p.15; 003 p.195): outside the body's competence, forwarded within 3 working days.
    RequestAction.FORWARD: _move(
        {S.REGISTERED, S.UNDER_REVIEW},
        S.FORWARDED,
        _("Only a registered request or one under review can be forwarded."),
    ),
    # R14 (001 p.26): the answer deadline moves; the status stays.
    RequestAction.EXTEND: _move(
        {S.REGISTERED, S.UNDER_REVIEW, S.CORRECTIONS, S.HEARING},
        None,
        _("The answer deadline can be extended only before the answer is given."),
    ),
    # The office told by phone or post an applicant without an e-mail (R13, R14).
    RequestAction.TOLD: _move(
        set(S) - {S.WITHDRAWN}, None, _("This request has nothing to tell the applicant.")
    ),
    # R11 (001 p.22): reference information with a proposal, 5 working days before.
    RequestAction.REFERENCE: _move(
        {S.UNDER_REVIEW, S.SCHEDULED},
        None,
        _("Reference information is prepared for a request under review or scheduled."),
    ),
    # R12, R13 (001 p.23–25): a day and time of the official, in order of arrival.
    RequestAction.SCHEDULE: _move(
        {S.UNDER_REVIEW, S.HEARING, S.SCHEDULED},
        S.SCHEDULED,
        _("Only a request under review can be given a reception date."),
    ),
    # R15 (001 p.28–29): the preliminary decision first, the refusal after the hearing.
    RequestAction.PROPOSE_REFUSAL: _move(
        {S.UNDER_REVIEW},
        S.HEARING,
        _("A refusal can be proposed only for a request under review."),
    ),
    RequestAction.OBJECTION: _move(
        {S.HEARING}, None, _("An objection is recorded only during the hearing.")
    ),
    RequestAction.RECONSIDER: _move(
        {S.HEARING}, S.UNDER_REVIEW, _("Only a request in the hearing can go back to review.")
    ),
    RequestAction.REFUSE: _move(
        {S.HEARING},
        S.REFUSED,
        _("A request is refused only after the preliminary decision and the hearing."),
    ),
    # On the day of the reception.
    RequestAction.ATTENDED: _move(
        {S.SCHEDULED}, S.RECEIVED, _("Only a scheduled request can be marked as received.")
    ),
    RequestAction.NO_SHOW: _move(
        {S.SCHEDULED}, S.NO_SHOW, _("Only a scheduled request can be marked as not come.")
    ),
    # R23–R24 (001 p.19, p.32–33): the protocol; assignments are controlled until the final
    # reasoned answer.
    RequestAction.PROTOCOL: _move(
        {S.RECEIVED}, S.ON_CONTROL, _("A protocol is recorded for a request received.")
    ),
    RequestAction.ASSIGNMENT_CLOSED: _move(
        {S.ON_CONTROL}, None, _("Assignments are closed while the request is under control.")
    ),
    RequestAction.REASSIGN: _move(
        {S.ON_CONTROL}, None, _("Assignments are given while the request is under control.")
    ),
    RequestAction.CLOSE: _move(
        {S.ON_CONTROL},
        S.CLOSED,
        _("Only a request under control can be closed with the final answer."),
    ),
    # R28 (001 p.36): the phone survey of those consulted or who declined to sign up (withdrew).
    RequestAction.SATISFACTION: _move(
        {
            S.RECEIVED,
            S.ON_CONTROL,
            S.CLOSED,
            S.REFUSED,
            S.NOT_CONSIDERED,
            S.FORWARDED,
            S.WITHDRAWN,
        },
        None,
        _("The survey is recorded for an applicant who was consulted or declined."),
    ),
}

# The letter the applicant gets after each action: an outbox row of the step, written with it
# (``booking.domain.notifications``), sent by this django-q2 task once the step commits.
LETTER_TASK = notifications.SEND_TASK
LETTERS = frozenset(
    {
        RequestAction.WITHDRAW,
        RequestAction.NOT_CONSIDERED,
        RequestAction.ASK_CORRECTIONS,
        RequestAction.RETURN,
        RequestAction.FORWARD,
        RequestAction.EXTEND,
        RequestAction.SCHEDULE,
        RequestAction.PROPOSE_REFUSAL,
        RequestAction.REFUSE,
        RequestAction.CLOSE,
    }
)


def allowed_actions(reception_request):
    """The actions the table allows from the request's current status."""
    return [
        action for action, move in TRANSITIONS.items() if reception_request.status in move.sources
    ]


def _role(actor, actor_role):
    if actor_role:
        return actor_role
    return RequestActor.STAFF if actor is not None else RequestActor.SYSTEM


def refresh_deadline(reception_request):
    """Store the request's next deadline (``deadlines.next_deadline``); returns the fields set."""
    reception_request.due_on, reception_request.due_kind = deadlines.next_deadline(
        reception_request
    )
    return ["due_on", "due_kind"]


def record(reception_request, action, *, actor=None, actor_role=None, note="", public_note=""):
    """Write one history entry for *reception_request* that leaves its status as it is (and
    store its next deadline, which the step may have changed)."""
    event = RequestEvent.objects.create(
        reception_request=reception_request,
        action=action,
        from_status=reception_request.status,
        to_status=reception_request.status,
        actor=actor,
        actor_role=_role(actor, actor_role),
        note=note,
        public_note=public_note,
    )
    # After the entry: a cancelled day's new date is due from the entry's day.
    reception_request.save(update_fields=refresh_deadline(reception_request))
    return event


@transaction.atomic
def transition(
    reception_request,
    action,
    *,
    actor=None,
    actor_role=None,
    note="",
    public_note="",
    change=None,
    target=None,
    letter=None,
):
    """Apply *action* to *reception_request*: lock the row, check the table, call
    ``change(locked)`` (which checks and sets the action's own fields and returns their names,
    raising ``ValidationError`` to refuse), set the status and the next deadline, and write the
    history entry. *target* overrides the table's target where an action has two outcomes (a
    protocol without assignments closes the request), and *letter* whether the applicant gets
    a letter (by default: if the action is in ``LETTERS``). Returns the request as saved.

    Refusals come as ``ValidationError`` in the active language, nothing written: a move the
    table does not allow from the current status (two people acting at once: the second one
    sees the first one's result), or whatever *change* refuses."""
    move = TRANSITIONS[action]
    # Only the request's row: PostgreSQL cannot lock the nullable side of the outer join.
    locked = (
        ReceptionRequest.objects.select_for_update(of=("self",))
        .select_related("preferred_day")
        .get(pk=reception_request.pk)
    )
    if locked.status not in move.sources:
        raise ValidationError(move.refused, code="not_allowed")
    from_status = locked.status
    fields = list(change(locked) or []) if change else []
    locked.status = target or move.target or from_status
    fields += ["status", *refresh_deadline(locked)]
    locked.save(update_fields=sorted(set(fields)))
    event = RequestEvent.objects.create(
        reception_request=locked,
        action=action,
        from_status=from_status,
        to_status=locked.status,
        actor=actor,
        actor_role=_role(actor, actor_role),
        note=note,
        public_note=public_note,
    )
    if letter if letter is not None else action in LETTERS:
        # In this transaction: the step and its letter commit or roll back together.
        notifications.to_applicant(locked, MessageKind.UPDATE, event)
    return locked


def open_history(reception_request, *, actor=None, actor_role=None):
    """The first entry of a new request's history: registered, from no status."""
    reception_request.save(update_fields=refresh_deadline(reception_request))
    return RequestEvent.objects.create(
        reception_request=reception_request,
        action=RequestAction.REGISTER,
        from_status="",
        to_status=reception_request.status,
        actor=actor,
        actor_role=_role(actor, actor_role),
    )
