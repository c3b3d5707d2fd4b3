"""The protocol of a reception and the control of what it decided (``booking.domain.protocol``):
a decision alone closes the request with the applicant's letter (R23); assignments put it under
control until every one is carried out and the final answer given (R24); appeals filed at the
reception are registered with the mark (R25) and never given to a worker who handled the matter
before (R26)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from booking.domain import protocol
from booking.enums import AssignmentKind, DeadlineKind, RequestAction, RequestStatus
from booking.models import Assignment
from tests.booking.domain.test_transitions import stored
from tests.factories import ReceptionRequestFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 12, 18)


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk")


@pytest.fixture
def workers(django_user_model):
    return [
        django_user_model.objects.create_user(username, first_name=first, last_name=last)
        for username, first, last in (
            ("aigul", "Айгүл", "Сейітова"),
            ("baqyt", "Бақыт", "Омаров"),
            ("saule", "Сәуле", "Жанова"),
        )
    ]


@pytest.fixture
def received(db):
    return ReceptionRequestFactory(received=True, number="2026-00042")


def assignment(responsible, due, text="Жылу беруді тексеру", **fields):
    return protocol.Entry(
        kind=AssignmentKind.ASSIGNMENT, text=text, responsible=responsible, due=due, **fields
    )


def appeal(responsible, due, **fields):
    return protocol.Entry(
        kind=AssignmentKind.APPEAL,
        text="Жер учаскесі туралы өтініш",
        responsible=responsible,
        due=due,
        **fields,
    )


def reloaded(reception_request):
    reception_request.refresh_from_db()
    return reception_request


def refused(call, reception_request, *args, **kwargs):
    before = stored(reception_request.pk)
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert stored(reception_request.pk) == before
    return caught.value


@pytest.mark.rule("R23")
def test_a_protocol_with_a_decision_only_closes_the_request_with_the_applicants_letter(
    received, clerk, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        protocol.record_protocol(
            received, decision="Жылу беру 1 желтоқсаннан қалпына келтірілді.", actor=clerk
        )
    reception_request = reloaded(received)
    assert reception_request.status == RequestStatus.CLOSED
    assert reception_request.protocol_decision == "Жылу беру 1 желтоқсаннан қалпына келтірілді."
    assert (reception_request.due_on, reception_request.due_kind) == (None, "")
    event = reception_request.events.get()
    assert (event.action, event.from_status, event.to_status) == (
        RequestAction.PROTOCOL,
        RequestStatus.RECEIVED,
        RequestStatus.CLOSED,
    )
    [letter] = mail.outbox
    assert "Жылу беру 1 желтоқсаннан қалпына келтірілді." in letter.body


@pytest.mark.rule("R23", "R24")
def test_a_protocol_with_assignments_puts_the_request_under_control_until_the_first_is_due(
    received, clerk, workers, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        protocol.record_protocol(
            received,
            entries=[
                assignment(workers[0], D(2027, 1, 20)),
                assignment(workers[1], D(2027, 1, 12), text="Жауап дайындау"),
            ],
            actor=clerk,
            today=TODAY,
        )
    reception_request = reloaded(received)
    assert reception_request.status == RequestStatus.ON_CONTROL
    assert (reception_request.due_on, reception_request.due_kind) == (
        D(2027, 1, 12),
        DeadlineKind.ASSIGNMENT,
    )
    assert [
        (a.kind, a.text, a.responsible, a.due, a.number, a.from_personal_reception)
        for a in reception_request.assignments.all()
    ] == [
        (AssignmentKind.ASSIGNMENT, "Жауап дайындау", workers[1], D(2027, 1, 12), "", False),
        (AssignmentKind.ASSIGNMENT, "Жылу беруді тексеру", workers[0], D(2027, 1, 20), "", False),
    ]
    # Not the final answer yet: no letter.
    assert mail.outbox == []


@pytest.mark.rule("R23")
def test_an_assignment_with_a_past_deadline_is_refused(received, clerk, workers):
    error = refused(
        protocol.record_protocol,
        received,
        received,
        entries=[assignment(workers[0], D(2027, 1, 20)), assignment(workers[1], D(2026, 12, 17))],
        actor=clerk,
        today=TODAY,
    )
    assert list(error.message_dict) == ["due"]
    assert not Assignment.objects.exists()


@pytest.mark.rule("R23")
def test_an_assignment_due_today_is_a_concrete_deadline(received, clerk, workers):
    protocol.record_protocol(
        received, entries=[assignment(workers[0], TODAY)], actor=clerk, today=TODAY
    )
    assert reloaded(received).due_on == TODAY


@pytest.mark.rule("R23")
def test_an_empty_protocol_is_refused(received, clerk):
    error = refused(protocol.record_protocol, received, received, decision="  ", actor=clerk)
    assert error.messages


@pytest.mark.rule("R25")
def test_appeals_filed_at_the_reception_are_numbered_and_marked(received, clerk, workers):
    protocol.record_protocol(
        received,
        entries=[
            appeal(workers[0], D(2027, 1, 20)),
            assignment(workers[1], D(2027, 1, 15)),
            appeal(workers[2], D(2027, 1, 25)),
        ],
        actor=clerk,
        today=TODAY,
    )
    entries = {
        entry.responsible.username: (entry.kind, entry.number, entry.from_personal_reception)
        for entry in received.assignments.all()
    }
    assert entries == {
        "aigul": (AssignmentKind.APPEAL, "2026-00042/1", True),
        "baqyt": (AssignmentKind.ASSIGNMENT, "", False),
        "saule": (AssignmentKind.APPEAL, "2026-00042/2", True),
    }


@pytest.mark.rule("R26")
def test_an_appeal_is_never_given_to_a_worker_who_handled_it_before(received, clerk, workers):
    aigul, baqyt, saule = workers
    error = refused(
        protocol.record_protocol,
        received,
        received,
        entries=[appeal(baqyt, D(2027, 1, 20), handled_before=[aigul, baqyt])],
        actor=clerk,
        today=TODAY,
    )
    assert list(error.message_dict) == ["responsible"]
    assert "Бақыт Омаров" in error.message_dict["responsible"][0]
    protocol.record_protocol(
        received,
        entries=[appeal(saule, D(2027, 1, 20), handled_before=[aigul, baqyt])],
        actor=clerk,
        today=TODAY,
    )
    [entry] = received.assignments.all()
    assert set(entry.handled_before.all()) == {aigul, baqyt}


@pytest.fixture
def on_control(received, clerk, workers):
    protocol.record_protocol(
        received,
        entries=[
            appeal(workers[0], D(2027, 1, 20)),
            assignment(workers[1], D(2027, 1, 12)),
        ],
        actor=clerk,
        today=TODAY,
    )
    return reloaded(received)


@pytest.mark.rule("R26")
def test_reassigning_refuses_the_current_and_every_former_responsible(on_control, clerk, workers):
    aigul, baqyt, saule = workers
    appeal_entry = on_control.assignments.get(kind=AssignmentKind.APPEAL)
    error = refused(protocol.reassign, on_control, appeal_entry, responsible=aigul, actor=clerk)
    assert list(error.message_dict) == ["responsible"]
    protocol.reassign(appeal_entry, responsible=baqyt, actor=clerk)
    appeal_entry.refresh_from_db()
    assert appeal_entry.responsible == baqyt
    assert set(appeal_entry.handled_before.all()) == {aigul}
    # Never back to the first one, nor to the present one.
    for former in (aigul, baqyt):
        error = refused(
            protocol.reassign, on_control, appeal_entry, responsible=former, actor=clerk
        )
        assert list(error.message_dict) == ["responsible"]
    protocol.reassign(appeal_entry, responsible=saule, actor=clerk)
    appeal_entry.refresh_from_db()
    assert appeal_entry.responsible == saule
    assert set(appeal_entry.handled_before.all()) == {aigul, baqyt}
    assert [event.action for event in on_control.events.all()][-2:] == [
        RequestAction.REASSIGN,
        RequestAction.REASSIGN,
    ]


@pytest.mark.rule("R24")
def test_the_request_is_closed_only_once_every_assignment_is_carried_out(
    on_control, clerk, django_capture_on_commit_callbacks
):
    first, second = on_control.assignments.order_by("due")
    with translation.override("ru"):
        error = refused(protocol.close, on_control, on_control, answer="Жауап", actor=clerk)
    assert "12 января 2027" in error.messages[0]

    protocol.close_assignment(first, answer="Тексерілді", actor=clerk, today=TODAY)
    reception_request = reloaded(on_control)
    # Under control until the next open assignment.
    assert (reception_request.due_on, reception_request.due_kind) == (
        second.due,
        DeadlineKind.ASSIGNMENT,
    )
    with translation.override("ru"):
        error = refused(protocol.close, on_control, on_control, answer="Жауап", actor=clerk)
    assert "20 января 2027" in error.messages[0]
    error = refused(
        protocol.close_assignment, on_control, first, answer="Тағы", actor=clerk, today=TODAY
    )
    assert error.messages

    protocol.close_assignment(second, answer="Өтініш қаралды", actor=clerk, today=TODAY)
    first.refresh_from_db()
    assert (first.closed_on, first.answer, first.closed_by) == (TODAY, "Тексерілді", clerk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        protocol.close(on_control, answer="Түпкілікті дәлелді жауап.", actor=clerk)
    reception_request = reloaded(on_control)
    assert reception_request.status == RequestStatus.CLOSED
    assert (reception_request.due_on, reception_request.due_kind) == (None, "")
    [letter] = mail.outbox
    assert "Түпкілікті дәлелді жауап." in letter.body
