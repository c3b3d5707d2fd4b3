"""Every move of ``workflow.TRANSITIONS``, through the action staff (or the applicant) take:
allowed from each of its source states, with its history entry (from, to, action, who, note),
its next deadline stored and the applicant's letter iff the action is in ``workflow.LETTERS``;
refused from every other state with ``not_allowed`` and nothing written. Parametrized over the
table, so that a new row is covered as soon as it is added (by ``workflow.transition`` itself
until it has a case below)."""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from booking.domain import actions, deadlines, notifications, protocol, signup, workflow
from booking.domain.workdays import WorkingCalendar
from booking.enums import (
    AssignmentKind,
    RefusalGround,
    RequestAction,
    RequestActor,
    RequestStatus,
)
from booking.models import Assignment, MessageStatus, OutboxMessage, ReceptionRequest
from tests.factories import OfficialFactory, ReceptionDayFactory, ReceptionRequestFactory

pytestmark = pytest.mark.django_db

A = RequestAction


@pytest.fixture
def world(django_user_model):
    calendar = WorkingCalendar.from_db()
    today = timezone.localdate()
    official = OfficialFactory()
    return SimpleNamespace(
        today=today,
        calendar=calendar,
        clerk=django_user_model.objects.create_user("clerk", first_name="Айгүл"),
        worker=django_user_model.objects.create_user("worker", first_name="Бақыт"),
        other_worker=django_user_model.objects.create_user("other", first_name="Сәуле"),
        official=official,
        # The day the request holds, another day of its official, and one already held.
        day=ReceptionDayFactory(official=official, date=calendar.add_working_days(today, 2)),
        other_day=ReceptionDayFactory(official=official, date=calendar.add_working_days(today, 3)),
        past_day=ReceptionDayFactory(official=official, date=calendar.add_working_days(today, -1)),
    )


def _set(reception_request, **fields):
    """Put the request in the condition an action's own checks want (as it would be found)."""
    for name, value in fields.items():
        setattr(reception_request, name, value)
    reception_request.save(update_fields=list(fields))


def _open_assignment(reception_request, w):
    return {
        "assignment": Assignment.objects.create(
            reception_request=reception_request,
            kind=AssignmentKind.ASSIGNMENT,
            text="Жылу беруді тексеру",
            responsible=w.worker,
            due=w.today + datetime.timedelta(days=10),
        )
    }


@dataclass
class Case:
    """How staff take *action*: ``prepare`` meets the action's own conditions (not its state),
    ``act`` calls the domain function; the history entry must carry ``note`` and contain
    ``public`` in its note to the applicant."""

    act: object
    prepare: object = None
    note: str = ""
    public: str = ""
    by_staff: bool = True
    extra: dict = field(default_factory=dict)


