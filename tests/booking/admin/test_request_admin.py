"""The reception office's screens of a sign-up request in Wagtail's admin."""

import datetime

import pytest

from tests.factories import ReceptionRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.rule("R09")
def test_a_request_shows_when_it_arrived_in_almaty_time(admin_client):
    arrived = datetime.datetime(2026, 11, 20, 3, 35, tzinfo=datetime.UTC)  # 08:35 in Almaty
    reception_request = ReceptionRequestFactory(received_at=arrived)
    html = admin_client.get(f"/admin/requests/{reception_request.pk}/").content.decode()
    assert "8:35" in html
    assert "3:35" not in html
    # The given name is a person's name, not the name of a thing ("Атауы").
    assert "Аты" in html and "Атауы" not in html


def test_the_request_listing_offers_its_ticket(admin_client):
    reception_request = ReceptionRequestFactory()
    listing = admin_client.get("/admin/requests/").content.decode()
    assert f"/admin/reception/requests/{reception_request.pk}/ticket/" in listing
