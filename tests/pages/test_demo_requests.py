"""``seed_demo``'s sign-up requests: every state of the workflow, reached through the domain's
own functions, some due soon and one overdue (the queue's colours), in both languages, with
invented applicants whose IINs pass the checksum; running it again adds nothing."""

import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from booking.domain.validators import validate_bin, validate_iin
from booking.domain.workdays import WorkingCalendar
from booking.enums import AssignmentKind, RequestAction, RequestStatus
from booking.models import Assignment, ReceptionRequest, RequestEvent
from tests.pages.test_interface_language import assert_in_language


def test_every_status_is_present(demo_site):
    statuses = set(ReceptionRequest.objects.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values)


def test_one_request_is_overdue_and_some_are_due_soon(demo_site):
    today = timezone.localdate()
    soon = WorkingCalendar.from_db().add_working_days(today, 3)
    assert ReceptionRequest.objects.filter(due_on__lt=today).exists()
    assert ReceptionRequest.objects.filter(due_on__gte=today, due_on__lte=soon).count() >= 2


def test_running_again_adds_nothing(demo_site):
    def counts():
        return (
            ReceptionRequest.objects.count(),
            RequestEvent.objects.count(),
            Assignment.objects.count(),
        )

    before = counts()
    call_command("seed_demo", "--no-admin", stdout=StringIO())
    assert counts() == before
    assert before[0] >= len(RequestStatus.values)


def test_every_state_was_reached_step_by_step_through_the_workflow(demo_site):
    """The history of each request runs from its registration to its status with no gap: no
    status was written around ``transition()``."""
    for reception_request in ReceptionRequest.objects.prefetch_related("events"):
        events = list(reception_request.events.all())
        assert events[0].action == RequestAction.REGISTER
        for before, after in itertools.pairwise(events):
            assert after.from_status == before.to_status, reception_request.number
        assert events[-1].to_status == reception_request.status


def test_applicants_write_in_both_languages_with_valid_numbers(demo_site):
    requests = list(ReceptionRequest.objects.all())
    assert {reception_request.language for reception_request in requests} == {"kk", "ru"}
    for reception_request in requests:
        validate_iin(reception_request.iin)
        if reception_request.bin:
            validate_bin(reception_request.bin)
    assert len({reception_request.iin for reception_request in requests}) == len(requests)


def test_a_reception_day_has_scheduled_applicants_one_of_them_out_of_turn(demo_site):
    scheduled = ReceptionRequest.objects.filter(status=RequestStatus.SCHEDULED)
    days = [reception_request.preferred_day_id for reception_request in scheduled]
    busiest = max(set(days), key=days.count)
    assert days.count(busiest) >= 2
    assert scheduled.filter(preferred_day=busiest).exclude(priority="").exists()


def test_control_has_an_open_assignment_and_an_appeal_from_the_reception(demo_site):
    on_control = ReceptionRequest.objects.get(status=RequestStatus.ON_CONTROL)
    assert on_control.assignments.filter(closed_on__isnull=True).exists()
    appeal = Assignment.objects.get(kind=AssignmentKind.APPEAL)
    assert appeal.from_personal_reception and appeal.number.startswith(on_control.number)
    assert appeal.responsible not in appeal.handled_before.all()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_demo_request_can_be_followed_in_both_languages(client, demo_site, language):
    for reception_request in ReceptionRequest.objects.all():
        response = client.get(
            f"/{language}/reception/{reception_request.number}/{reception_request.token}/"
        )
        assert_in_language(response, language)
