"""The daily tasks the django-q2 worker runs (``booking.tasks``), as the schedule calls them:
by dotted path, with no arguments, on today's date."""

import datetime
from importlib import import_module

import pytest
from django.core import mail
from django.utils import timezone

from booking import tasks
from booking.enums import RequestAction, RequestActor, RequestStatus
from tests.factories import ReceptionRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.rule("R08")
def test_the_daily_task_returns_the_requests_not_corrected_in_time(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    late = ReceptionRequestFactory(
        status=RequestStatus.CORRECTIONS, corrections_due=today - day, language="ru"
    )
    on_time = [
        ReceptionRequestFactory(status=RequestStatus.CORRECTIONS, corrections_due=due)
        for due in (today, today + day)
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.return_overdue_corrections() == 1

    late.refresh_from_db()
    assert late.status == RequestStatus.RETURNED
    event = late.events.get()
    # The system did it, not a staff member; the applicant is told in their language.
    assert (event.action, event.from_status, event.actor, event.actor_role) == (
        RequestAction.RETURN,
        RequestStatus.CORRECTIONS,
        None,
        RequestActor.SYSTEM,
    )
    assert "исправлен" in event.public_note
    [letter] = mail.outbox
    assert letter.to == [late.email]
    for waiting in on_time:
        waiting.refresh_from_db()
        assert waiting.status == RequestStatus.CORRECTIONS
        assert not waiting.events.exists()


def test_the_daily_task_is_scheduled_by_its_dotted_path():
    """A migration schedules it by name, so that ``make run``'s worker returns requests every
    day: the name must lead to the task."""
    migration = import_module("booking.migrations.0012_daily_corrections_task")
    module, name = migration.TASK.rsplit(".", 1)
    assert getattr(import_module(module), name) is tasks.return_overdue_corrections