CASES = {
    A.WITHDRAW: Case(act=lambda r, w, c: signup.withdraw(r), by_staff=False),
    A.REVIEW: Case(act=lambda r, w, c: actions.review(r, actor=w.clerk)),
    A.NOT_CONSIDERED: Case(
        act=lambda r, w, c: actions.leave_without_consideration(
            r, reasons="Мәселенің мәні жазылмаған.", actor=w.clerk
        ),
        public="Мәселенің мәні жазылмаған.",
    ),
    A.ASK_CORRECTIONS: Case(
        act=lambda r, w, c: actions.ask_corrections(
            r, what="Пошталық мекенжайды көрсетіңіз.", actor=w.clerk, today=w.today
        ),
        public="Пошталық мекенжайды көрсетіңіз.",
    ),
    A.CORRECTED: Case(
        act=lambda r, w, c: actions.corrected(r, note="Мекенжай берілді", actor=w.clerk),
        note="Мекенжай берілді",
    ),
    A.RETURN: Case(
        prepare=lambda r, w: _set(r, corrections_due=w.today - datetime.timedelta(days=1)),
        act=lambda r, w, c: actions.return_uncorrected(r, actor=w.clerk, today=w.today),
    ),
    A.FORWARD: Case(
        act=lambda r, w, c: actions.forward(
            r, body="Облыстық жер қатынастары басқармасы", note="Жер мәселесі", actor=w.clerk
        ),
        note="Жер мәселесі",
        public="Облыстық жер қатынастары басқармасы",
    ),
    A.EXTEND: Case(
        act=lambda r, w, c: actions.extend(
            r,
            until=r.answer_due + datetime.timedelta(days=1),
            reasons="Қосымша тексеру қажет",
            reasoned_decision=True,
            actor=w.clerk,
            today=w.today,
        ),
        public="Қосымша тексеру қажет",
    ),
    A.TOLD: Case(
        prepare=lambda r, w: _set(r, notice_due=w.calendar.add_working_days(w.today, 2)),
        act=lambda r, w, c: actions.told(r, how="Телефонмен хабарланды", actor=w.clerk),
        note="Телефонмен хабарланды",
    ),
    A.REFERENCE: Case(
        act=lambda r, w, c: actions.prepare_reference(
            r, reference="Қабылдау күнін белгілеу ұсынылады.", actor=w.clerk, today=w.today
        )
    ),
    A.SCHEDULE: Case(
        act=lambda r, w, c: actions.schedule(
            r, day=w.other_day, slot_time=datetime.time(10, 30), actor=w.clerk, today=w.today
        ),
        public="10:30",
    ),
    A.PROPOSE_REFUSAL: Case(
        act=lambda r, w, c: actions.propose_refusal(
            r,
            ground=RefusalGround.REPEAT,
            draft="Жаңа дәлелдер келтірілмеген.",
            actor=w.clerk,
            today=w.today,
        ),
        public="Жаңа дәлелдер келтірілмеген.",
    ),
    A.OBJECTION: Case(
        act=lambda r, w, c: actions.record_objection(r, objection="Келіспеймін", actor=w.clerk),
        note="Келіспеймін",
    ),
    A.RECONSIDER: Case(
        act=lambda r, w, c: actions.reconsider(r, note="Қарсылық қабылданды", actor=w.clerk),
        note="Қарсылық қабылданды",
    ),
    A.REFUSE: Case(
        prepare=lambda r, w: _set(r, hearing_until=w.today, refusal_ground=RefusalGround.REPEAT),
        act=lambda r, w, c: actions.refuse(
            r, reasons="Қайталама өтініш.", actor=w.clerk, today=w.today
        ),
        public="Қайталама өтініш.",
    ),
    A.ATTENDED: Case(
        prepare=lambda r, w: _set(r, preferred_day=w.past_day),
        act=lambda r, w, c: actions.attended(r, actor=w.clerk, today=w.today),
    ),
    A.NO_SHOW: Case(
        prepare=lambda r, w: _set(r, preferred_day=w.past_day),
        act=lambda r, w, c: actions.no_show(r, actor=w.clerk, today=w.today),
    ),
    A.PROTOCOL: Case(
        act=lambda r, w, c: protocol.record_protocol(
            r,
            decision="Тексеру тапсырылды",
            entries=[
                protocol.Entry(
                    kind=AssignmentKind.ASSIGNMENT,
                    text="Жылу беруді тексеру",
                    responsible=w.worker,
                    due=w.today + datetime.timedelta(days=10),
                )
            ],
            actor=w.clerk,
            today=w.today,
        ),
        note="Тексеру тапсырылды",
    ),
    A.ASSIGNMENT_CLOSED: Case(
        prepare=_open_assignment,
        act=lambda r, w, c: protocol.close_assignment(
            c["assignment"], answer="Жылу берілді", actor=w.clerk, today=w.today
        ),
        note="Жылу берілді",
    ),
    A.REASSIGN: Case(
        prepare=_open_assignment,
        act=lambda r, w, c: protocol.reassign(
            c["assignment"], responsible=w.other_worker, actor=w.clerk
        ),
        note="Сәуле",
    ),
    A.CLOSE: Case(
        act=lambda r, w, c: protocol.close(r, answer="Түпкілікті жауап.", actor=w.clerk),
        public="Түпкілікті жауап.",
    ),
    A.SATISFACTION: Case(
        act=lambda r, w, c: actions.record_satisfaction(r, score=4, comment="Риза", actor=w.clerk),
        note="4/5 Риза",
    ),
}

# A row of the table with no case yet is still moved, by the table itself.
TABLE_ONLY = Case(act=lambda r, w, c: workflow.transition(r, c["action"], actor=w.clerk))

RULES = {
    A.NOT_CONSIDERED: ("R07",),
    A.ASK_CORRECTIONS: ("R08",),
    A.CORRECTED: ("R08",),
    A.RETURN: ("R08",),
    A.FORWARD: ("R10",),
    A.EXTEND: ("R14",),
    A.TOLD: ("R13", "R14"),
    A.REFERENCE: ("R11",),
    A.SCHEDULE: ("R12", "R13"),
    A.PROPOSE_REFUSAL: ("R15",),
    A.OBJECTION: ("R15",),
    A.RECONSIDER: ("R15",),
    A.REFUSE: ("R10", "R15"),
    A.PROTOCOL: ("R23",),
    A.ASSIGNMENT_CLOSED: ("R24",),
    A.CLOSE: ("R24",),
    A.REASSIGN: ("R26",),
    A.SATISFACTION: ("R28",),
}


