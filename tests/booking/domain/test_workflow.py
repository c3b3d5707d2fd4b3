"""``booking.domain.workflow``: one table of allowed moves, one ``transition()`` that locks,
checks, changes and writes the history (from, to, action, who, note)."""

import pytest
from django.core.exceptions import ValidationError

from booking.domain import signup, workflow
from booking.domain.days import move_day
from booking.domain.workdays import WorkingCalendar
from booking.enums import ChangeReason, RequestAction, RequestActor, RequestStatus
from booking.models import ReceptionRequest
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import ReceptionDayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reception_request(db):
    day = ReceptionDayFactory()
    return signup.submit({**form_data(), "preferred_day": day, "consent": True}).reception_request


def history(reception_request):
    return [
        (event.action, event.from_status, event.to_status, event.actor_role, event.actor)
        for event in reception_request.events.all()
    ]


@pytest.mark.rule("R05")
def test_a_portal_sign_up_opens_the_history_as_the_applicant(reception_request):
    assert history(reception_request) == [
        (RequestAction.REGISTER, "", RequestStatus.REGISTERED, RequestActor.APPLICANT, None)
    ]


@pytest.mark.rule("R05")
def test_a_request_registered_by_staff_names_the_staff_member(django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    day = ReceptionDayFactory()
    registered = signup.submit(
        {**form_data(), "preferred_day": day, "consent": True}, channel="paper", actor=clerk
    ).reception_request
    assert history(registered) == [
        (RequestAction.REGISTER, "", RequestStatus.REGISTERED, RequestActor.STAFF, clerk)
    ]


def test_withdrawing_is_a_transition_with_its_history(reception_request):
    signup.withdraw(reception_request)
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.WITHDRAWN
    assert history(reception_request)[-1] == (
        RequestAction.WITHDRAW,
        RequestStatus.REGISTERED,
        RequestStatus.WITHDRAWN,
        RequestActor.APPLICANT,
        None,
    )


def test_a_move_the_table_does_not_allow_is_refused_and_writes_nothing(reception_request):
    signup.withdraw(reception_request)
    with pytest.raises(ValidationError) as caught:
        workflow.transition(reception_request, RequestAction.WITHDRAW)
    assert caught.value.code == "not_allowed"
    assert reception_request.events.count() == 2
    assert ReceptionRequest.objects.get().status == RequestStatus.WITHDRAWN


def test_the_actions_offered_are_those_of_the_table(reception_request):
    assert workflow.allowed_actions(reception_request) == [
        RequestAction.WITHDRAW,
        RequestAction.REVIEW,
        RequestAction.NOT_CONSIDERED,
        RequestAction.ASK_CORRECTIONS,
        RequestAction.FORWARD,
        RequestAction.EXTEND,
        RequestAction.TOLD,
    ]
    signup.withdraw(reception_request)
    reception_request.refresh_from_db()
    # R28: only the survey of an applicant who declined.
    assert workflow.allowed_actions(reception_request) == [RequestAction.SATISFACTION]


@pytest.mark.rule("R20")
def test_a_moved_day_is_in_the_history_of_each_applicant_with_who_moved_it(
    reception_request, django_user_model
):
    editor = django_user_model.objects.create_user("editor")
    day = reception_request.preferred_day
    target = WorkingCalendar.from_db().next_working_day(day.date)
    move_day(
        day,
        date=target,
        start_time=day.start_time,
        end_time=day.end_time,
        reason=ChangeReason.ILLNESS,
        actor=editor,
    )
    last = reception_request.events.last()
    assert (last.action, last.from_status, last.to_status) == (
        RequestAction.DAY_MOVED,
        RequestStatus.REGISTERED,
        RequestStatus.REGISTERED,
    )
    assert (last.actor_role, last.actor) == (RequestActor.STAFF, editor)
    assert last.public_note


def test_only_the_workflow_writes_a_requests_status():
    """No module but ``booking.domain.workflow`` assigns a request's status."""
    import pathlib
    import re

    writes = re.compile(r"(reception_request|request|locked)\.status\s*=[^=]")
    offenders = []
    for path in pathlib.Path("booking").rglob("*.py"):
        if "migrations" in path.parts or path.name == "workflow.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if writes.search(line):
                offenders.append(f"{path}:{number}")
    assert offenders == []
