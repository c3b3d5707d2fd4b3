"""The reception office's actions on a request (``booking.domain.actions``), each with what it
checks: corrections and their deadline (R08), forwarding (R10), extensions (R14), the date and
time on a day of the official (R11-R13, R19, R21), the hearing before a refusal (R15), the day
of the reception, and the satisfaction survey (R28). A refused action leaves everything as it
was."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from booking.domain import actions, deadlines
from booking.domain.workdays import WorkingCalendar
from booking.enums import (
    DayStatus,
    DeadlineKind,
    ReceptionMode,
    RefusalGround,
    RequestAction,
    RequestActor,
    RequestStatus,
)
from booking.models import ReceptionSettings
from tests.booking.domain.test_transitions import stored
from tests.factories import OfficialFactory, ReceptionDayFactory, ReceptionRequestFactory

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk")


def reloaded(reception_request):
    reception_request.refresh_from_db()
    return reception_request


def refused(call, *args, **kwargs):
    """The ValidationError an action raises, and proof that it wrote nothing."""
    reception_request = args[0]
    before = stored(reception_request.pk)
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert stored(reception_request.pk) == before
    return caught.value


# R08: corrections ---------------------------------------------------------------------------


@pytest.mark.rule("R08")
def test_corrections_are_asked_with_the_settings_deadline_by_default(clerk):
    reception_settings = ReceptionSettings.load()
    reception_settings.corrections_days = 2
    reception_settings.save()
    reception_request = ReceptionRequestFactory(under_review=True)
    # Friday 20 March 2026; 21-25 March are Nauryz days off: Thursday 26, Friday 27.
    actions.ask_corrections(
        reception_request, what="Пошталық мекенжайды көрсетіңіз.", actor=clerk, today=D(2026, 3, 20)
    )
    reception_request = reloaded(reception_request)
    assert reception_request.status == RequestStatus.CORRECTIONS
    assert reception_request.corrections_asked == "Пошталық мекенжайды көрсетіңіз."
    assert reception_request.corrections_due == D(2026, 3, 27)
    assert (reception_request.due_on, reception_request.due_kind) == (
        D(2026, 3, 27),
        DeadlineKind.CORRECTIONS,
    )


@pytest.mark.rule("R08")
def test_staff_may_give_a_later_deadline_for_corrections(clerk):
    reception_request = ReceptionRequestFactory()
    actions.ask_corrections(
        reception_request, what="Қолын қойыңыз.", due=D(2026, 4, 10), today=D(2026, 3, 20)
    )
    assert reloaded(reception_request).corrections_due == D(2026, 4, 10)


@pytest.mark.rule("R08")
@pytest.mark.parametrize("days", [0, -1], ids=["today", "past"])
def test_a_corrections_deadline_of_today_or_past_is_refused(clerk, days):
    today = D(2026, 3, 20)
    reception_request = ReceptionRequestFactory(under_review=True)
    error = refused(
        actions.ask_corrections,
        reception_request,
        what="Қолын қойыңыз.",
        due=today + datetime.timedelta(days=days),
        actor=clerk,
        today=today,
    )
    assert list(error.message_dict) == ["due"]


@pytest.mark.rule("R08")
def test_a_corrected_request_goes_back_to_review(clerk):
    reception_request = ReceptionRequestFactory(
        status=RequestStatus.CORRECTIONS, corrections_due=D(2026, 3, 27)
    )
    actions.corrected(reception_request, note="Мекенжай берілді", actor=clerk)
    reception_request = reloaded(reception_request)
    assert reception_request.status == RequestStatus.UNDER_REVIEW
    assert reception_request.corrections_due is None
    assert reception_request.due_kind == DeadlineKind.ANSWER


@pytest.mark.rule("R08")
def test_staff_cannot_return_a_request_before_its_corrections_deadline(clerk):
    reception_request = ReceptionRequestFactory(
        status=RequestStatus.CORRECTIONS, corrections_due=D(2026, 3, 27)
    )
    with translation.override("ru"):
        error = refused(
            actions.return_uncorrected, reception_request, actor=clerk, today=D(2026, 3, 27)
        )
    assert "27 марта 2026" in error.messages[0]
    actions.return_uncorrected(reception_request, actor=clerk, today=D(2026, 3, 30))
    assert reloaded(reception_request).status == RequestStatus.RETURNED


@pytest.mark.rule("R08")
def test_the_daily_return_takes_only_requests_past_their_deadline(
    django_capture_on_commit_callbacks,
):
    today = D(2026, 3, 27)
    overdue = ReceptionRequestFactory(
        status=RequestStatus.CORRECTIONS, corrections_due=D(2026, 3, 26), language="ru"
    )
    due_today = ReceptionRequestFactory(status=RequestStatus.CORRECTIONS, corrections_due=today)
    # A deadline once set but the request corrected since: not returned.
    reviewed = ReceptionRequestFactory(under_review=True, corrections_due=D(2026, 3, 26))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.return_overdue_corrections(today=today) == 1
    assert [reloaded(r).status for r in (overdue, due_today, reviewed)] == [
        RequestStatus.RETURNED,
        RequestStatus.CORRECTIONS,
        RequestStatus.UNDER_REVIEW,
    ]
    event = overdue.events.get()
    assert (event.action, event.actor, event.actor_role) == (
        RequestAction.RETURN,
        None,
        RequestActor.SYSTEM,
    )
    [letter] = mail.outbox
    assert letter.to == [overdue.email]


# R10: forwarding ----------------------------------------------------------------------------


@pytest.mark.rule("R10")
def test_forwarding_records_the_body_and_the_letter_says_where(
    clerk, django_capture_on_commit_callbacks
):
    reception_request = ReceptionRequestFactory(language="ru")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.forward(
            reception_request, body="Департамент полиции области", note="Вопрос МВД", actor=clerk
        )
    reception_request = reloaded(reception_request)
    assert reception_request.status == RequestStatus.FORWARDED
    assert reception_request.forwarded_to == "Департамент полиции области"
    assert (reception_request.due_on, reception_request.due_kind) == (None, "")
    [letter] = mail.outbox
    assert "Департамент полиции области" in letter.body


@pytest.mark.rule("R10")
def test_forwarding_needs_the_body(clerk):
    error = refused(actions.forward, ReceptionRequestFactory(), body="  ", actor=clerk)
    assert list(error.message_dict) == ["body"]


# R14: extension -----------------------------------------------------------------------------

REGISTERED = D(2026, 3, 16)  # Monday; the answer is due Thursday 9 April (15 working days)
EXTENDED = D(2026, 3, 20)  # Friday before Nauryz


@pytest.fixture
def complex_request(db):
    return ReceptionRequestFactory(
        under_review=True,
        registered_on=REGISTERED,
        answer_due=deadlines.answer_due(REGISTERED),
    )


@pytest.mark.rule("R14")
def test_a_complex_question_is_extended_up_to_thirty_days_from_registration(complex_request, clerk):
    actions.extend(
        complex_request, until=D(2026, 4, 15), reasons="Күрделі мәселе", actor=clerk, today=EXTENDED
    )
    reception_request = reloaded(complex_request)
    assert (reception_request.answer_due, reception_request.extended_on) == (
        D(2026, 4, 15),
        EXTENDED,
    )
    assert reception_request.status == RequestStatus.UNDER_REVIEW
    assert (reception_request.due_on, reception_request.due_kind) == (
        D(2026, 4, 15),
        DeadlineKind.ANSWER,
    )
    # The applicant has an e-mail: the letter tells them, the office owes no call.
    assert reception_request.notice_due is None


@pytest.mark.rule("R14")
def test_beyond_thirty_days_only_a_reasoned_decision_extends_up_to_two_months(
    complex_request, clerk
):
    error = refused(
        actions.extend,
        complex_request,
        until=D(2026, 4, 16),
        reasons="Күрделі мәселе",
        actor=clerk,
        today=EXTENDED,
    )
    assert list(error.message_dict) == ["until"]
    error = refused(
        actions.extend,
        complex_request,
        until=D(2026, 5, 17),
        reasons="Мән-жайларды анықтау қажет",
        reasoned_decision=True,
        actor=clerk,
        today=EXTENDED,
    )
    assert list(error.message_dict) == ["until"]
    actions.extend(
        complex_request,
        until=D(2026, 5, 16),
        reasons="Мән-жайларды анықтау қажет",
        reasoned_decision=True,
        actor=clerk,
        today=EXTENDED,
    )
    assert reloaded(complex_request).answer_due == D(2026, 5, 16)


@pytest.mark.rule("R14")
@pytest.mark.parametrize("until", [D(2026, 4, 9), D(2026, 4, 8)], ids=["same", "earlier"])
def test_an_extension_not_later_than_the_current_deadline_is_refused(complex_request, clerk, until):
    with translation.override("ru"):
        error = refused(
            actions.extend,
            complex_request,
            until=until,
            reasons="Күрделі мәселе",
            actor=clerk,
            today=EXTENDED,
        )
    assert "9 апреля 2026" in error.message_dict["until"][0]


@pytest.mark.rule("R14")
def test_an_extension_to_a_past_date_is_refused(clerk):
    overdue = ReceptionRequestFactory(
        under_review=True, registered_on=D(2026, 3, 2), answer_due=D(2026, 3, 20)
    )
    error = refused(
        actions.extend, overdue, until=D(2026, 3, 25), reasons="Күрделі", today=D(2026, 3, 26)
    )
    assert list(error.message_dict) == ["until"]


@pytest.mark.rule("R14")
def test_an_applicant_without_e_mail_is_told_of_the_extension_within_three_working_days(
    clerk, django_capture_on_commit_callbacks
):
    reception_request = ReceptionRequestFactory(
        under_review=True,
        registered_on=REGISTERED,
        answer_due=deadlines.answer_due(REGISTERED),
        email="",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.extend(
            reception_request,
            until=D(2026, 4, 15),
            reasons="Күрделі мәселе",
            actor=clerk,
            today=EXTENDED,
        )
    reception_request = reloaded(reception_request)
    # Friday 20 March; Nauryz 21-25: Thursday 26, Friday 27, Monday 30.
    assert reception_request.notice_due == D(2026, 3, 30)
    assert (reception_request.due_on, reception_request.due_kind) == (
        D(2026, 3, 30),
        DeadlineKind.NOTICE,
    )
    assert mail.outbox == []
    actions.told(reception_request, how="Телефонмен, 26 наурыз", actor=clerk)
    reception_request = reloaded(reception_request)
    assert reception_request.notice_due is None
    assert (reception_request.due_on, reception_request.due_kind) == (
        D(2026, 4, 15),
        DeadlineKind.ANSWER,
    )
    # Told once: nothing more to tell.
    error = refused(actions.told, reception_request, how="Тағы да", actor=clerk)
    assert error.messages


# R11-R13, R19, R21: the date and time -------------------------------------------------------


@pytest.fixture
def official(db):
    return OfficialFactory()


@pytest.fixture
def day(official):
    """A reception day of the request's official two weeks ahead, 10:00-12:00."""
    date = WorkingCalendar.from_db().add_working_days(timezone.localdate(), 10)
    return ReceptionDayFactory(official=official, date=date, mode=ReceptionMode.EITHER)


