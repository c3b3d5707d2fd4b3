"""Bounded work: the home, schedule and official pages make the same number of queries whatever
the number of reception days (built afresh: the page cache is emptied before each count)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from booking.models import Official, ReceptionDay

pytestmark = pytest.mark.django_db

PAGES = ["/ru/", "/kk/schedule/?month=all", "/ru/schedule/", "/ru/schedule/official/ospanov-n/"]


def add_days(count):
    official = Official.objects.get(slug="ospanov-n", locale__language_code="kk")
    venue = ReceptionDay.objects.filter(official=official).first().venue
    start = timezone.localdate() + datetime.timedelta(days=1)
    ReceptionDay.objects.bulk_create(
        ReceptionDay(
            official=official,
            venue=venue,
            date=start + datetime.timedelta(days=index % 40),
            start_time=datetime.time(8 + index // 40),
            end_time=datetime.time(9 + index // 40),
        )
        for index in range(count)
    )


def queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_queries_do_not_grow_with_the_number_of_days(client, demo_site, url):
    add_days(20)
    few = queries(client, url)
    add_days(200)
    many = queries(client, url)
    assert many == few, url
