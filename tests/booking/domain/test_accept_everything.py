"""Accept everything, then decide (R06; 001 p.6): a valid submission is registered even when
its preferred day filled up meanwhile; and a cancelled day sends its applicants back to the
queue for a new date and tells them (R20; 001 p.16)."""

import pytest
from django.core import mail
from django.urls import reverse

from booking.domain import capacity, signup
from booking.domain.days import cancel_day
from booking.enums import ChangeReason, RequestAction, RequestStatus
from booking.models import ReceptionRequest
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import ReceptionDayFactory, ReceptionRequestFactory
from tests.helpers import make_iin

pytestmark = pytest.mark.django_db


def sign_up(day, serial=0, language="ru"):
    data = {
        **form_data(iin=make_iin(serial), language=language, email=f"applicant{serial}@example.kz"),
        "preferred_day": day,
        "consent": True,
    }
    return signup.submit(data).reception_request


@pytest.mark.rule("R06")
def test_a_day_that_filled_up_meanwhile_still_registers_the_request(home):
    day = ReceptionDayFactory(capacity=1)
    first = sign_up(day, 0)
    second = sign_up(day, 1)
    assert first.preferred_day == day
    assert second.status == RequestStatus.REGISTERED
    assert (second.preferred_day, second.requested_day) == (None, day)
    assert second.official == day.official
    assert capacity.places_left(day) == 0


@pytest.mark.rule("R06", "R32")
@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("ru", "заполнился, пока вы писали"),
        ("kk", "толып қалды"),
    ],
)
def test_the_ticket_says_plainly_the_day_filled_up(client, home, language, says):
    day = ReceptionDayFactory(capacity=1)
    sign_up(day, 0)
    reception_request = sign_up(day, 1, language)
    url = reverse(
        "ticket", kwargs={"number": reception_request.number, "token": reception_request.token}
    )
    html = client.get(f"/{language}{url[3:]}").content.decode()
    assert says in html


@pytest.mark.rule("R06")
def test_the_form_posted_for_a_day_that_fills_up_meanwhile_gives_a_ticket(
    client, home, monkeypatch
):
    day = ReceptionDayFactory(capacity=1)
    real_hold_place = capacity.hold_place

    def filled_meanwhile(checked_day):
        # Somebody else takes the last place between the form's check and the registration.
        ReceptionRequestFactory(preferred_day=checked_day)
        return real_hold_place(checked_day)

    monkeypatch.setattr(capacity, "hold_place", filled_meanwhile)
    response = client.post("/ru/reception/sign-up/", form_data(preferred_day=day.pk))
    assert response.status_code == 302
    registered = ReceptionRequest.objects.get(iin=form_data()["iin"])
    assert (registered.preferred_day, registered.requested_day) == (None, day)


@pytest.mark.rule("R20")
def test_cancelling_a_day_sends_its_applicants_back_to_the_queue_and_tells_them(
    home, django_capture_on_commit_callbacks, django_user_model
):
    clerk = django_user_model.objects.create_user("clerk")
    day = ReceptionDayFactory(capacity=5)
    other_day = ReceptionDayFactory(
        official=day.official,
        venue=day.venue,
        date=day.date,
        start_time=day.end_time,
        end_time=day.end_time.replace(hour=day.end_time.hour + 1),
    )
    kazakh = sign_up(day, 0, "kk")
    russian = sign_up(day, 1, "ru")
    elsewhere = sign_up(other_day, 2, "ru")
    withdrawn = sign_up(day, 3, "ru")
    signup.withdraw(withdrawn)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_day(day, ChangeReason.ILLNESS, actor=clerk)
    for reception_request in (kazakh, russian):
        reception_request.refresh_from_db()
        assert reception_request.needs_new_date
        assert (reception_request.preferred_day, reception_request.requested_day) == (None, day)
        assert reception_request.status == RequestStatus.REGISTERED
        event = reception_request.events.last()
        assert (event.action, event.actor) == (RequestAction.DAY_CANCELLED, clerk)
    elsewhere.refresh_from_db()
    withdrawn.refresh_from_db()
    assert not elsewhere.needs_new_date and elsewhere.preferred_day == other_day
    assert not withdrawn.needs_new_date
    # The applicants, and (issue 10) the reception office's alert of a day with applicants.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [kazakh.email, russian.email, day.official.reception_email]
    )
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "отменён" in by_address[russian.email]
    assert "болдырылмады" in by_address[kazakh.email]
    # Their places are free again; the queue keeps them in order of arrival.
    assert capacity.places_left(day) == 5
    queue = list(ReceptionRequest.objects.filter(needs_new_date=True).order_by("received_at"))
    assert queue == [kazakh, russian]