@pytest.fixture
def under_review(day):
    return ReceptionRequestFactory(under_review=True, preferred_day=day, video_consent=True)


@pytest.mark.rule("R12", "R13")
def test_a_request_is_scheduled_on_a_day_of_its_official_at_a_time_within_it(
    under_review, day, official, clerk
):
    other_day = ReceptionDayFactory(official=official, date=day.date + datetime.timedelta(1))
    today = timezone.localdate()
    actions.schedule(under_review, day=other_day, slot_time=T(11, 30), actor=clerk, today=today)
    reception_request = reloaded(under_review)
    assert reception_request.status == RequestStatus.SCHEDULED
    assert (reception_request.preferred_day, reception_request.slot_time) == (
        other_day,
        T(11, 30),
    )
    assert reception_request.mode == ReceptionMode.IN_PERSON
    # The place moved with it: the day it held is free again.
    assert (day.place_holders.count(), other_day.place_holders.count()) == (0, 1)
    assert reception_request.notice_due is None  # the letter tells the applicant
    event = reception_request.events.get()
    assert (event.from_status, event.to_status, event.actor) == (
        RequestStatus.UNDER_REVIEW,
        RequestStatus.SCHEDULED,
        clerk,
    )


@pytest.mark.rule("R11")
def test_the_reference_information_is_due_five_working_days_before_the_reception(
    under_review, day, clerk
):
    actions.schedule(under_review, day=day, slot_time=T(10, 0), actor=clerk)
    reception_request = reloaded(under_review)
    assert (reception_request.due_on, reception_request.due_kind) == (
        deadlines.reference_due(day.date),
        DeadlineKind.REFERENCE,
    )
    assert deadlines.reference_due(day.date) == WorkingCalendar.from_db().add_working_days(
        day.date, -5
    )
    actions.prepare_reference(
        reception_request, reference="Қабылдау күнін белгілеу ұсынылады.", actor=clerk
    )
    reception_request = reloaded(reception_request)
    assert reception_request.reference == "Қабылдау күнін белгілеу ұсынылады."
    assert reception_request.reference_on == timezone.localdate()
    assert (reception_request.due_on, reception_request.due_kind) == (
        day.date,
        DeadlineKind.RECEPTION,
    )


