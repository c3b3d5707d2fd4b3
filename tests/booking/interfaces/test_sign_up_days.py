"""The sign-up form never hides an open day: the nearest days are offered, every open day of
the chosen official once one is chosen, the day a visitor came with always, and any open day
validates; in a bounded number of queries and a bounded list (issue 12, item 18)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from booking.models import ReceptionDay, ReceptionRequest
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import OfficialFactory, ReceptionDayFactory, VenueFactory


def add_days(official, venue, count, start=1):
    today = timezone.localdate()
    return ReceptionDay.objects.bulk_create(
        ReceptionDayFactory.build(
            official=official,
            venue=venue,
            date=today + datetime.timedelta(days=start + n),
            capacity=3,
        )
        for n in range(count)
    )


def day_options(html):
    return html.split('name="preferred_day"')[1].split("</select>")[0]


@pytest.fixture
def many_days(home):
    """230 open days of one official and one day of another, after them."""
    venue = VenueFactory()
    official = OfficialFactory(slug="ospanov-n")
    other = OfficialFactory(slug="other-o")
    days = add_days(official, venue, 230)
    (late,) = add_days(other, venue, 1, start=240)
    return official, other, days, late


def test_an_open_day_after_the_first_200_is_offered_and_accepted(client, many_days):
    _official, _other, days, late = many_days
    nearest = day_options(client.get("/kk/reception/sign-up/").content.decode())
    assert f'value="{days[0].pk}"' in nearest
    assert nearest.count("<option") == 1 + 60  # "the earliest possible" and the nearest days
    of_the_official = day_options(
        client.get("/kk/reception/sign-up/?official=ospanov-n").content.decode()
    )
    for day in (days[0], days[210], days[-1]):
        assert f'value="{day.pk}"' in of_the_official
    # A day one comes with from the schedule (?day=) is offered however far it is.
    came_with = day_options(
        client.get(f"/kk/reception/sign-up/?day={late.public_id}").content.decode()
    )
    assert f'value="{late.pk}"' in came_with
    response = client.post("/kk/reception/sign-up/", form_data(preferred_day=days[210].pk))
    assert response.status_code == 302
    assert ReceptionRequest.objects.get().preferred_day == days[210]


def test_an_open_day_validates_even_when_the_list_shows_another_officials(client, many_days):
    late = many_days[-1]
    # The list is of the official in the address; the day posted is another's, and open.
    response = client.post(
        "/kk/reception/sign-up/?official=ospanov-n", form_data(preferred_day=late.pk)
    )
    assert response.status_code == 302
    assert ReceptionRequest.objects.get().preferred_day == late


def test_the_chosen_official_filters_the_days(client, many_days):
    _official, other, days, late = many_days
    options = day_options(client.get("/kk/reception/sign-up/?official=other-o").content.decode())
    assert f'value="{late.pk}"' in options
    assert f'value="{days[0].pk}"' not in options
    # The official chosen in a submitted form that comes back with errors filters them too,
    # over the one of the address.
    html = client.post(
        "/kk/reception/sign-up/?official=ospanov-n", form_data(official=other.pk, phone="bad")
    ).content.decode()
    assert f'value="{late.pk}"' in day_options(html)
    assert f'value="{days[0].pk}"' not in day_options(html)


def test_query_count_does_not_grow_with_the_number_of_days(client, home):
    venue, official = VenueFactory(), OfficialFactory()
    add_days(official, venue, 5)
    client.get("/kk/reception/sign-up/")  # settings and sites cached alike for both counts
    with CaptureQueriesContext(connection) as few:
        client.get("/kk/reception/sign-up/")
    add_days(official, venue, 300, start=10)
    add_days(OfficialFactory(), venue, 50, start=10)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/kk/reception/sign-up/")
    # The list is bounded too: the nearest days, however many there are.
    assert day_options(response.content.decode()).count("<option") == 1 + 60
    assert len(many) == len(few)
