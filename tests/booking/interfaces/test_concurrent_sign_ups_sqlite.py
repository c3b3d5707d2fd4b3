"""Many citizens sending the sign-up form at the same moment to the embedded SQLite database:
every one is registered, with a number of its own, and none sees an error page. The database
connections are configured as each settings module configures a ``sqlite://`` DATABASE_URL:
`make run` (development settings) and gunicorn (production settings, as `make bench` runs it)."""

import json
import os
import subprocess
import sys
import threading
import traceback
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client

from booking.models import ReceptionRequest
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import OfficialFactory, ReceptionDayFactory
from tests.helpers import fails_after, make_iin

APPLICANTS = 8
ROOT = Path(__file__).resolve().parents[3]

# The threads share the test database: only when it is SQLite (CI's first pass) do they meet
# SQLite's locking; the PostgreSQL pass checks the options below and its own row locks
# (test_capacity_race, test_schedule_race).
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the threads need the test database to be SQLite"
)
SETTINGS_MODULES = pytest.mark.parametrize(
    "settings_module",
    ["portal.settings.dev", "portal.settings.production"],
    ids=["make-run", "gunicorn"],
)

# The connection options a settings module gives a sqlite:// DATABASE_URL, read in a process of
# its own (settings are read once per process).
PRINT_OPTIONS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
)


def database_options(settings_module, path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"sqlite:///{path}",
        "SECRET_KEY": "concurrent-sign-ups-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.kz",
        "PORTAL_BASE_URL": "https://portal.example.kz",
    }
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def innermost_own_line(error):
    """Where in the portal's own code *error* was raised (not in Django's or a library's)."""
    own = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(str(ROOT))
        and "/.venv/" not in frame.filename
        and "/tests/" not in frame.filename
    ]
    if not own:
        return "?"
    frame = own[-1]
    return f"{Path(frame.filename).relative_to(ROOT)}:{frame.lineno} {frame.line}"


def sign_up_at_once(day):
    """APPLICANTS browsers open the form, then all send it at the same moment; returns the
    status of each answer, or the error it ended with and where it was raised."""
    barrier = threading.Barrier(APPLICANTS)
    outcomes = []

    def applicant(serial):
        browser = Client(REMOTE_ADDR=f"10.0.0.{serial + 1}")
        try:
            assert browser.get("/kk/reception/sign-up/").status_code == 200
            data = form_data(
                iin=make_iin(serial),
                question=f"Үйдегі жылу туралы {serial}-сұрақ",
                language="kk",
                official=day.official.pk,
                preferred_day=day.pk,
            )
            barrier.wait()
            outcomes.append(browser.post("/kk/reception/sign-up/", data).status_code)
        except Exception as error:
            outcomes.append(f"{type(error).__name__}: {error} at {innermost_own_line(error)}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=applicant, args=(n,)) for n in range(APPLICANTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@SETTINGS_MODULES
def test_every_settings_module_makes_a_sqlite_database_safe_to_share(settings_module, tmp_path):
    options = database_options(settings_module, tmp_path / "portal.sqlite3")
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]


@on_sqlite
@pytest.mark.django_db(transaction=True)
@SETTINGS_MODULES
def test_concurrent_sign_ups_are_all_registered(settings_module, home, monkeypatch):
    options = database_options(settings_module, connection.settings_dict["NAME"])
    # The threads open connections of their own, with the options these settings give them.
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    day = ReceptionDayFactory(official=OfficialFactory(), capacity=APPLICANTS)
    with fails_after(90):
        outcomes = sign_up_at_once(day)
    assert outcomes == [302] * APPLICANTS, outcomes
    numbers = list(ReceptionRequest.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == APPLICANTS
    assert day.place_holders.count() == APPLICANTS