@pytest.mark.rule("R21")
def test_the_other_bodies_taking_part_are_stored(under_review, day, clerk):
    actions.schedule(
        under_review,
        day=day,
        slot_time=T(10, 0),
        invited_bodies="Облыс прокуратурасы, Полиция департаменті",
        actor=clerk,
    )
    assert reloaded(under_review).invited_bodies == "Облыс прокуратурасы, Полиция департаменті"


@pytest.mark.rule("R19")
def test_a_video_reception_keeps_its_link(under_review, day, clerk):
    actions.schedule(
        under_review,
        day=day,
        slot_time=T(10, 0),
        mode=ReceptionMode.VIDEO,
        video_link="https://meet.example.kz/room-17",
        actor=clerk,
    )
    reception_request = reloaded(under_review)
    assert (reception_request.mode, reception_request.video_link) == (
        ReceptionMode.VIDEO,
        "https://meet.example.kz/room-17",
    )


@pytest.mark.rule("R12")
def test_a_request_that_holds_a_place_on_the_day_needs_no_second_one(official, clerk):
    date = WorkingCalendar.from_db().add_working_days(timezone.localdate(), 10)
    last_place = ReceptionDayFactory(official=official, date=date, capacity=1)
    holder = ReceptionRequestFactory(under_review=True, preferred_day=last_place)
    actions.schedule(holder, day=last_place, slot_time=T(10, 0), actor=clerk)
    assert reloaded(holder).status == RequestStatus.SCHEDULED
    assert last_place.place_holders.count() == 1


