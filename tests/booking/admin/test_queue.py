"""The reception office's queue (issue 9, item 2): ordered by the next legal deadline, out of
turn first within a day (R16), filters, working days left coloured when close or past, the IIN
masked, and the current filter exported as CSV and XLSX."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from booking.domain.workdays import WorkingCalendar
from booking.enums import Channel, DeadlineKind, PriorityCategory, RequestStatus, Topic
from tests.factories import OfficialFactory, ReceptionDayFactory, ReceptionRequestFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/requests/"


def working_days_from_today(count):
    return WorkingCalendar.from_db().add_working_days(timezone.localdate(), count)


def due(count, **fields):
    """A request whose next deadline is *count* working days away (negative: overdue)."""
    return ReceptionRequestFactory(
        due_on=working_days_from_today(count), due_kind=DeadlineKind.ANSWER, **fields
    )


def numbers_in_order(html, requests):
    return sorted(requests, key=lambda reception_request: html.index(reception_request.number))


@pytest.mark.rule("R13", "R16")
def test_the_queue_is_ordered_by_deadline_out_of_turn_first_within_a_day(admin_client):
    earlier = timezone.now() - datetime.timedelta(hours=2)
    later_in_day = due(5, received_at=earlier)
    veteran = due(5, priority=PriorityCategory.WAR_VETERAN)
    overdue = due(-1)
    soon = due(1)
    closed = ReceptionRequestFactory(status=RequestStatus.CLOSED, due_on=None)
    html = admin_client.get(QUEUE).content.decode()
    expected = [overdue, soon, veteran, later_in_day, closed]
    assert numbers_in_order(html, expected) == expected


@pytest.mark.rule("R13")
def test_each_row_shows_the_deadline_and_working_days_left_coloured(admin_client):
    overdue = due(-2)
    close = due(2)
    far = due(10)
    html = admin_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    rows = {
        reception_request: html[html.index(reception_request.number) :][:3000]
        for reception_request in (overdue, close, far)
    }
    assert "deadline--overdue" in html and "deadline--close" in html
    # Every row says in words what the colour says.
    assert "просрочено" in rows[overdue]
    assert "2 " in rows[close]
    assert "10 " in rows[far]


def test_filters_narrow_the_queue(admin_client):
    official = OfficialFactory()
    day = ReceptionDayFactory(official=official)
    overdue = due(-1, topic=Topic.LAND)
    within_three = due(3, channel=Channel.PAPER)
    later = due(8, official=official, preferred_day=day)
    review = due(9, status=RequestStatus.UNDER_REVIEW)

    def listed(query):
        html = admin_client.get(QUEUE + query).content.decode()
        return {
            reception_request
            for reception_request in (overdue, within_three, later, review)
            if reception_request.number in html
        }

    assert listed("?due=overdue") == {overdue}
    assert listed("?due=3") == {within_three}
    assert listed("?status=under_review") == {review}
    assert listed(f"?official={official.pk}") == {later}
    assert listed(f"?organisation={official.organisation.pk}") == {later}
    assert listed(f"?day={day.date.isoformat()}") == {later}
    assert listed("?topic=land") == {overdue}
    assert listed("?channel=paper") == {within_three}


@pytest.mark.rule("R30")
def test_the_iin_is_masked_and_times_are_local(admin_client):
    reception_request = due(3)
    html = admin_client.get(QUEUE).content.decode()
    assert reception_request.iin not in html
    assert reception_request.masked_iin in html


def test_the_queue_costs_the_same_queries_for_five_or_fifty_requests(
    admin_client, django_assert_max_num_queries
):
    day = ReceptionDayFactory()
    for count in range(5):
        due(count, preferred_day=day)
    admin_client.get(QUEUE)
    with django_assert_max_num_queries(40) as few:
        admin_client.get(QUEUE)
    for count in range(45):
        due(count % 12, preferred_day=day)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(QUEUE)
    assert response.status_code == 200


@pytest.mark.rule("R30")
def test_the_current_filter_exports_as_csv_with_the_iin_masked(admin_client):
    overdue = due(-1)
    later = due(8)
    response = admin_client.get(QUEUE + "?due=overdue&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    header, *data = rows
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert overdue.number in row.values()
    assert later.number not in content
    assert overdue.iin not in content
    assert overdue.masked_iin in row.values()


def test_the_current_filter_exports_as_xlsx(admin_client):
    overdue = due(-1)
    due(8)
    response = admin_client.get(QUEUE + "?due=overdue&export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert overdue.number in values[1]


def test_a_row_leads_to_the_requests_page_ticket_and_documents(admin_client):
    reception_request = due(3)
    html = admin_client.get(QUEUE).content.decode()
    for url in (
        reverse("requests:inspect", args=[reception_request.pk]),
        reverse("booking_request_ticket", args=[reception_request.pk]),
        reverse("booking_request_documents", args=[reception_request.pk]),
    ):
        assert url in html


@pytest.mark.rule("R13", "R20")
def test_the_dashboard_counts_what_is_overdue_close_or_needs_a_new_date(admin_client):
    due(-1)
    due(-3)
    due(1)
    due(9)
    due(4, needs_new_date=True)
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "2 обращения просрочены" in html
    assert f"{QUEUE}?due=overdue" in html
    assert "1 обращение со сроком в течение 3 рабочих дней" in html
    assert "1 обращению нужна новая дата" in html
    listed = admin_client.get(QUEUE + "?needs_new_date=true").content.decode()
    assert len(set(re.findall(r"TEST-\d+", listed))) == 1
