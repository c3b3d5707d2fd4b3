"""R12, R16: the final list of a day's applicants, out-of-turn categories first, then in order
of arrival, for the official, ready the working day before the reception."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from booking.domain import deadlines, queue
from booking.enums import PriorityCategory
from tests.factories import ReceptionDayFactory, ReceptionRequestFactory

pytestmark = pytest.mark.django_db


def arrived(minutes):
    return timezone.now() - datetime.timedelta(minutes=100 - minutes)


@pytest.fixture
def day_with_applicants(db):
    day = ReceptionDayFactory(capacity=10)
    made = {
        "first": ReceptionRequestFactory(preferred_day=day, received_at=arrived(1)),
        "veteran": ReceptionRequestFactory(
            preferred_day=day, received_at=arrived(3), priority=PriorityCategory.WAR_VETERAN
        ),
        "second": ReceptionRequestFactory(preferred_day=day, received_at=arrived(2)),
        "disabled": ReceptionRequestFactory(
            preferred_day=day, received_at=arrived(4), priority=PriorityCategory.DISABILITY
        ),
        "withdrawn": ReceptionRequestFactory(
            preferred_day=day, received_at=arrived(0), withdrawn=True
        ),
    }
    return day, made


@pytest.mark.rule("R12", "R16")
def test_out_of_turn_first_then_in_order_of_arrival(day_with_applicants):
    day, made = day_with_applicants
    assert list(queue.applicants_of(day)) == [
        made["veteran"],
        made["disabled"],
        made["first"],
        made["second"],
    ]


@pytest.mark.rule("R12")
def test_the_final_list_is_due_the_working_day_before():
    # Thursday 17 December 2026: the working day before is Tuesday 15 (16th is a holiday).
    assert deadlines.final_list_due(datetime.date(2026, 12, 17)) == datetime.date(2026, 12, 15)
    # Monday 23 November 2026: the working day before is Friday 20.
    assert deadlines.final_list_due(datetime.date(2026, 11, 23)) == datetime.date(2026, 11, 20)


@pytest.mark.rule("R12")
def test_the_reception_office_prints_the_list_from_the_day(admin_client, day_with_applicants):
    day, made = day_with_applicants
    url = reverse("booking_day_applicants", args=[day.pk])
    assert (
        url
        in admin_client.get(reverse("wagtailsnippets_booking_receptionday:list")).content.decode()
    )
    html = admin_client.get(url).content.decode()
    numbers = [made[key].number for key in ("veteran", "disabled", "first", "second")]
    positions = [html.index(number) for number in numbers]
    assert positions == sorted(positions)
    assert made["withdrawn"].number not in html
