"""R07 (001 p.5): a request that does not state the essence of the question is registered all
the same (R06), then left without consideration by one action, and the applicant is told in
their language."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from booking.enums import RequestAction, RequestStatus
from booking.models import ReceptionRequest
from tests.booking.interfaces.test_sign_up import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_request_without_essence(admin_client, home):
    response = admin_client.post(
        "/admin/reception/requests/register/",
        form_data(channel="paper", question="", language="ru", received_at="2026-11-20 11:00"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return ReceptionRequest.objects.get()


@pytest.mark.rule("R06", "R07")
def test_staff_register_a_request_without_the_essence(paper_request_without_essence):
    assert paper_request_without_essence.status == RequestStatus.REGISTERED
    assert paper_request_without_essence.question == ""


def test_the_portals_form_still_asks_for_the_essence(client, home):
    response = client.post("/ru/reception/sign-up/", form_data(question=""))
    assert response.status_code == 400
    assert not ReceptionRequest.objects.exists()


@pytest.mark.rule("R07")
def test_one_action_leaves_it_without_consideration_and_tells_the_applicant(
    admin_client, paper_request_without_essence, django_capture_on_commit_callbacks
):
    reception_request = paper_request_without_essence
    page = reverse("requests:inspect", args=[reception_request.pk])
    url = reverse("booking_request_action", args=[reception_request.pk, "not_considered"])
    assert url in admin_client.get(page).content.decode()
    form = admin_client.get(url)
    # The reasons are offered in the applicant's language, to be read by them.
    assert "не указана суть вопроса" in form.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"reasons": "В обращении не указана суть вопроса."})
    assert response.status_code == 302
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.NOT_CONSIDERED
    event = reception_request.events.last()
    assert (event.action, event.from_status, event.actor.username) == (
        RequestAction.NOT_CONSIDERED,
        RequestStatus.REGISTERED,
        "admin",
    )
    [letter] = mail.outbox
    assert letter.to == [reception_request.email]
    assert reception_request.number in letter.subject
    assert "оставлено без рассмотрения" in letter.body
    assert "В обращении не указана суть вопроса." in letter.body
    # Not offered again, and refused if asked for.
    assert url not in admin_client.get(page).content.decode()
    again = admin_client.post(url, {"reasons": "Ещё раз"})
    assert again.status_code == 200
    assert reception_request.events.count() == 2


def test_staff_without_the_permission_get_403(
    client, django_user_model, paper_request_without_essence
):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    url = reverse(
        "booking_request_action", args=[paper_request_without_essence.pk, "not_considered"]
    )
    response = client.post(url, {"reasons": "x"})
    assert response.status_code == 403
    paper_request_without_essence.refresh_from_db()
    assert paper_request_without_essence.status == RequestStatus.REGISTERED