@pytest.mark.rule("R13")
def test_an_applicant_without_e_mail_is_told_the_date_within_two_working_days(day, clerk):
    reception_request = ReceptionRequestFactory(under_review=True, preferred_day=day, email="")
    today = timezone.localdate()
    actions.schedule(reception_request, day=day, slot_time=T(10, 0), actor=clerk, today=today)
    reception_request = reloaded(reception_request)
    told_by = WorkingCalendar.from_db().add_working_days(today, 2)
    assert reception_request.notice_due == told_by
    # Owed before the reference information and the reception: the first in the queue.
    assert (reception_request.due_on, reception_request.due_kind) == (
        told_by,
        DeadlineKind.NOTICE,
    )


@pytest.mark.rule("R15")
def test_scheduling_from_the_hearing_drops_the_proposed_refusal(day, clerk):
    reception_request = ReceptionRequestFactory(
        status=RequestStatus.HEARING,
        preferred_day=day,
        refusal_ground=RefusalGround.REPEAT,
        hearing_until=timezone.localdate(),
        objection="Жаңа дәлелдер бар",
    )
    actions.schedule(reception_request, day=day, slot_time=T(10, 0), actor=clerk)
    reception_request = reloaded(reception_request)
    assert (reception_request.refusal_ground, reception_request.hearing_until) == ("", None)
    assert reception_request.objection == "Жаңа дәлелдер бар"


