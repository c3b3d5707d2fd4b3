"""Two staff members acting at once (issue 9, "Bad input and faults"): the last place of a day
is given once however many schedule onto it together, and when two act on the same request the
second sees what the first did. Real threads on a real database, on PostgreSQL (row locks) and
on the embedded SQLite (IMMEDIATE transactions); each run has a control run without the locks,
which shows the test can see the race it guards against."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models.query import QuerySet
from django.utils import timezone

from booking.domain import actions, capacity, workflow
from booking.domain.workdays import WorkingCalendar
from booking.enums import RefusalGround, RequestAction, RequestStatus
from tests.booking.domain.test_capacity_race import without_the_lock
from tests.factories import OfficialFactory, ReceptionDayFactory, ReceptionRequestFactory

PAUSE = 0.3  # widens the race between reading and writing


def at_once(*calls):
    """Run *calls* in threads released together; returns each one's outcome, in order: "ok",
    the fields of a ValidationError, or the name of any other error."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except ValidationError as error:
            outcomes[index] = (
                sorted(error.message_dict) if hasattr(error, "error_dict") else error.code
            )
        except Exception as error:
            outcomes[index] = type(error).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def without_the_row_lock(monkeypatch):
    """The control run for one request: its row read without a lock (and, on SQLite, DEFERRED
    transactions), so that two staff members can both start from the same state."""
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    if connection.vendor == "sqlite":
        options = connection.settings_dict["OPTIONS"]
        monkeypatch.setitem(options, "transaction_mode", "DEFERRED")


def slow(monkeypatch, module, name):
    real = getattr(module, name)

    def slowed(*args, **kwargs):
        result = real(*args, **kwargs)
        threading.Event().wait(PAUSE)
        return result

    monkeypatch.setattr(module, name, slowed)


def a_day(official, ahead, **fields):
    """A reception day of *official*, *ahead* working days from today."""
    date = WorkingCalendar.from_db().add_working_days(timezone.localdate(), ahead)
    return ReceptionDayFactory(official=official, date=date, **fields)


@pytest.mark.rule("R12", "R13")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock", [True, False], ids=["locked", "control-without-lock"])
def test_two_staff_scheduling_onto_the_last_place_give_it_once(lock, monkeypatch):
    official = OfficialFactory()
    elsewhere = a_day(official, 5)
    last_place = a_day(official, 6, capacity=2)
    ReceptionRequestFactory(scheduled=True, preferred_day=last_place)
    first, second = (
        ReceptionRequestFactory(under_review=True, preferred_day=elsewhere) for _ in range(2)
    )
    slow(monkeypatch, capacity, "places_left")
    if not lock:
        without_the_lock(monkeypatch)

    outcomes = at_once(
        lambda: actions.schedule(first, day=last_place, slot_time=datetime.time(10, 0)),
        lambda: actions.schedule(second, day=last_place, slot_time=datetime.time(10, 30)),
    )
    held = last_place.place_holders.count()
    if lock:
        assert sorted(outcomes, key=str) == [["day"], "ok"]
        assert held == 2
        loser = first if outcomes[0] != "ok" else second
        loser.refresh_from_db()
        # Nothing half-done: the one refused is still under review, on its own day.
        assert (loser.status, loser.preferred_day) == (RequestStatus.UNDER_REVIEW, elsewhere)
        assert not loser.events.exists()
    else:
        # Without the lock: overbooked (PostgreSQL), or a transaction failing on a stale read
        # instead of being answered (SQLite).
        failures = [outcome for outcome in outcomes if outcome not in ("ok", ["day"])]
        assert held > 2 or failures, outcomes


@pytest.mark.rule("R15")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock", [True, False], ids=["locked", "control-without-lock"])
def test_refusing_and_reconsidering_at_once_the_second_sees_the_first(lock, monkeypatch):
    reception_request = ReceptionRequestFactory(
        status=RequestStatus.HEARING,
        refusal_ground=RefusalGround.REPEAT,
        hearing_until=timezone.localdate(),
    )
    # Each holds the request a moment between reading and writing it.
    slow(monkeypatch, workflow, "refresh_deadline")
    if not lock:
        without_the_row_lock(monkeypatch)

    outcomes = at_once(
        lambda: actions.refuse(reception_request, reasons="Қайталама өтініш."),
        lambda: actions.reconsider(reception_request, note="Қарсылық негізді"),
    )
    reception_request.refresh_from_db()
    events = list(reception_request.events.values_list("action", "from_status", "to_status"))
    if lock:
        assert sorted(outcomes) == ["not_allowed", "ok"]
        winner = [RequestAction.REFUSE, RequestAction.RECONSIDER][outcomes.index("ok")]
        expected = {
            RequestAction.REFUSE: RequestStatus.REFUSED,
            RequestAction.RECONSIDER: RequestStatus.UNDER_REVIEW,
        }[winner]
        assert reception_request.status == expected
        assert events == [(winner, RequestStatus.HEARING, expected)]
    else:
        # Both believe they moved it from the hearing, or one fails on a stale read.
        failures = [outcome for outcome in outcomes if outcome not in ("ok", "not_allowed")]
        assert len(events) == 2 or failures, (outcomes, events)


@pytest.mark.rule("R12", "R13")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock", [True, False], ids=["locked", "control-without-lock"])
def test_two_staff_scheduling_the_same_request_the_second_sees_the_first(lock, monkeypatch):
    official = OfficialFactory()
    elsewhere = a_day(official, 5)
    chosen = a_day(official, 6, capacity=1)
    reception_request = ReceptionRequestFactory(under_review=True, preferred_day=elsewhere)
    slow(monkeypatch, workflow, "refresh_deadline")
    if not lock:
        without_the_lock(monkeypatch)
        without_the_row_lock(monkeypatch)

    outcomes = at_once(
        lambda: actions.schedule(reception_request, day=chosen, slot_time=datetime.time(10, 0)),
        lambda: actions.schedule(reception_request, day=chosen, slot_time=datetime.time(10, 30)),
    )
    reception_request.refresh_from_db()
    history = list(reception_request.events.values_list("action", "from_status"))
    if lock:
        # The second finds the request already on the day: it needs no second place (the day
        # has one), and its step starts from the first one's result.
        assert outcomes == ["ok", "ok"]
        assert reception_request.preferred_day == chosen
        assert chosen.place_holders.count() == 1
        assert history == [
            (RequestAction.SCHEDULE, RequestStatus.UNDER_REVIEW),
            (RequestAction.SCHEDULE, RequestStatus.SCHEDULED),
        ]
    else:
        # Without the locks both start from "under review", or one fails on a stale read.
        failures = [outcome for outcome in outcomes if outcome != "ok"]
        assert history == [(RequestAction.SCHEDULE, RequestStatus.UNDER_REVIEW)] * 2 or failures
