"""Quarterly figures (R29) equal the ones computed by hand on a known data set, answers counted
in working days across the Nauryz holidays, receptions per official against R03, satisfaction
(R28); the number of queries does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from booking.domain.reports import Quarter, quarter_figures
from booking.enums import Channel, DayStatus, RefusalGround, RequestAction, RequestStatus, Topic
from booking.models import RequestEvent
from tests.factories import OfficialFactory, ReceptionDayFactory, ReceptionRequestFactory

Q1 = Quarter(2026, 1)
D = datetime.date


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_request(registered, status, channel, topic, *, answered=None, action=None, **extra):
    request = ReceptionRequestFactory(
        registered_on=registered,
        received_at=extra.pop("received_at", at(registered)),
        status=status,
        channel=channel,
        topic=topic,
        **extra,
    )
    if answered:
        event = RequestEvent.objects.create(
            reception_request=request,
            action=action or RequestAction.SCHEDULE,
            from_status=RequestStatus.UNDER_REVIEW,
            to_status=status,
            actor_role="staff",
        )
        RequestEvent.objects.filter(pk=event.pk).update(at=at(answered, 15))
    return request


@pytest.fixture
def quarter_data(db):
    official = OfficialFactory()
    for day, status in (
        (D(2026, 1, 14), DayStatus.SCHEDULED),
        (D(2026, 2, 11), DayStatus.SCHEDULED),
        (D(2026, 3, 11), DayStatus.CANCELLED),
    ):
        ReceptionDayFactory(official=official, date=day, status=status)
    S = RequestStatus
    # 11 working days (Nauryz 23-25 March off): in time.
    make_request(
        D(2026, 3, 16),
        S.RECEIVED,
        Channel.PORTAL,
        Topic.HOUSING,
        answered=D(2026, 4, 3),
        official=official,
        satisfaction=5,
    )
    # 14 working days thanks to 9 March and Nauryz (18 weekdays): in time.
    make_request(
        D(2026, 3, 2),
        S.SCHEDULED,
        Channel.PAPER,
        Topic.LAND,
        answered=D(2026, 3, 26),
        official=official,
    )
    # 17 working days: late.
    make_request(
        D(2026, 2, 4),
        S.NO_SHOW,
        Channel.PORTAL,
        Topic.HOUSING,
        answered=D(2026, 2, 27),
        official=official,
    )
    # Refused after 3 working days.
    make_request(
        D(2026, 1, 15),
        S.REFUSED,
        Channel.PHONE,
        Topic.SOCIAL,
        answered=D(2026, 1, 20),
        action=RequestAction.REFUSE,
        refusal_ground=RefusalGround.COMPETENCE,
        official=official,
    )
    # Arrived on Saturday 7 February, registered on Tuesday: one day late (R09).
    make_request(
        D(2026, 2, 10),
        S.NOT_CONSIDERED,
        Channel.PORTAL,
        Topic.OTHER,
        received_at=at(D(2026, 2, 7)),
        official=official,
    )
    make_request(
        D(2026, 3, 31),
        S.FORWARDED,
        Channel.EGOV,
        Topic.LAND,
        extended_on=D(2026, 3, 31),
        official=official,
    )
    # Outside the quarter.
    make_request(D(2026, 4, 1), S.REGISTERED, Channel.PORTAL, Topic.HOUSING, official=official)
    return official


@pytest.mark.rule("R29", "R28")
def test_figures_equal_the_hand_computed_ones(quarter_data):
    figures = quarter_figures(Q1, today=D(2026, 11, 22))
    assert figures["requests"] == 6
    assert figures["by_channel"] == {
        "portal": 3,
        "egov": 1,
        "eotinish": 0,
        "paper": 1,
        "oral": 0,
        "phone": 1,
    }
    assert figures["by_topic"]["housing"] == 2
    assert figures["by_topic"]["land"] == 2
    assert figures["by_topic"]["social"] == 1
    assert figures["by_topic"]["other"] == 1
    assert figures["registered_on_time"] == 5
    assert figures["outcomes"] == {
        "not_considered": 1,
        "returned": 0,
        "forwarded": 1,
        "refused": 1,
        "scheduled": 3,
        "attended": 1,
        "no_show": 1,
        "withdrawn": 0,
    }
    assert figures["refused_by_ground"]["competence"] == 1
    assert figures["answered"] == 4
    assert figures["answered_in_time"] == 3  # 11, 14, 3 working days; not 17
    assert figures["answered_in_time_share"] == 75.0
    assert figures["median_working_days"] == 12.5
    assert figures["extended"] == 1
    assert figures["days_cancelled"] == 1
    assert figures["satisfaction"] == {
        "surveyed": 1,
        "average": 5,
        "scores": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1},
    }


@pytest.mark.rule("R29", "R03")
def test_receptions_per_official_show_a_month_without_one(quarter_data):
    receptions = quarter_figures(Q1, today=D(2026, 11, 22))["receptions"]
    assert receptions["months"] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    row = next(
        r for r in receptions["officials"] if r["official"] == str(quarter_data.translation_key)
    )
    assert row["months"] == [1, 1, 0]  # March's only day was cancelled
    assert row["months_without"] == 1


@pytest.mark.rule("R29")
def test_figures_for_one_organisation_leave_out_the_others(quarter_data):
    other = OfficialFactory()
    make_request(
        D(2026, 2, 3), RequestStatus.REGISTERED, Channel.ORAL, Topic.HEALTH, official=other
    )
    mine = quarter_figures(Q1, quarter_data.organisation.translation_key, today=D(2026, 11, 22))
    assert mine["requests"] == 6
    assert quarter_figures(Q1, today=D(2026, 11, 22))["requests"] == 7


def test_quarters():
    assert Quarter.last_complete(D(2026, 11, 22)) == Quarter(2026, 3)
    assert Quarter.last_complete(D(2026, 1, 5)) == Quarter(2025, 4)
    assert (Q1.start, Q1.end) == (D(2026, 1, 1), D(2026, 3, 31))


def test_query_count_does_not_grow_with_the_data(quarter_data):
    def count():
        with CaptureQueriesContext(connection) as queries:
            quarter_figures(Q1, today=D(2026, 11, 22))
        return len(queries)

    count()  # warm the settings cache
    before = count()
    for number in range(5):
        make_request(
            D(2026, 2, 2 + number),
            RequestStatus.RECEIVED,
            Channel.PORTAL,
            Topic.HOUSING,
            answered=D(2026, 2, 20),
            official=quarter_data,
        )
    assert count() == before
