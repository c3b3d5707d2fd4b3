"""One real ``manage.py qcluster`` against the test database: a ticket written to the outbox by a
registration is picked up by the worker and goes out (the mail lands in the worker's file
backend), and the row is marked sent. A transactional test: the worker is another process."""

import importlib
import os
import signal
import subprocess
import sys
import time

import pytest
from django.apps import apps
from django.conf import settings
from django_q.conf import Conf
from wagtail.models import Locale

from booking.domain import signup
from booking.models import MessageStatus, OutboxMessage
from portal.settings.base import BASE_DIR
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import ReceptionDayFactory
from tests.test_qcluster_stop import database_url

# Far beyond the seconds it takes; only there so that a hang fails instead of blocking CI.
HANG = 60


@pytest.fixture(scope="module")
def restored_after_flush(django_db_blocker):
    """The flush after the test empties every table: once it is done (this fixture's teardown
    comes after it), the rows migrations made and later tests in this process rely on
    (locales, staff groups, the schedules) are put back."""
    yield
    with django_db_blocker.unblock():
        for code, _name in settings.LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        importlib.import_module("booking.migrations.0010_staff_groups").create_groups(apps, None)
        for migration in ("0002_daily_schedule_task", "0012_daily_corrections_task"):
            importlib.import_module(f"booking.migrations.{migration}").create_schedule(apps, None)
        module = importlib.import_module("booking.migrations.0015_message_schedules")
        module.create_schedules(apps, None)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_ticket_from_the_outbox(tmp_path, monkeypatch, restored_after_flush):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.booking.outbox_worker_settings",
        "DATABASE_URL": database_url(),
        "OUTBOX_TEST_MAIL_DIR": str(mail_dir),
    }
    # Tasks go to the database broker, as in production, not run in this process.
    monkeypatch.setattr(Conf, "SYNC", False)
    data = form_data(email="worker-test@example.kz")
    data["official"] = ReceptionDayFactory().official
    reception_request = signup.submit(data).reception_request
    message = OutboxMessage.objects.get(reception_request=reception_request)
    assert message.status == MessageStatus.PENDING

    log_path = tmp_path / "qcluster.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + HANG
        while True:
            message.refresh_from_db()
            if message.status != MessageStatus.PENDING:
                break
            assert worker.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=HANG)

    assert message.status == MessageStatus.SENT, log_path.read_text()
    assert message.attempts == 1
    [mail_file] = list(mail_dir.iterdir())
    content = mail_file.read_text()
    assert "To: worker-test@example.kz" in content
    assert reception_request.number in content
    # The worker's log names the message, never the address.
    assert "worker-test@example.kz" not in log_path.read_text()
