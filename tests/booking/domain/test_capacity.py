"""Places on a reception day: which requests hold one, counted one way everywhere."""

import pytest

from booking.domain import capacity
from booking.models import ReceptionDay
from tests.factories import ReceptionDayFactory, ReceptionRequestFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trait", "holds_a_place"),
    [
        ({}, True),
        ({"under_review": True}, True),
        ({"scheduled": True}, True),
        ({"status": "corrections"}, True),
        ({"status": "hearing"}, True),
        # Received, or not come: the place on that day was theirs, and stays counted.
        ({"received": True}, True),
        ({"status": "no_show"}, True),
        ({"status": "on_control"}, True),
        ({"refused": True}, False),
        ({"status": "forwarded"}, False),
        ({"not_considered": True}, False),
        ({"returned": True}, False),
        ({"withdrawn": True}, False),
    ],
    ids=lambda value: (
        (value.get("status") or next(iter(value), "registered"))
        if isinstance(value, dict)
        else str(value)
    ),
)
def test_only_requests_on_their_way_or_received_hold_a_place(trait, holds_a_place):
    day = ReceptionDayFactory(capacity=2)
    ReceptionRequestFactory(preferred_day=day, **trait)
    expected_left = 1 if holds_a_place else 2
    assert capacity.places_left(day) == expected_left
    annotated = ReceptionDay.objects.with_places_taken().get(pk=day.pk)
    assert capacity.places_left(annotated) == expected_left