def _outside_hours(w):
    return {"slot_time": T(9, 30)}, "slot_time"


def _at_the_end(w):
    return {"slot_time": T(12, 0)}, "slot_time"


def _slot_given_to_another(w):
    ReceptionRequestFactory(scheduled=True, preferred_day=w.day, slot_time=T(10, 0))
    return {}, "slot_time"


def _full_day(w):
    date = w.day.date + datetime.timedelta(days=1)
    full = ReceptionDayFactory(official=w.official, date=date, capacity=1)
    ReceptionRequestFactory(under_review=True, preferred_day=full)
    return {"day": full}, "day"


def _cancelled_day(w):
    return {"day": ReceptionDayFactory(official=w.official, status=DayStatus.CANCELLED)}, "day"


def _ended_day(w):
    past = WorkingCalendar.from_db().add_working_days(timezone.localdate(), -1)
    return {"day": ReceptionDayFactory(official=w.official, date=past)}, "day"


def _another_officials_day(w):
    return {"day": ReceptionDayFactory()}, "day"


def _video_without_consent(w):
    w.request.video_consent = False
    w.request.save(update_fields=["video_consent"])
    return {"mode": ReceptionMode.VIDEO, "video_link": "https://meet.example.kz/1"}, "mode"


def _video_without_link(w):
    return {"mode": ReceptionMode.VIDEO, "video_link": ""}, "video_link"


def _link_for_in_person(w):
    return {"mode": ReceptionMode.IN_PERSON, "video_link": "https://meet.example.kz/1"}, (
        "video_link"
    )


def _video_on_an_in_person_day(w):
    in_person = ReceptionDayFactory(official=w.official, mode=ReceptionMode.IN_PERSON)
    kwargs = {"day": in_person, "mode": ReceptionMode.VIDEO, "video_link": "https://m.kz/1"}
    return kwargs, "mode"


def _in_person_on_a_video_day(w):
    return {"day": ReceptionDayFactory(official=w.official, mode=ReceptionMode.VIDEO)}, "mode"


def _neither_mode(w):
    return {"mode": ReceptionMode.EITHER}, "mode"


SCHEDULE_REFUSALS = [
    pytest.param(_outside_hours, marks=pytest.mark.rule("R12", "R13")),
    pytest.param(_at_the_end, marks=pytest.mark.rule("R12", "R13")),
    pytest.param(_slot_given_to_another, marks=pytest.mark.rule("R12", "R13")),
    pytest.param(_full_day, marks=pytest.mark.rule("R12", "R13")),
    pytest.param(_cancelled_day, marks=pytest.mark.rule("R12", "R13", "R20")),
    pytest.param(_ended_day, marks=pytest.mark.rule("R12", "R13")),
    pytest.param(_another_officials_day, marks=pytest.mark.rule("R12", "R13")),
    pytest.param(_video_without_consent, marks=pytest.mark.rule("R19")),
    pytest.param(_video_without_link, marks=pytest.mark.rule("R19")),
    pytest.param(_link_for_in_person, marks=pytest.mark.rule("R19")),
    pytest.param(_video_on_an_in_person_day, marks=pytest.mark.rule("R19")),
    pytest.param(_in_person_on_a_video_day, marks=pytest.mark.rule("R19")),
    pytest.param(_neither_mode, marks=pytest.mark.rule("R19")),
]


@pytest.mark.parametrize("situation", SCHEDULE_REFUSALS)
def test_scheduling_is_refused_with_nothing_half_done(
    situation, under_review, day, official, clerk
):
    w = SimpleNamespace(day=day, official=official, request=under_review)
    overrides, field = situation(w)
    kwargs = {"day": day, "slot_time": T(10, 0), "actor": clerk, **overrides}
    target = kwargs["day"]
    places = target.place_holders.count()
    error = refused(actions.schedule, under_review, **kwargs)
    assert list(error.message_dict) == [field]
    # The request keeps its state and its day; the day chosen lost no place.
    assert reloaded(under_review).status == RequestStatus.UNDER_REVIEW
    assert target.place_holders.count() == places


