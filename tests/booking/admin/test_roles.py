"""Staff roles, created by a migration: the reception office works requests; editors and the
press office never reach an applicant's personal data (R30), on any screen, action or export."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from booking.models import ReceptionRequest
from tests.booking.interfaces.test_sign_up import APPLICANT_SURNAME, form_data
from tests.factories import ReceptionDayFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_groups")]

RECEPTION_OFFICE = "Қабылдау бөлмесі (Приёмная)"
EDITORS = "Редакторлар (Редакторы)"
PRESS_OFFICE = "Баспасөз қызметі (Пресс-служба)"
ADMINISTRATORS = "Әкімшілер (Администраторы)"


@pytest.fixture
def reception_request(client, home):
    day = ReceptionDayFactory()
    client.post("/ru/reception/sign-up/", form_data(preferred_day=day.pk))
    return ReceptionRequest.objects.get()


def member_of(client, django_user_model, group_name):
    user = django_user_model.objects.create_user(f"user-{len(group_name)}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client


def request_screens(reception_request):
    pk = reception_request.pk
    return [
        reverse("requests:index"),
        reverse("requests:inspect", args=[pk]),
        reverse("requests:index") + "?export=csv",
        reverse("requests:index") + "?export=xlsx",
        reverse("booking_request_documents", args=[pk]),
        reverse("booking_request_ticket", args=[pk]),
        reverse("booking_request_action", args=[pk, "not_considered"]),
        reverse("booking_request_action", args=[pk, "schedule"]),
        reverse("booking_register_request"),
        reverse("booking_day_applicants", args=[reception_request.preferred_day_id]),
    ]


def test_the_four_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        RECEPTION_OFFICE,
        EDITORS,
        PRESS_OFFICE,
        ADMINISTRATORS,
    }


@pytest.mark.rule("R30")
@pytest.mark.parametrize("group_name", [EDITORS, PRESS_OFFICE])
def test_editors_and_the_press_office_never_reach_a_request(
    client, django_user_model, reception_request, group_name
):
    staff = member_of(client, django_user_model, group_name)
    assert staff.get("/admin/").status_code == 200
    for url in request_screens(reception_request):
        response = staff.get(url)
        assert response.status_code == 403, url
        assert APPLICANT_SURNAME not in response.content.decode()
    refused = staff.post(
        reverse("booking_request_action", args=[reception_request.pk, "not_considered"]),
        {"reasons": "x"},
    )
    assert refused.status_code == 403
    reception_request.refresh_from_db()
    assert reception_request.status == "registered"


def test_the_reception_office_works_requests_with_the_iin_masked(
    client, django_user_model, reception_request
):
    office = member_of(client, django_user_model, RECEPTION_OFFICE)
    listing = office.get(reverse("requests:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert reception_request.number in html and reception_request.iin not in html
    ticket = office.get(reverse("booking_request_ticket", args=[reception_request.pk]))
    assert ticket.status_code == 200


def test_editors_keep_the_schedule(client, django_user_model):
    day = ReceptionDayFactory()
    editor = member_of(client, django_user_model, EDITORS)
    assert editor.get(reverse("wagtailsnippets_booking_receptionday:list")).status_code == 200
    edit = reverse("wagtailsnippets_booking_receptionday:edit", args=[day.pk])
    assert editor.get(edit).status_code == 200
