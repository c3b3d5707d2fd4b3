"""The reception office's actions on a sign-up request (R07–R15, R28), one function each, called
by the admin's screens, tasks and tests alike. Each checks what staff typed against the rules,
then goes through ``workflow.transition()``: the row is locked, the state checked, the history
written and the applicant's letter queued in one transaction, or nothing happens and a
``ValidationError`` says why in the active language.

Notes the applicant reads (``public_note``) are written in the request's language, whatever
language the staff member's admin is in. The protocol and the control of assignments (R23–R26)
are in ``booking.domain.protocol``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from booking.domain import capacity, deadlines, text, workflow
from booking.domain.workdays import WorkingCalendar
from booking.enums import ReceptionMode, RefusalGround, RequestAction, RequestStatus
from booking.models import ReceptionRequest


def _today(today):
    return today or timezone.localdate()


def _long_date(value):
    return date_format(value, "j E Y").lower()


def _required(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    text.refuse_controls(value, multiline=True)
    return value


def _in_language(reception_request, build):
    """*build()* in the request's language: what the applicant reads."""
    with translation.override(reception_request.language):
        return build()


def review(reception_request, *, actor=None):
    """Take a registered request up for review."""
    return workflow.transition(reception_request, RequestAction.REVIEW, actor=actor)


def leave_without_consideration(reception_request, *, reasons, actor=None):
    """R07 (001 p.5): no essence of the question; the reasons go to the applicant."""
    reasons = _required(reasons, "reasons", _("Write the reasons for the applicant."))
    return workflow.transition(
        reception_request, RequestAction.NOT_CONSIDERED, actor=actor, public_note=reasons[:5000]
    )


def ask_corrections(reception_request, *, what, due=None, actor=None, today=None):
    """R08 (001 p.6; APPK art. 63): tell the applicant what is missing and by when; the default
    deadline is the setting's number of working days."""
    today = _today(today)
    what = _required(what, "what", _("Write what the applicant must correct or add."))
    due = due or deadlines.corrections_due(today)
    if due <= today:
        raise ValidationError({"due": _("The deadline for corrections must be after today.")})

    def change(locked):
        locked.corrections_asked, locked.corrections_due = what, due
        return ["corrections_asked", "corrections_due"]

    return workflow.transition(
        reception_request,
        RequestAction.ASK_CORRECTIONS,
        actor=actor,
        change=change,
        public_note=what[:5000],
    )


def corrected(reception_request, *, note="", actor=None):
    """The applicant sent the corrections: the request is reviewed again."""

    def change(locked):
        locked.corrections_due = None
        return ["corrections_due"]

    return workflow.transition(
        reception_request, RequestAction.CORRECTED, actor=actor, note=note, change=change
    )


def return_uncorrected(reception_request, *, actor=None, today=None):
    """R08: not corrected by the deadline, the request is returned to the applicant."""
    today = _today(today)

    def change(locked):
        if locked.corrections_due and locked.corrections_due >= today:
            raise ValidationError(
                _("The applicant may correct the request until %(date)s.")
                % {"date": _long_date(locked.corrections_due)}
            )
        return []

    public_note = _in_language(
        reception_request,
        lambda: _(
            "The request was not corrected by the deadline, so it is returned (Rules of "
            "personal reception, p. 6). You may send a new request."
        ),
    )
    return workflow.transition(
        reception_request,
        RequestAction.RETURN,
        actor=actor,
        change=change,
        public_note=public_note,
    )


def return_overdue_corrections(today=None):
    """The daily task: every request whose corrections deadline has passed is returned.
    Returns how many."""
    today = _today(today)
    overdue = ReceptionRequest.objects.filter(
        status=RequestStatus.CORRECTIONS, corrections_due__lt=today
    )
    returned = 0
    for reception_request in overdue:
        try:
            return_uncorrected(reception_request, today=today)
        except ValidationError:
            continue  # corrected meanwhile
        returned += 1
    return returned