# R15: the hearing before a refusal ----------------------------------------------------------

DRAFT_SENT = D(2026, 12, 11)  # Friday; three working days: 14, 15, (16 off) 17 December


@pytest.mark.rule("R10", "R15")
def test_a_refusal_is_first_proposed_with_its_ground_and_a_draft(clerk):
    reception_request = ReceptionRequestFactory(under_review=True)
    actions.propose_refusal(
        reception_request,
        ground=RefusalGround.COURT_ACT,
        draft="Сол мәселе бойынша заңды күшіне енген сот шешімі бар.",
        actor=clerk,
        today=DRAFT_SENT,
    )
    reception_request = reloaded(reception_request)
    assert reception_request.status == RequestStatus.HEARING
    assert reception_request.refusal_ground == RefusalGround.COURT_ACT
    assert reception_request.hearing_until == D(2026, 12, 17)
    assert reception_request.events.get().public_note == (
        "Сол мәселе бойынша заңды күшіне енген сот шешімі бар."
    )


@pytest.mark.rule("R10", "R15")
@pytest.mark.parametrize("ground", ["", "dislike"])
def test_a_refusal_needs_a_ground_of_the_reglament(clerk, ground):
    error = refused(
        actions.propose_refusal,
        ReceptionRequestFactory(under_review=True),
        ground=ground,
        draft="Жоба",
        actor=clerk,
        today=DRAFT_SENT,
    )
    assert list(error.message_dict) == ["ground"]


@pytest.fixture
def in_hearing(clerk):
    reception_request = ReceptionRequestFactory(under_review=True)
    actions.propose_refusal(
        reception_request,
        ground=RefusalGround.REPEAT,
        draft="Жаңа дәлелдер келтірілмеген.",
        actor=clerk,
        today=DRAFT_SENT,
    )
    return reloaded(reception_request)


@pytest.mark.rule("R15")
@pytest.mark.parametrize("today", [DRAFT_SENT, D(2026, 12, 15), D(2026, 12, 16)])
def test_the_refusal_before_the_hearing_ends_is_refused_with_the_day_it_can_be_decided(
    in_hearing, clerk, today
):
    with translation.override("ru"):
        error = refused(actions.refuse, in_hearing, reasons="Қайталама", actor=clerk, today=today)
    assert "17 декабря 2026" in error.messages[0]


@pytest.mark.rule("R15")
@pytest.mark.parametrize("today", [D(2026, 12, 17), D(2026, 12, 18)], ids=["that day", "after"])
def test_the_refusal_is_decided_once_the_hearing_has_ended(in_hearing, clerk, today):
    actions.refuse(in_hearing, reasons="Қайталама өтініш.", actor=clerk, today=today)
    reception_request = reloaded(in_hearing)
    assert reception_request.status == RequestStatus.REFUSED
    assert (reception_request.due_on, reception_request.due_kind) == (None, "")


@pytest.mark.rule("R15")
def test_the_objection_is_recorded_and_kept_and_reconsidering_goes_back_to_review(
    in_hearing, clerk
):
    actions.record_objection(in_hearing, objection="Жаңа құжаттар бар.", actor=clerk)
    actions.record_objection(in_hearing, objection="Куәлер бар.", actor=clerk)
    assert reloaded(in_hearing).objection == "Жаңа құжаттар бар.\n\nКуәлер бар."
    actions.reconsider(in_hearing, note="Қарсылық негізді", actor=clerk)
    reception_request = reloaded(in_hearing)
    assert reception_request.status == RequestStatus.UNDER_REVIEW
    assert (reception_request.refusal_ground, reception_request.hearing_until) == ("", None)
    assert reception_request.due_kind == DeadlineKind.ANSWER
    # Proposed again later: what the applicant said before is still there.
    actions.propose_refusal(
        reception_request,
        ground=RefusalGround.COMPETENCE,
        draft="Құзыретке жатпайды.",
        actor=clerk,
        today=DRAFT_SENT,
    )
    actions.refuse(reception_request, reasons="Құзыретке жатпайды.", today=D(2026, 12, 17))
    assert reloaded(reception_request).objection == "Жаңа құжаттар бар.\n\nКуәлер бар."
    assert [event.action for event in reception_request.events.all()] == [
        RequestAction.PROPOSE_REFUSAL,
        RequestAction.OBJECTION,
        RequestAction.OBJECTION,
        RequestAction.RECONSIDER,
        RequestAction.PROPOSE_REFUSAL,
        RequestAction.REFUSE,
    ]


