"""A request's page in the admin (issue 9, item 3) and the actions staff take from it (item 4):
everything the applicant gave, the deadlines with their clauses, the full history, and buttons
for exactly the actions the state allows; each action's screen refuses what the rules refuse,
in the admin's language, and changes nothing then."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from booking.domain import actions
from booking.domain.workdays import WorkingCalendar
from booking.enums import AssignmentKind, RequestAction, RequestStatus
from booking.models import Assignment, ReceptionRequest
from tests.booking.interfaces.test_sign_up import APPLICANT_SURNAME, form_data
from tests.factories import ReceptionDayFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_groups")]

RECEPTION_OFFICE = "Қабылдау бөлмесі (Приёмная)"


@pytest.fixture
def day(db):
    return ReceptionDayFactory(capacity=3)


@pytest.fixture
def reception_request(client, home, day):
    client.post("/ru/reception/sign-up/", form_data(preferred_day=day.pk))
    return ReceptionRequest.objects.get()


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user(
        "aigerim", password="x", first_name="Айгерім", last_name="Сапарова"
    )
    user.groups.add(Group.objects.get(name=RECEPTION_OFFICE))
    client.force_login(user)
    client.user = user
    return client


def page(client, reception_request, **headers):
    response = client.get(reverse("requests:inspect", args=[reception_request.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def action_url(reception_request, action):
    return reverse("booking_request_action", args=[reception_request.pk, action])


def post(client, reception_request, action, data=None, capture=None):
    if capture is None:
        return client.post(action_url(reception_request, action), data or {})
    with capture(execute=True):
        return client.post(action_url(reception_request, action), data or {})


def test_the_page_shows_what_the_applicant_gave_and_the_deadlines(office, reception_request):
    html = page(office, reception_request)
    assert APPLICANT_SURNAME in html
    assert reception_request.question[:30] in html
    assert reception_request.iin in html  # the office sees it in full on the request's page
    # Each deadline with its clause.
    assert "002 p.29" in html and "003 p.195" in html and "001 p.26" in html
    assert reception_request.answer_due.strftime("%Y") in html


@pytest.mark.rule("R13")
def test_buttons_are_exactly_the_actions_the_state_allows(office, reception_request):
    html = page(office, reception_request)
    offered = {
        action for action in RequestAction.values if action_url(reception_request, action) in html
    }
    assert offered == {
        RequestAction.REVIEW,
        RequestAction.NOT_CONSIDERED,
        RequestAction.ASK_CORRECTIONS,
        RequestAction.FORWARD,
        RequestAction.EXTEND,
    }
    actions.review(reception_request, actor=office.user)
    html = page(office, reception_request)
    assert action_url(reception_request, RequestAction.SCHEDULE) in html
    assert action_url(reception_request, RequestAction.PROPOSE_REFUSAL) in html
    assert action_url(reception_request, RequestAction.REVIEW) not in html
    assert action_url(reception_request, RequestAction.REFUSE) not in html


def test_the_history_names_who_did_what(office, reception_request):
    post(office, reception_request, RequestAction.REVIEW)
    html = page(office, reception_request)
    assert "Сапарова" in html
    event = reception_request.events.last()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        RequestAction.REVIEW,
        RequestStatus.REGISTERED,
        RequestStatus.UNDER_REVIEW,
        office.user,
    )


@pytest.mark.rule("R11", "R12", "R13", "R21", "R23", "R24", "R25", "R28")
def test_a_request_from_review_to_the_final_answer(
    office, reception_request, day, django_capture_on_commit_callbacks, django_user_model
):
    capture = django_capture_on_commit_callbacks
    worker = django_user_model.objects.create_user("worker", first_name="Болат")
    worker.groups.add(Group.objects.get(name=RECEPTION_OFFICE))
    assert post(office, reception_request, RequestAction.REVIEW).status_code == 302
    mail.outbox.clear()
    response = post(
        office,
        reception_request,
        RequestAction.SCHEDULE,
        {
            "day": day.pk,
            "slot_time": "10:20",
            "mode": "in_person",
            "invited_bodies": "Облыс прокуратурасы",
        },
        capture,
    )
    assert response.status_code == 302, response.context["form"].errors
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.SCHEDULED
    assert reception_request.slot_time == datetime.time(10, 20)
    assert reception_request.invited_bodies == "Облыс прокуратурасы"
    [letter] = mail.outbox
    assert "10:20" in letter.body
    post(office, reception_request, RequestAction.REFERENCE, {"reference": "Справка: ..."})
    reception_request.refresh_from_db()
    assert reception_request.reference_on == timezone.localdate()
    # On the day (the factory's day is the next working day: pretend it has come).
    reception_request.preferred_day.date = timezone.localdate()
    reception_request.preferred_day.save()
    assert post(office, reception_request, RequestAction.ATTENDED).status_code == 302
    due = WorkingCalendar.from_db().add_working_days(timezone.localdate(), 10)
    response = post(
        office,
        reception_request,
        RequestAction.PROTOCOL,
        {
            "decision": "",
            "entry-TOTAL_FORMS": "3",
            "entry-INITIAL_FORMS": "0",
            "entry-0-kind": AssignmentKind.APPEAL,
            "entry-0-text": "Жер учаскесі туралы арызды қарау",
            "entry-0-responsible": worker.pk,
            "entry-0-due": due.isoformat(),
        },
    )
    assert response.status_code == 302, response.context["entries"].errors
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.ON_CONTROL
    [appeal] = Assignment.objects.all()
    assert appeal.from_personal_reception and appeal.number == f"{reception_request.number}/1"
    html = page(office, reception_request)
    assert appeal.number in html
    # Not closed while the assignment is open (R24).
    response = post(office, reception_request, RequestAction.CLOSE, {"answer": "Жауап"})
    assert response.status_code == 200
    assert reception_request.assignments.filter(closed_on__isnull=True).exists()
    close_url = reverse("booking_assignment_action", args=[appeal.pk, "close"])
    assert close_url in html
    assert office.post(close_url, {"answer": "Учаске берілді"}).status_code == 302
    mail.outbox.clear()
    response = post(
        office, reception_request, RequestAction.CLOSE, {"answer": "Учаске берілді."}, capture
    )
    assert response.status_code == 302
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.CLOSED
    assert "Учаске берілді." in mail.outbox[0].body
    post(office, reception_request, RequestAction.SATISFACTION, {"score": "4", "comment": "Жақсы"})
    reception_request.refresh_from_db()
    assert reception_request.satisfaction == 4
    assert list(reception_request.events.values_list("action", flat=True)) == [
        RequestAction.REGISTER,
        RequestAction.REVIEW,
        RequestAction.SCHEDULE,
        RequestAction.REFERENCE,
        RequestAction.ATTENDED,
        RequestAction.PROTOCOL,
        RequestAction.ASSIGNMENT_CLOSED,
        RequestAction.CLOSE,
        RequestAction.SATISFACTION,
    ]


@pytest.mark.rule("R15")
def test_a_refusal_waits_for_the_hearing_and_says_so_in_the_admins_language(
    office, reception_request
):
    actions.review(reception_request, actor=office.user)
    post(
        office,
        reception_request,
        RequestAction.PROPOSE_REFUSAL,
        {"ground": "repeat", "draft": "Повторное обращение без новых доводов."},
    )
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.HEARING
    profile = UserProfile.get_for_user(office.user)
    profile.preferred_language = "ru"
    profile.save()
    response = post(office, reception_request, RequestAction.REFUSE, {"reasons": "Отказ"})
    assert response.status_code == 200
    assert "заслушивани" in response.content.decode().lower() or "возраз" in (
        response.content.decode().lower()
    )
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.HEARING
    ReceptionRequest.objects.filter(pk=reception_request.pk).update(
        hearing_until=timezone.localdate()
    )
    assert post(office, reception_request, RequestAction.REFUSE, {"reasons": "Отказ"}).status_code
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.REFUSED


@pytest.mark.rule("R12")
def test_scheduling_onto_a_full_day_is_refused_on_the_form(office, reception_request, day):
    actions.review(reception_request, actor=office.user)
    full = ReceptionDayFactory(official=day.official, capacity=0)
    response = post(
        office,
        reception_request,
        RequestAction.SCHEDULE,
        {"day": full.pk, "slot_time": "10:00", "mode": "in_person"},
    )
    assert response.status_code == 200
    reception_request.refresh_from_db()
    assert (reception_request.status, reception_request.preferred_day) == (
        RequestStatus.UNDER_REVIEW,
        day,
    )


def test_a_second_member_of_staff_acting_late_is_told_and_changes_nothing(
    office, reception_request
):
    """Two staff opened the same request; the first left it without consideration."""
    actions.leave_without_consideration(reception_request, reasons="Мәні жоқ", actor=None)
    response = post(office, reception_request, RequestAction.REVIEW)
    assert response.status_code == 200
    assert reception_request.events.count() == 2
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.NOT_CONSIDERED


@pytest.mark.rule("R26")
def test_an_appeal_is_never_given_to_the_worker_who_handled_it_before(
    office, reception_request, django_user_model
):
    worker = django_user_model.objects.create_user("worker")
    worker.groups.add(Group.objects.get(name=RECEPTION_OFFICE))
    actions.review(reception_request, actor=office.user)
    ReceptionRequest.objects.filter(pk=reception_request.pk).update(status=RequestStatus.RECEIVED)
    due = WorkingCalendar.from_db().add_working_days(timezone.localdate(), 5)
    response = post(
        office,
        reception_request,
        RequestAction.PROTOCOL,
        {
            "entry-TOTAL_FORMS": "1",
            "entry-INITIAL_FORMS": "0",
            "entry-0-kind": AssignmentKind.APPEAL,
            "entry-0-text": "Қайта қарау",
            "entry-0-responsible": worker.pk,
            "entry-0-due": due.isoformat(),
            "entry-0-handled_before": [worker.pk],
        },
    )
    assert response.status_code == 200
    assert not Assignment.objects.exists()
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.RECEIVED