def forward(reception_request, *, body, note="", actor=None):
    """R10 (001 p.15; 003 p.195): outside the body's competence, the request goes to the
    competent body (within 3 working days of registration: the queue shows that deadline)."""
    body = _required(body, "body", _("Name the body the request is forwarded to."))

    def change(locked):
        locked.forwarded_to = body[:300]
        return ["forwarded_to"]

    public_note = _in_language(
        reception_request,
        lambda: (
            _(
                "Your request is outside our competence and is forwarded to %(body)s, which will "
                "answer you (Rules of personal reception, p. 15)."
            )
            % {"body": body}
        ),
    )
    return workflow.transition(
        reception_request,
        RequestAction.FORWARD,
        actor=actor,
        note=note,
        change=change,
        public_note=public_note,
    )


def _notice_due(locked, due):
    """The day the office must tell an applicant with no e-mail (by phone or post); none when
    the letter tells them."""
    return None if locked.email else due


def extend(reception_request, *, until, reasons, reasoned_decision=False, actor=None, today=None):
    """R14 (001 p.26): move the answer deadline, up to 30 calendar days from registration for a
    complex question or two months by the head's reasoned decision; the applicant is told
    within 3 working days (by the letter, or by the office if they gave no e-mail)."""
    today = _today(today)
    reasons = _required(reasons, "reasons", _("Write the reasons for the extension."))

    if until <= today:
        raise ValidationError({"until": _("The new deadline must be after today.")})

    def change(locked):
        limit = deadlines.extension_limit(locked.registered_on, reasoned_decision)
        if until <= locked.answer_due:
            raise ValidationError(
                {
                    "until": _("The new date must be later than the current deadline, %(date)s.")
                    % {"date": _long_date(locked.answer_due)}
                }
            )
        if until > limit:
            raise ValidationError(
                {
                    "until": _("An extension may reach at most %(date)s (%(basis)s).")
                    % {
                        "date": _long_date(limit),
                        "basis": _("two months by a reasoned decision")
                        if reasoned_decision
                        else _("30 calendar days for a complex question"),
                    }
                }
            )
        locked.answer_due, locked.extended_on = until, today
        locked.notice_due = _notice_due(locked, deadlines.extension_notice_due(today))
        return ["answer_due", "extended_on", "notice_due"]

    public_note = _in_language(
        reception_request,
        lambda: (
            _("The answer is extended to %(date)s: %(reasons)s")
            % {"date": _long_date(until), "reasons": reasons}
        ),
    )
    return workflow.transition(
        reception_request,
        RequestAction.EXTEND,
        actor=actor,
        change=change,
        public_note=public_note,
    )


def told(reception_request, *, how, actor=None):
    """The office told an applicant without an e-mail by phone or post (R13, R14)."""
    how = _required(how, "how", _("Write how and when the applicant was told."))

    def change(locked):
        if locked.notice_due is None:
            raise ValidationError(_("There is nothing the applicant still has to be told."))
        locked.notice_due = None
        return ["notice_due"]

    return workflow.transition(
        reception_request, RequestAction.TOLD, actor=actor, note=how[:1000], change=change
    )


def prepare_reference(reception_request, *, reference, actor=None, today=None):
    """R11 (001 p.22): the reference information with a proposal (a date or a refusal), due 5
    working days before the reception."""
    today = _today(today)
    reference = _required(reference, "reference", _("Write the reference information."))

    def change(locked):
        locked.reference, locked.reference_on = reference, today
        return ["reference", "reference_on"]

    return workflow.transition(
        reception_request, RequestAction.REFERENCE, actor=actor, change=change
    )


MODES_A_DAY_TAKES = {
    ReceptionMode.IN_PERSON: {ReceptionMode.IN_PERSON, ReceptionMode.EITHER},
    ReceptionMode.VIDEO: {ReceptionMode.VIDEO, ReceptionMode.EITHER},
}