# On the day of the reception ----------------------------------------------------------------

RECEPTION_DAY = D(2026, 12, 17)


@pytest.fixture
def scheduled(official):
    day = ReceptionDayFactory(official=official, date=RECEPTION_DAY)
    return ReceptionRequestFactory(scheduled=True, preferred_day=day, slot_time=T(10, 0))


MARKS = [
    pytest.param(actions.attended, RequestStatus.RECEIVED, id="attended"),
    pytest.param(actions.no_show, RequestStatus.NO_SHOW, id="no_show"),
]


@pytest.mark.parametrize(("mark", "status"), MARKS)
def test_the_reception_is_marked_only_on_or_after_its_day(scheduled, clerk, mark, status):
    with translation.override("ru"):
        error = refused(mark, scheduled, actor=clerk, today=RECEPTION_DAY - datetime.timedelta(1))
    assert "17 декабря 2026" in error.messages[0]
    mark(scheduled, actor=clerk, today=RECEPTION_DAY)
    assert reloaded(scheduled).status == status


@pytest.mark.parametrize(("mark", "status"), MARKS)
def test_the_reception_is_marked_after_its_day_too(scheduled, clerk, mark, status):
    mark(scheduled, actor=clerk, today=RECEPTION_DAY + datetime.timedelta(3))
    assert reloaded(scheduled).status == status


@pytest.mark.rule("R20")
@pytest.mark.parametrize(("mark", "status"), MARKS)
def test_a_request_whose_day_was_cancelled_is_not_marked(clerk, mark, status):
    waiting = ReceptionRequestFactory(scheduled=True, preferred_day=None, needs_new_date=True)
    error = refused(mark, waiting, actor=clerk, today=RECEPTION_DAY)
    assert error.messages


# R28: satisfaction --------------------------------------------------------------------------

SURVEYED = [
    RequestStatus.RECEIVED,
    RequestStatus.ON_CONTROL,
    RequestStatus.CLOSED,
    RequestStatus.REFUSED,
    RequestStatus.NOT_CONSIDERED,
    RequestStatus.FORWARDED,
    RequestStatus.WITHDRAWN,
]


@pytest.mark.rule("R28")
@pytest.mark.parametrize("status", SURVEYED)
@pytest.mark.parametrize("score", [1, 5])
def test_the_survey_of_a_consulted_or_declined_applicant_is_recorded(clerk, status, score):
    reception_request = ReceptionRequestFactory(status=status)
    actions.record_satisfaction(reception_request, score=score, comment="Жақсы", actor=clerk)
    reception_request = reloaded(reception_request)
    assert (reception_request.satisfaction, reception_request.satisfaction_comment) == (
        score,
        "Жақсы",
    )
    assert reception_request.status == status
    event = reception_request.events.get()
    assert (event.action, event.note, event.actor) == (
        RequestAction.SATISFACTION,
        f"{score}/5 Жақсы",
        clerk,
    )


@pytest.mark.rule("R28")
@pytest.mark.parametrize("score", [0, 6, -1, True, "3", None, 2.5])
def test_a_score_outside_one_to_five_is_refused(clerk, score):
    error = refused(
        actions.record_satisfaction,
        ReceptionRequestFactory(status=RequestStatus.CLOSED),
        score=score,
        actor=clerk,
    )
    assert list(error.message_dict) == ["score"]