def _param(action, status):
    rules = RULES.get(action)
    marks = [pytest.mark.rule(*rules)] if rules else []
    return pytest.param(action, status, marks=marks, id=f"{action}-from-{status}")


ALLOWED = [
    _param(action, status)
    for action, move in workflow.TRANSITIONS.items()
    for status in RequestStatus
    if status in move.sources
]
REFUSED = [
    _param(action, status)
    for action, move in workflow.TRANSITIONS.items()
    for status in RequestStatus
    if status not in move.sources
]


def _request_in(status, w, action):
    reception_request = ReceptionRequestFactory(
        status=status, preferred_day=w.day, registered_on=w.today
    )
    case = CASES.get(action, TABLE_ONLY)
    context = {"action": action}
    if case.prepare:
        context.update(case.prepare(reception_request, w) or {})
    return reception_request, case, context


def stored(pk):
    """Everything stored about a request: its fields, its history, its assignments, its
    messages."""
    reception_request = ReceptionRequest.objects.get(pk=pk)
    return (
        model_to_dict(reception_request, fields=[f.name for f in ReceptionRequest._meta.fields]),
        list(reception_request.events.values()),
        [
            (model_to_dict(assignment), list(assignment.handled_before.all()))
            for assignment in reception_request.assignments.all()
        ],
        list(reception_request.messages.values()),
    )


@pytest.mark.parametrize(("action", "status"), ALLOWED)
def test_every_move_is_allowed_from_each_of_its_sources(
    action, status, world, django_capture_on_commit_callbacks
):
    reception_request, case, context = _request_in(status, world, action)
    before = list(reception_request.events.values_list("pk", flat=True))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case.act(reception_request, world, context)

    reception_request.refresh_from_db()
    expected = workflow.TRANSITIONS[action].target or status
    assert reception_request.status == expected
    [event] = reception_request.events.exclude(pk__in=before)
    actor, role = (
        (world.clerk, RequestActor.STAFF) if case.by_staff else (None, RequestActor.APPLICANT)
    )
    assert (event.action, event.from_status, event.to_status, event.actor, event.actor_role) == (
        action,
        status,
        expected,
        actor,
        role,
    )
    assert case.note in event.note and (not case.note) == (not event.note)
    assert case.public in event.public_note
    # The queue's next deadline is stored with the step.
    assert (reception_request.due_on, reception_request.due_kind) == deadlines.next_deadline(
        reception_request
    )
    # The applicant's letter, and only for the actions that send one.
    assert len(mail.outbox) == (1 if action in workflow.LETTERS else 0)


@pytest.mark.parametrize(("action", "status"), REFUSED)
def test_every_move_is_refused_from_every_other_state_and_writes_nothing(
    action, status, world, django_capture_on_commit_callbacks
):
    reception_request, case, context = _request_in(status, world, action)
    places = (world.day.place_holders.count(), world.other_day.place_holders.count())
    before = stored(reception_request.pk)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        case.act(reception_request, world, context)
    assert refused.value.code == "not_allowed"
    assert refused.value.messages == [str(workflow.TRANSITIONS[action].refused)]
    assert stored(reception_request.pk) == before
    assert (world.day.place_holders.count(), world.other_day.place_holders.count()) == places
    assert mail.outbox == []  # no letter either


S = RequestStatus
OPEN = {S.REGISTERED, S.UNDER_REVIEW, S.CORRECTIONS, S.HEARING, S.SCHEDULED}

