"""The protocol of a reception and the control of what it decided (R23–R26).

- R23 (001 p.19): the results are recorded in a protocol: the decision taken at the reception,
  or assignments, each with a responsible worker and a concrete deadline.
- R24 (001 p.32–33): assignments are controlled until the final reasoned answer to the
  applicant; that answer takes the request off control.
- R25 (001 p.34): appeals filed at the reception are registered with the mark "from personal
  reception".
- R26 (001 p.35): an appeal from the reception is never given to a worker it was given before.

Every step goes through ``workflow.transition()``: locked, checked, written to the history.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from booking.domain import text, workflow
from booking.enums import AssignmentKind, RequestAction, RequestStatus
from booking.models import Assignment


@dataclass
class Entry:
    """One assignment or appeal of a protocol, as staff typed it."""

    kind: str
    text: str
    responsible: object
    due: object
    handled_before: list = field(default_factory=list)


def _check_responsible(responsible, handled_before):
    """R26: never a worker the matter was given to before."""
    if responsible is None:
        raise ValidationError({"responsible": _("Choose the responsible worker.")})
    if any(worker.pk == responsible.pk for worker in handled_before):
        raise ValidationError(
            {
                "responsible": _(
                    "%(name)s handled this matter before: an appeal from the reception is "
                    "never given to the same worker again (Rules of personal reception, p. 35)."
                )
                % {"name": responsible.get_full_name() or responsible.get_username()}
            }
        )


def _check_entry(entry, today):
    entry.text = (entry.text or "").strip()
    if not entry.text:
        raise ValidationError({"text": _("Write what is to be done.")})
    text.refuse_controls(entry.text, multiline=True)
    if entry.kind not in AssignmentKind.values:
        raise ValidationError({"kind": _("Choose an assignment or an appeal.")})
    if entry.due is None or entry.due < today:
        raise ValidationError({"due": _("Give a deadline that has not passed.")})
    _check_responsible(entry.responsible, entry.handled_before)


def record_protocol(reception_request, *, decision="", entries=(), actor=None, today=None):
    """R23: the protocol of a received applicant's reception. With assignments (or appeals) the
    request goes under control (R24); with a decision alone it is closed, and the decision is
    the final answer the applicant gets."""
    today = today or timezone.localdate()
    decision = (decision or "").strip()
    text.refuse_controls(decision, multiline=True)
    entries = list(entries)
    if not decision and not entries:
        raise ValidationError(_("Record the decision taken, or at least one assignment."))
    for entry in entries:
        _check_entry(entry, today)

    def change(locked):
        locked.protocol_decision = decision
        appeals = locked.assignments.filter(kind=AssignmentKind.APPEAL).count()
        for entry in entries:
            assignment = Assignment(
                reception_request=locked,
                kind=entry.kind,
                text=entry.text,
                responsible=entry.responsible,
                due=entry.due,
            )
            if entry.kind == AssignmentKind.APPEAL:
                # R25 (001 p.34): registered, with the mark.
                appeals += 1
                assignment.number = f"{locked.number}/{appeals}"
                assignment.from_personal_reception = True
            assignment.save()
            assignment.handled_before.set(entry.handled_before)
        return ["protocol_decision"]

    return workflow.transition(
        reception_request,
        RequestAction.PROTOCOL,
        actor=actor,
        note=decision[:1000],
        change=change,
        target=None if entries else RequestStatus.CLOSED,
        letter=not entries,
        public_note="" if entries else decision[:5000],
    )


def close_assignment(assignment, *, answer, actor=None, today=None):
    """R24: one assignment carried out, with its answer."""
    today = today or timezone.localdate()
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write how the assignment was carried out.")})
    text.refuse_controls(answer, multiline=True)

    def change(locked):
        current = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if current.closed_on is not None:
            raise ValidationError(_("This assignment is already carried out."))
        current.closed_on, current.answer, current.closed_by = today, answer, actor
        current.save(update_fields=["closed_on", "answer", "closed_by"])
        return []

    return workflow.transition(
        assignment.reception_request,
        RequestAction.ASSIGNMENT_CLOSED,
        actor=actor,
        note=f"{assignment}: {answer}"[:1000],
        change=change,
    )


def reassign(assignment, *, responsible, actor=None):
    """Give an open assignment to another worker; the one it leaves is remembered, and R26
    keeps the matter from ever coming back to a worker it was given to."""

    def change(locked):
        current = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if current.closed_on is not None:
            raise ValidationError(_("This assignment is already carried out."))
        _check_responsible(responsible, [current.responsible, *current.handled_before.all()])
        current.handled_before.add(current.responsible)
        current.responsible = responsible
        current.save(update_fields=["responsible"])
        return []

    name = responsible.get_full_name() or responsible.get_username() if responsible else ""
    return workflow.transition(
        assignment.reception_request,
        RequestAction.REASSIGN,
        actor=actor,
        note=f"{assignment}: {name}"[:1000],
        change=change,
    )


def close(reception_request, *, answer, actor=None):
    """R24 (001 p.33): the final reasoned answer to the applicant takes the request off
    control, once every assignment is carried out."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the final reasoned answer to the applicant.")})
    text.refuse_controls(answer, multiline=True)

    def change(locked):
        open_ones = locked.assignments.filter(closed_on__isnull=True)
        if open_ones.exists():
            first = open_ones.first()
            count = open_ones.count()
            raise ValidationError(
                ngettext(
                    "%(count)s assignment is not carried out yet; it is due %(date)s.",
                    "%(count)s assignments are not carried out yet; the first is due %(date)s.",
                    count,
                )
                % {"count": count, "date": date_format(first.due, "j E Y").lower()}
            )
        return []

    return workflow.transition(
        reception_request,
        RequestAction.CLOSE,
        actor=actor,
        change=change,
        public_note=answer[:5000],
    )
