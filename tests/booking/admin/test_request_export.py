"""The applicant's right to their data: from a request's page the office downloads its full
record (every field labelled, the history with the notes to the applicant, the documents),
never the tracking token or internal notes; staff who may not view requests get a 403. And the
possible-duplicate mark of the per-person limit (R06) is shown to the office."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from booking.interfaces.views import LIMITS
from booking.models import ReceptionRequest
from tests.booking.admin.test_request_page import RECEPTION_OFFICE, page
from tests.booking.admin.test_roles import EDITORS
from tests.booking.interfaces.test_sign_up import APPLICANT_SURNAME, IIN_FIRST_PASS, form_data
from tests.factories import ReceptionDayFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_groups")]


@pytest.fixture
def day(db):
    return ReceptionDayFactory(capacity=3)


@pytest.fixture
def reception_request(client, home, day):
    client.post("/ru/reception/sign-up/", form_data(preferred_day=day.pk))
    return ReceptionRequest.objects.get()


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user("aigerim", password="x")
    user.groups.add(Group.objects.get(name=RECEPTION_OFFICE))
    client.force_login(user)
    return client


def export(client, reception_request):
    return client.get(reverse("booking_request_export", args=[reception_request.pk]))


def test_the_request_page_offers_the_export(office, reception_request):
    html = page(office, reception_request)
    assert reverse("booking_request_export", args=[reception_request.pk]) in html


def test_the_export_holds_the_applicants_whole_record(office, reception_request):
    response = export(office, reception_request)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f'filename="request-{reception_request.number}.json"' in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]
    record = json.loads(response.content)
    values = {row["field"]: row["value"] for row in record["request"]}
    assert record["registration_number"] == reception_request.number
    assert values["surname"] == APPLICANT_SURNAME
    assert values["iin"] == IIN_FIRST_PASS
    assert values["question"] == form_data()["question"]
    assert values["email"] == "asan@example.kz"
    # Labelled in the staff member's language, choices as words.
    labels = {row["field"]: row["label"] for row in record["request"]}
    assert labels["iin"] == "ЖСН"
    assert record["history"], "the history is part of the record"
    # Never the token that opens the tracking page, nor the office's bookkeeping.
    assert reception_request.token not in response.content.decode()
    assert "duplicate_key" not in values


def test_staff_who_may_not_view_requests_get_a_403(client, django_user_model, reception_request):
    editor = django_user_model.objects.create_user("editor-only", password="x")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = export(client, reception_request)
    assert response.status_code == 403
    assert APPLICANT_SURNAME not in response.content.decode()


@pytest.mark.rule("R06")
def test_a_possible_duplicate_is_marked_for_the_office(client, home, day, office):
    for serial in range(LIMITS["person"][0] + 1):
        client.post("/ru/reception/sign-up/", form_data(question=f"Вопрос {serial} о дороге"))
    flagged = ReceptionRequest.objects.get(possible_duplicate=True)
    plain = ReceptionRequest.objects.filter(possible_duplicate=False).first()
    assert "ықтимал қайталау" not in page(office, plain).lower()
    html = page(office, flagged)
    assert "ықтимал қайталау" in html.lower()
    listing = office.get(reverse("requests:index"), {"possible_duplicate": "true"})
    assert flagged.number in listing.content.decode()
    assert plain.number not in listing.content.decode()
