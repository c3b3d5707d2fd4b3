"""The capacity lock: however many applicants sign up for the last places at once, a reception
day is never overbooked, on PostgreSQL (row lock) and on the embedded SQLite (a file database
whose IMMEDIATE transactions take the write lock at BEGIN). Each run has a control run with the
lock taken away, which shows that the test can see the race it guards against."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from booking.domain import capacity, signup
from booking.models import ReceptionDay, RegistrationCounter
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import OfficialFactory, ReceptionDayFactory
from tests.helpers import make_iin

APPLICANTS = 8
PLACES = 3


def without_the_lock(monkeypatch):
    """The control run: the day is read without a row lock, and on SQLite transactions begin
    DEFERRED, so two of them can count the same free place."""
    monkeypatch.setattr(capacity, "lock_day", lambda day: ReceptionDay.objects.get(pk=day.pk))
    if connection.vendor == "sqlite":
        options = connection.settings_dict["OPTIONS"]
        monkeypatch.setitem(options, "transaction_mode", "DEFERRED")


def race(day, official):
    """APPLICANTS threads sign up for *day* at the same moment; returns their outcomes."""
    barrier = threading.Barrier(APPLICANTS)
    outcomes = []

    def applicant(serial):
        try:
            barrier.wait()
            data = {
                **form_data(iin=make_iin(serial), question=f"Вопрос {serial} о тепле в доме"),
                "preferred_day": day,
                "official": official,
                "consent": True,
                "phone": "+77012345678",
            }
            registered = signup.submit(data).reception_request
            outcomes.append("with the day" if registered.preferred_day_id else "earliest possible")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=applicant, args=(n,)) for n in range(APPLICANTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock", [True, False], ids=["locked", "control-without-lock"])
def test_concurrent_sign_ups_never_overbook_a_day(lock, monkeypatch):
    official = OfficialFactory()
    day = ReceptionDayFactory(official=official, capacity=PLACES)
    RegistrationCounter.objects.create(year=timezone.localdate().year)
    real_places_left = capacity.places_left

    def slow_places_left(checked_day):
        left = real_places_left(checked_day)
        threading.Event().wait(0.2)  # widen the race between counting and inserting
        return left

    monkeypatch.setattr(capacity, "places_left", slow_places_left)
    if not lock:
        without_the_lock(monkeypatch)
    outcomes = race(day, official)
    held = day.place_holders.count()
    if lock:
        # Every one registered (R06): the first three on the day, the others for the earliest
        # possible day, none beyond its places.
        assert (
            sorted(outcomes)
            == ["earliest possible"] * (APPLICANTS - PLACES) + ["with the day"] * PLACES
        )
        assert held == PLACES
    else:
        # Without the lock the race shows: the day is overbooked (PostgreSQL), or concurrent
        # transactions fail on a stale snapshot instead of being answered (SQLite).
        answered = ("with the day", "earliest possible")
        failures = [outcome for outcome in outcomes if outcome not in answered]
        assert held > PLACES or failures, outcomes
