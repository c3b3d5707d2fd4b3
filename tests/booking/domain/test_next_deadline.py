"""The next thing the office owes on a request (``deadlines.next_deadline``), for every status,
and the legal deadlines it is made of, across weekends, public holidays (Nauryz 21-25 March
2026, Independence Day 16 December) and decreed transfers (``WorkingDayOverride`` rows). What
``test_deadlines.py`` already proves is not repeated here."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from booking.domain import deadlines
from booking.domain.days import cancel_day
from booking.domain.workdays import WorkingCalendar
from booking.enums import (
    AssignmentKind,
    ChangeReason,
    DeadlineKind,
    OverrideKind,
    RequestAction,
    RequestStatus,
)
from booking.models import Assignment, RequestEvent, WorkingDayOverride
from tests.factories import ReceptionDayFactory, ReceptionRequestFactory

pytestmark = pytest.mark.django_db

D = datetime.date
S = RequestStatus
K = DeadlineKind


@pytest.fixture
def transfer(db):
    """A decreed transfer: Saturday 28 November 2026 worked, Monday 30 November off."""
    WorkingDayOverride.objects.create(
        date=D(2026, 11, 28), kind=OverrideKind.WORKING_DAY, name_kk="Жұмыс күні", name_ru="Рабочий"
    )
    WorkingDayOverride.objects.create(
        date=D(2026, 11, 30), kind=OverrideKind.DAY_OFF, name_kk="Демалыс", name_ru="Выходной"
    )
    return WorkingCalendar.from_db()


# The deadlines themselves -------------------------------------------------------------------


@pytest.mark.rule("R13")
def test_the_answer_is_due_fifteen_working_days_after_registration_across_nauryz(db):
    # Thursday 19 March 2026: 20, (21-25 off) 26, 27, 30, 31 March, 1-3, 6-10, 13, 14 April.
    assert deadlines.answer_due(D(2026, 3, 19)) == D(2026, 4, 14)
    WorkingDayOverride.objects.create(
        date=D(2026, 3, 28), kind=OverrideKind.WORKING_DAY, name_kk="Жұмыс", name_ru="Рабочий"
    )
    assert deadlines.answer_due(D(2026, 3, 19)) == D(2026, 4, 13)


@pytest.mark.rule("R13")
def test_the_answer_across_independence_day(db):
    # Tuesday 1 December 2026; 16 December is a holiday: the fifteenth working day is the 23rd.
    assert deadlines.answer_due(D(2026, 12, 1)) == D(2026, 12, 23)


@pytest.mark.rule("R12")
@pytest.mark.parametrize(
    ("reception", "final_list"),
    [
        (D(2026, 12, 17), D(2026, 12, 15)),  # over Independence Day
        (D(2026, 3, 26), D(2026, 3, 20)),  # over the Nauryz days off
        (D(2026, 3, 30), D(2026, 3, 27)),  # Monday: the Friday before
        (D(2026, 12, 1), D(2026, 11, 28)),  # Monday 30 off, Saturday 28 worked by decree
    ],
)
def test_the_final_list_goes_to_the_official_the_working_day_before(
    transfer, reception, final_list
):
    assert deadlines.final_list_due(reception) == final_list


@pytest.mark.rule("R11")
@pytest.mark.parametrize(
    ("reception", "reference"),
    [
        (D(2026, 3, 31), D(2026, 3, 19)),  # 30, 27, 26, (25-21 off) 20, 19
        (D(2026, 12, 4), D(2026, 11, 27)),  # 3, 2, 1, (30 off) 28 worked, 27
    ],
)
def test_reference_information_five_working_days_before_across_holidays_and_transfers(
    transfer, reception, reference
):
    assert deadlines.reference_due(reception) == reference


@pytest.mark.rule("R10")
def test_forwarding_within_three_working_days_across_a_decreed_transfer(transfer):
    # Thursday 26 November: Friday 27, Saturday 28 (worked), (Monday 30 off) Tuesday 1.
    assert deadlines.forwarding_due(D(2026, 11, 26)) == D(2026, 12, 1)


@pytest.mark.rule("R08")
@pytest.mark.parametrize(
    ("asked", "due"),
    [
        (D(2026, 3, 20), D(2026, 4, 1)),  # 26, 27, 30, 31 March, 1 April
        (D(2026, 12, 14), D(2026, 12, 22)),  # 15, (16 off) 17, 18, 21, 22
    ],
)
def test_corrections_default_deadline_across_holidays(db, asked, due):
    assert deadlines.corrections_due(asked) == due


@pytest.mark.rule("R14")
@pytest.mark.parametrize(
    ("extended", "notice"),
    [
        (D(2026, 3, 20), D(2026, 3, 30)),  # 26, 27, 30
        (D(2026, 12, 14), D(2026, 12, 18)),  # 15, (16 off) 17, 18
    ],
)
def test_the_extension_notice_within_three_working_days_across_holidays(db, extended, notice):
    assert deadlines.extension_notice_due(extended) == notice


@pytest.mark.rule("R14")
def test_extension_limits_are_calendar_days_and_months_whatever_the_holidays(db):
    # Nauryz does not count: 30 calendar days are 30 days.
    assert deadlines.extension_limit(D(2026, 3, 16)) == D(2026, 4, 15)
    assert deadlines.extension_limit(D(2027, 1, 31)) == D(2027, 3, 2)
    assert deadlines.extension_limit(D(2027, 1, 31), reasoned_decision=True) == D(2027, 3, 31)


@pytest.mark.rule("R15")
@pytest.mark.parametrize(
    ("sent", "decision"),
    [
        (D(2026, 3, 19), D(2026, 3, 27)),  # 20, (21-25 off) 26, 27
        (D(2026, 11, 26), D(2026, 12, 1)),  # 27, 28 worked, (30 off) 1
        (D(2026, 12, 11), D(2026, 12, 17)),  # 14, 15, (16 off) 17
    ],
)
def test_the_hearing_period_across_holidays_and_transfers(transfer, sent, decision):
    assert deadlines.hearing_ends(sent) == decision


# The next deadline of each status -----------------------------------------------------------

REGISTERED = D(2026, 3, 19)  # answer 14 April; forwarding 27 March
RECEPTION = D(2026, 3, 31)  # reference information 19 March


def _request(status, **fields):
    fields.setdefault("registered_on", REGISTERED)
    fields.setdefault("answer_due", D(2026, 4, 14))
    return ReceptionRequestFactory(status=status, **fields)


def _day():
    return ReceptionDayFactory(date=RECEPTION)


def _on_control():
    """Under control: one assignment carried out, two open (the first due 20 April)."""
    reception_request = _request(S.ON_CONTROL, preferred_day=_day())
    user = get_user_model().objects.create_user(f"worker-{reception_request.pk}")
    closed_early = (D(2026, 4, 10), D(2026, 4, 2))
    for due, closed in (closed_early, (D(2026, 5, 1), None), (D(2026, 4, 20), None)):
        Assignment.objects.create(
            reception_request=reception_request,
            kind=AssignmentKind.ASSIGNMENT,
            text="Тексеру",
            responsible=user,
            due=due,
            closed_on=closed,
        )
    return reception_request


# Each status: how a request in it is made, and what it owes next. A status with no row fails
# the completeness test below.
EXPECTED = {
    S.REGISTERED: (lambda: _request(S.REGISTERED), (D(2026, 3, 27), K.FORWARDING), "R10"),
    S.UNDER_REVIEW: (lambda: _request(S.UNDER_REVIEW), (D(2026, 4, 14), K.ANSWER), "R13"),
    S.HEARING: (
        lambda: _request(S.HEARING, hearing_until=D(2026, 3, 27)),
        (D(2026, 4, 14), K.ANSWER),
        "R13",
    ),
    S.CORRECTIONS: (
        lambda: _request(S.CORRECTIONS, corrections_due=D(2026, 3, 27)),
        (D(2026, 3, 27), K.CORRECTIONS),
        "R08",
    ),
    S.SCHEDULED: (
        lambda: _request(S.SCHEDULED, preferred_day=_day()),
        (D(2026, 3, 19), K.REFERENCE),
        "R11",
    ),
    S.RECEIVED: (
        lambda: _request(S.RECEIVED, preferred_day=_day()),
        (RECEPTION, K.PROTOCOL),
        "R23",
    ),
    S.ON_CONTROL: (_on_control, (D(2026, 4, 20), K.ASSIGNMENT), "R24"),
    **{
        status: (lambda status=status: _request(status, preferred_day=_day()), (None, ""), None)
        for status in (
            S.NO_SHOW,
            S.CLOSED,
            S.FORWARDED,
            S.REFUSED,
            S.NOT_CONSIDERED,
            S.RETURNED,
            S.WITHDRAWN,
        )
    },
}


def test_every_status_has_its_next_deadline_below():
    assert set(EXPECTED) == set(RequestStatus)


@pytest.mark.parametrize(
    "status",
    [
        pytest.param(status, marks=[pytest.mark.rule(rule)] if rule else [], id=str(status))
        for status, (_make, _expected, rule) in EXPECTED.items()
    ],
)
def test_the_next_deadline_of_each_status(status):
    make, expected, _rule = EXPECTED[status]
    assert deadlines.next_deadline(make()) == expected


@pytest.mark.rule("R12")
def test_a_scheduled_request_with_its_reference_prepared_is_next_due_at_the_reception(db):
    reception_request = _request(S.SCHEDULED, preferred_day=_day(), reference_on=D(2026, 3, 18))
    assert deadlines.next_deadline(reception_request) == (RECEPTION, K.RECEPTION)


@pytest.mark.rule("R24")
def test_a_request_under_control_with_every_assignment_closed_owes_the_final_answer_now(db):
    reception_request = _on_control()
    reception_request.assignments.update(closed_on=D(2026, 4, 21))
    assert deadlines.next_deadline(reception_request) == (None, "")


@pytest.mark.rule("R13", "R14")
@pytest.mark.parametrize(
    ("status", "notice", "expected"),
    [
        # Telling an applicant without e-mail comes before the answer...
        (S.UNDER_REVIEW, D(2026, 3, 24), (D(2026, 3, 24), K.NOTICE)),
        # ...but not before something owed earlier,
        (S.CORRECTIONS, D(2026, 3, 30), (D(2026, 3, 27), K.CORRECTIONS)),
        # and it is still owed once the request has left the office's hands.
        (S.REFUSED, D(2026, 3, 30), (D(2026, 3, 30), K.NOTICE)),
    ],
)
def test_the_notice_to_an_applicant_without_e_mail_is_a_deadline_of_its_own(
    db, status, notice, expected
):
    reception_request = _request(
        status, email="", notice_due=notice, corrections_due=D(2026, 3, 27)
    )
    assert deadlines.next_deadline(reception_request) == expected


@pytest.mark.rule("R20")
def test_a_cancelled_days_applicant_is_owed_a_new_date_counted_from_the_cancellation(db):
    day = ReceptionDayFactory()
    reception_request = ReceptionRequestFactory(scheduled=True, preferred_day=day)
    cancel_day(day, ChangeReason.ILLNESS)
    reception_request.refresh_from_db()
    assert reception_request.needs_new_date
    assert (reception_request.due_on, reception_request.due_kind) == (
        deadlines.new_date_due(timezone.localdate()),
        K.NEW_DATE,
    )
    # Cancelled on Friday 11 December 2026: due Tuesday 15 (Monday 14, Tuesday 15), and a
    # later step does not move it.
    RequestEvent.objects.filter(action=RequestAction.DAY_CANCELLED).update(
        at=datetime.datetime(2026, 12, 11, 17, 0, tzinfo=ZoneInfo("Asia/Almaty"))
    )
    for later in (D(2026, 12, 11), D(2026, 12, 17), D(2027, 1, 5)):
        assert deadlines.next_deadline(reception_request, today=later) == (
            D(2026, 12, 15),
            K.NEW_DATE,
        )
