"""The states of a sign-up request and the one function that changes them.

``TRANSITIONS`` is the table of allowed moves: an action, the states it may start from, and the
state it leads to. ``transition()`` is the only code that writes a request's status: it locks
the row, checks the move against the table, changes it and writes the history entry (from, to,
action, who, note) in the same transaction. ``record()`` writes a history entry for a step that
does not change the status (the request's day was moved). The workflow (R07–R15, R23–R26) adds
its moves to this table.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from booking.enums import PLACE_HOLDING_STATUSES, RequestAction, RequestActor, RequestStatus
from booking.models import ReceptionRequest, RequestEvent


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str


TRANSITIONS = {
    # The applicant withdraws while the request still holds its place.
    RequestAction.WITHDRAW: Move(frozenset(PLACE_HOLDING_STATUSES), RequestStatus.WITHDRAWN),
    # R07 (001 p.5): a request without the essence of the question is registered, then left
    # without consideration, and the applicant is told why.
    RequestAction.NOT_CONSIDERED: Move(
        frozenset({RequestStatus.REGISTERED, RequestStatus.UNDER_REVIEW}),
        RequestStatus.NOT_CONSIDERED,
    ),
}

NOT_ALLOWED = {
    RequestAction.WITHDRAW: _("This request can no longer be withdrawn."),
    RequestAction.NOT_CONSIDERED: _(
        "Only a registered request or one under review can be left without consideration."
    ),
}

# The letter the applicant gets after each action (a django-q2 task by this name).
LETTERS = {
    RequestAction.NOT_CONSIDERED: "booking.tasks.send_decision",
}


def allowed_actions(reception_request):
    """The actions the table allows from the request's current status."""
    return [
        action for action, move in TRANSITIONS.items() if reception_request.status in move.sources
    ]


def _role(actor, actor_role):
    if actor_role:
        return actor_role
    return RequestActor.STAFF if actor is not None else RequestActor.SYSTEM


def record(reception_request, action, *, actor=None, actor_role=None, note="", public_note=""):
    """Write one history entry for *reception_request* that leaves its status as it is."""
    return RequestEvent.objects.create(
        reception_request=reception_request,
        action=action,
        from_status=reception_request.status,
        to_status=reception_request.status,
        actor=actor,
        actor_role=_role(actor, actor_role),
        note=note,
        public_note=public_note,
    )


@transaction.atomic
def transition(reception_request, action, *, actor=None, actor_role=None, note="", public_note=""):
    """Apply *action* to *reception_request*: lock the row, check the table, change the status
    and write the history entry. Returns the request as saved. Raises ``ValidationError`` with a
    message in the active language if the move is not allowed from the current status (two
    people acting at once: the second one sees the first one's result)."""
    move = TRANSITIONS[action]
    locked = ReceptionRequest.objects.select_for_update().get(pk=reception_request.pk)
    if locked.status not in move.sources:
        raise ValidationError(NOT_ALLOWED[action], code="not_allowed")
    from_status = locked.status
    locked.status = move.target
    locked.save(update_fields=["status"])
    RequestEvent.objects.create(
        reception_request=locked,
        action=action,
        from_status=from_status,
        to_status=move.target,
        actor=actor,
        actor_role=_role(actor, actor_role),
        note=note,
        public_note=public_note,
    )
    letter = LETTERS.get(action)
    if letter:
        transaction.on_commit(lambda: async_task(letter, locked.pk))
    return locked


def open_history(reception_request, *, actor=None, actor_role=None):
    """The first entry of a new request's history: registered, from no status."""
    return RequestEvent.objects.create(
        reception_request=reception_request,
        action=RequestAction.REGISTER,
        from_status="",
        to_status=reception_request.status,
        actor=actor,
        actor_role=_role(actor, actor_role),
    )