# The moves the rules allow, written out: the table may grow, but changing a move of a rule
# fails here (the tests above follow the table, whatever it says).
LEGAL_MOVES = {
    A.WITHDRAW: (OPEN, S.WITHDRAWN),
    A.REVIEW: ({S.REGISTERED}, S.UNDER_REVIEW),
    A.NOT_CONSIDERED: ({S.REGISTERED, S.UNDER_REVIEW}, S.NOT_CONSIDERED),  # R07
    A.ASK_CORRECTIONS: ({S.REGISTERED, S.UNDER_REVIEW}, S.CORRECTIONS),  # R08
    A.CORRECTED: ({S.CORRECTIONS}, S.UNDER_REVIEW),
    A.RETURN: ({S.CORRECTIONS}, S.RETURNED),
    A.FORWARD: ({S.REGISTERED, S.UNDER_REVIEW}, S.FORWARDED),  # R10
    A.EXTEND: ({S.REGISTERED, S.UNDER_REVIEW, S.CORRECTIONS, S.HEARING}, None),  # R14
    A.TOLD: (set(S) - {S.WITHDRAWN}, None),
    A.REFERENCE: ({S.UNDER_REVIEW, S.SCHEDULED}, None),  # R11
    A.SCHEDULE: ({S.UNDER_REVIEW, S.HEARING, S.SCHEDULED}, S.SCHEDULED),  # R12, R13
    A.PROPOSE_REFUSAL: ({S.UNDER_REVIEW}, S.HEARING),  # R15
    A.OBJECTION: ({S.HEARING}, None),
    A.RECONSIDER: ({S.HEARING}, S.UNDER_REVIEW),
    A.REFUSE: ({S.HEARING}, S.REFUSED),  # R15: only after the preliminary decision
    A.ATTENDED: ({S.SCHEDULED}, S.RECEIVED),
    A.NO_SHOW: ({S.SCHEDULED}, S.NO_SHOW),
    A.PROTOCOL: ({S.RECEIVED}, S.ON_CONTROL),  # R23
    A.ASSIGNMENT_CLOSED: ({S.ON_CONTROL}, None),  # R24
    A.REASSIGN: ({S.ON_CONTROL}, None),  # R26
    A.CLOSE: ({S.ON_CONTROL}, S.CLOSED),  # R24
    A.SATISFACTION: (  # R28: consulted, or declined to sign up
        {S.RECEIVED, S.ON_CONTROL, S.CLOSED, S.REFUSED, S.NOT_CONSIDERED, S.FORWARDED, S.WITHDRAWN},
        None,
    ),
}


@pytest.mark.rule("R07", "R08", "R10", "R11", "R13", "R14", "R15", "R23", "R24", "R26", "R28")
def test_the_table_allows_the_moves_of_the_rules():
    table = {
        action: (set(move.sources), move.target) for action, move in workflow.TRANSITIONS.items()
    }
    assert {action: table.get(action) for action in LEGAL_MOVES} == LEGAL_MOVES


@pytest.mark.rule("R07", "R08", "R10", "R13", "R14", "R15", "R24")
def test_the_applicant_gets_a_letter_for_these_steps():
    """Told why it is left (R07), what to correct and that it is returned (R08), where it went
    (R10), the date and time (R13), the extension (R14), the draft refusal and the refusal
    (R15), the final answer (R24), and the withdrawal the applicant asked for; the office's
    internal steps send nothing."""
    assert {
        A.WITHDRAW,
        A.NOT_CONSIDERED,
        A.ASK_CORRECTIONS,
        A.RETURN,
        A.FORWARD,
        A.EXTEND,
        A.SCHEDULE,
        A.PROPOSE_REFUSAL,
        A.REFUSE,
        A.CLOSE,
    } == workflow.LETTERS


def test_every_action_of_the_table_has_a_case():
    """Each move is taken as staff take it, with the action's own arguments and checks."""
    assert set(workflow.TRANSITIONS) - set(CASES) == set()


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("action", sorted(workflow.LETTERS))
def test_each_letter_is_queued_and_sent_in_the_requests_language(
    action, language, world, monkeypatch, django_capture_on_commit_callbacks
):
    source = sorted(workflow.TRANSITIONS[action].sources)[0]
    reception_request, case, context = _request_in(source, world, action)
    _set(reception_request, language=language)
    queued = []

    def recording_async_task(task, *args):
        queued.append((task, *args))
        return notifications_async_task(task, *args)

    notifications_async_task = notifications.async_task
    monkeypatch.setattr(notifications, "async_task", recording_async_task)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case.act(reception_request, world, context)

    event = reception_request.events.get(action=action)
    # The step's letter is an outbox row of the step, sent by the task queued on commit.
    [message] = OutboxMessage.objects.filter(event=event)
    assert queued == [(workflow.LETTER_TASK, message.pk)]
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    [letter] = mail.outbox
    assert letter.to == [reception_request.email]
    assert reception_request.number in letter.subject
    # In the request's language: its tracking link too; with what the step told the applicant.
    assert f"/{language}/reception/{reception_request.number}/" in letter.body
    assert case.public in letter.body