def _check_slot(locked, day, slot_time, mode, video_link):
    if mode not in MODES_A_DAY_TAKES:
        raise ValidationError({"mode": _("Choose in person or by video conference.")})
    if slot_time is None or not day.start_time <= slot_time < day.end_time:
        raise ValidationError(
            {
                "slot_time": _("The time must be within the reception, %(start)s–%(end)s.")
                % {"start": f"{day.start_time:%H:%M}", "end": f"{day.end_time:%H:%M}"}
            }
        )
    taken = (
        day.place_holders.filter(status=RequestStatus.SCHEDULED, slot_time=slot_time)
        .exclude(pk=locked.pk)
        .exists()
    )
    if taken:
        raise ValidationError({"slot_time": _("Another applicant is received at this time.")})
    if day.mode not in MODES_A_DAY_TAKES[mode]:
        raise ValidationError({"mode": _("This reception day is not held this way.")})
    if mode == ReceptionMode.VIDEO:
        if not locked.video_consent:
            raise ValidationError(
                {"mode": _("The applicant has not agreed to a video conference.")}
            )
        if not video_link:
            raise ValidationError({"video_link": _("Give the link to the video conference.")})
    elif video_link:
        raise ValidationError({"video_link": _("A link is given only for a video conference.")})


def schedule(
    reception_request,
    *,
    day,
    slot_time,
    mode=ReceptionMode.IN_PERSON,
    video_link="",
    invited_bodies="",
    actor=None,
    today=None,
):
    """R11–R13, R21 (001 p.17, p.23–25): put the request on a reception day of its official at
    a time within it, in person or by video link (the link goes only to the applicant), with
    the other bodies that take part. The place is taken under the same lock as a sign-up, so
    two staff members can never both give the last place."""
    today = _today(today)
    if day is None:
        raise ValidationError({"day": _("Choose a reception day of the request's official.")})
    invited_bodies = (invited_bodies or "").strip()
    text.refuse_controls(invited_bodies)

    def change(locked):
        if locked.official_id and day.official.translation_key != locked.official.translation_key:
            raise ValidationError({"day": _("Choose a reception day of the request's official.")})
        if day.pk == locked.preferred_day_id:
            held = capacity.lock_day(day)
            if not capacity.is_open_for_sign_up(held):
                raise ValidationError({"day": capacity.DAY_UNAVAILABLE})
        else:
            try:
                held = capacity.hold_place(day)
            except capacity.DayFull as error:
                raise ValidationError({"day": error.messages}) from error
        _check_slot(locked, held, slot_time, mode, video_link)
        locked.preferred_day, locked.official = held, held.official
        locked.slot_time, locked.mode, locked.video_link = slot_time, mode, video_link
        locked.invited_bodies, locked.needs_new_date = invited_bodies, False
        # Scheduled from the hearing: the proposed refusal is dropped (the objection stays).
        locked.refusal_ground, locked.hearing_until = "", None
        calendar = WorkingCalendar.from_db()
        locked.notice_due = _notice_due(locked, deadlines.date_notice_due(today, calendar))
        return [
            "preferred_day",
            "official",
            "slot_time",
            "mode",
            "video_link",
            "invited_bodies",
            "needs_new_date",
            "notice_due",
            "refusal_ground",
            "hearing_until",
        ]

    public_note = _in_language(
        reception_request,
        lambda: (
            _("Your reception: %(date)s at %(time)s.")
            % {"date": _long_date(day.date), "time": f"{slot_time:%H:%M}"}
        ),
    )
    with transaction.atomic():
        # The day before the request, in the order sign-up and cancel_day lock them: two
        # transactions never wait for each other's row.
        capacity.lock_day(day)
        return workflow.transition(
            reception_request,
            RequestAction.SCHEDULE,
            actor=actor,
            change=change,
            public_note=public_note,
        )


