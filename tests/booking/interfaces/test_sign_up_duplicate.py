"""A second identical submission from another browser learns only that the request exists,
its number and how to find it, never the first applicant's token or tracking link; the same
browser is led back to its own ticket (issue 12, item 19)."""

import pytest
from django.test import Client

from booking.models import ReceptionRequest
from pages.models import PortalSettings
from tests.booking.interfaces import test_sign_up
from tests.booking.interfaces.test_sign_up import form_data

day = test_sign_up.day  # the fixture: an official's open day with two places


@pytest.fixture
def office_phone(home):
    portal_settings = PortalSettings.load()
    portal_settings.office_phone = "+7 7172 55 00 11"
    portal_settings.save()
    return portal_settings.office_phone


@pytest.mark.rule("R30")
@pytest.mark.parametrize(
    ("lang", "title"),
    [("kk", "Бұл өтініш бұрын жіберілген"), ("ru", "Это обращение уже отправлено")],
)
def test_another_browser_sees_neither_the_token_nor_a_link_to_the_request(
    client, day, office_phone, lang, title
):
    first = client.post(f"/{lang}/reception/sign-up/", form_data())
    assert first.status_code == 302
    request = ReceptionRequest.objects.get()

    stranger = Client().post(f"/{lang}/reception/sign-up/", form_data())
    html = stranger.content.decode()
    assert stranger.status_code == 200
    assert ReceptionRequest.objects.count() == 1
    assert request.token not in html
    assert request.token not in stranger.get("Location", "")
    assert f"/reception/{request.number}/" not in html
    assert "/ticket/" not in html
    assert title in html
    assert request.number in html
    assert 'href="tel:+77172550011"' in html
    assert "no-store" in stranger["Cache-Control"]


def test_the_same_browser_is_led_back_to_its_own_ticket(client, day):
    first = client.post("/ru/reception/sign-up/", form_data())
    again = client.post("/ru/reception/sign-up/", form_data())
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert ReceptionRequest.objects.count() == 1