def propose_refusal(reception_request, *, ground, draft, actor=None, today=None):
    """R15 (001 p.28–29; APPK art. 73): the preliminary decision to refuse, on a ground of R10,
    goes to the applicant, who may object during the hearing period."""
    today = _today(today)
    if ground not in RefusalGround.values:
        raise ValidationError({"ground": _("Choose the ground for the refusal.")})
    draft = _required(draft, "draft", _("Write the preliminary decision for the applicant."))
    hearing_until = deadlines.hearing_ends(today)

    def change(locked):
        # An objection to an earlier draft is kept: nothing the applicant said is lost.
        locked.refusal_ground, locked.hearing_until = ground, hearing_until
        return ["refusal_ground", "hearing_until"]

    return workflow.transition(
        reception_request,
        RequestAction.PROPOSE_REFUSAL,
        actor=actor,
        change=change,
        public_note=draft[:5000],
    )


def record_objection(reception_request, *, objection, actor=None):
    """The applicant's objection during the hearing, as they gave it (by phone, in writing)."""
    objection = _required(objection, "objection", _("Write the applicant's objection."))

    def change(locked):
        locked.objection = "\n\n".join(part for part in (locked.objection, objection) if part)
        return ["objection"]

    return workflow.transition(
        reception_request,
        RequestAction.OBJECTION,
        actor=actor,
        note=objection[:1000],
        change=change,
    )


def reconsider(reception_request, *, note="", actor=None):
    """The objection is accepted: the request goes back to review, the draft withdrawn."""

    def change(locked):
        locked.refusal_ground, locked.hearing_until = "", None
        return ["refusal_ground", "hearing_until"]

    return workflow.transition(
        reception_request, RequestAction.RECONSIDER, actor=actor, note=note, change=change
    )


def refuse(reception_request, *, reasons, actor=None, today=None):
    """R10, R15: the reasoned refusal, only once the hearing period has passed."""
    today = _today(today)
    reasons = _required(reasons, "reasons", _("Write the reasons for the refusal."))

    def change(locked):
        if locked.hearing_until and today < locked.hearing_until:
            raise ValidationError(
                _(
                    "The applicant may object until the hearing ends: the refusal can be "
                    "decided from %(date)s."
                )
                % {"date": _long_date(locked.hearing_until)}
            )
        return []

    return workflow.transition(
        reception_request,
        RequestAction.REFUSE,
        actor=actor,
        change=change,
        public_note=reasons[:5000],
    )


def _on_or_after_the_day(today):
    def change(locked):
        day = locked.preferred_day
        if day is None:
            raise ValidationError(
                _("The request has no reception day (it was cancelled): set a new date first.")
            )
        if day.date > today:
            raise ValidationError(
                _("The reception is on %(date)s: mark it on that day or later.")
                % {"date": _long_date(day.date)}
            )
        return []

    return change


def attended(reception_request, *, actor=None, today=None):
    """On the day: the applicant came and was received."""
    change = _on_or_after_the_day(_today(today))
    return workflow.transition(
        reception_request, RequestAction.ATTENDED, actor=actor, change=change
    )


def no_show(reception_request, *, actor=None, today=None):
    """On the day: the applicant did not come."""
    change = _on_or_after_the_day(_today(today))
    return workflow.transition(reception_request, RequestAction.NO_SHOW, actor=actor, change=change)


def record_satisfaction(reception_request, *, score, comment="", actor=None, actor_role=None):
    """R28 (001 p.36): the result of the phone survey of an applicant who was consulted or
    declined: a score from 1 to 5 and a comment (*actor_role* applicant: by the survey link)."""
    if isinstance(score, bool) or score not in range(1, 6):
        raise ValidationError({"score": _("The score is a whole number from 1 to 5.")})
    comment = (comment or "").strip()
    text.refuse_controls(comment, multiline=True)

    def change(locked):
        locked.satisfaction, locked.satisfaction_comment = score, comment[:500]
        return ["satisfaction", "satisfaction_comment"]

    return workflow.transition(
        reception_request,
        RequestAction.SATISFACTION,
        actor=actor,
        actor_role=actor_role,
        note=f"{score}/5 {comment}".strip()[:1000],
        change=change,
    )
