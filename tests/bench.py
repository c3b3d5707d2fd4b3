"""`make bench`: speed and size figures of the schedule page and the iCal feeds.

Runs on a throwaway test database (SQLite in memory, or DATABASE_URL's server) and prints a
table; nothing here asserts a time.
"""

import datetime
import os
import statistics
import time
from io import StringIO

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
django.setup()

from django.core.management import call_command  # noqa: E402 (after django.setup)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from booking.models import Official, ReceptionDay, Venue  # noqa: E402


def set_days(total):
    """Exactly *total* upcoming reception days, spread over every official."""
    ReceptionDay.objects.filter(rule__isnull=True, moved_from__isnull=True).exclude(
        moved_to__isnull=False
    ).delete()
    existing = ReceptionDay.objects.upcoming().count()
    officials = list(Official.objects.filter(locale__language_code="kk"))
    venue = Venue.objects.filter(locale__language_code="kk").first()
    start = timezone.localdate() + datetime.timedelta(days=1)
    ReceptionDay.objects.bulk_create(
        ReceptionDay(
            official=officials[index % len(officials)],
            venue=venue,
            date=start + datetime.timedelta(days=(index // len(officials)) % 80),
            start_time=datetime.time(7 + (index // (len(officials) * 80)) % 10),
            end_time=datetime.time(8 + (index // (len(officials) * 80)) % 10),
        )
        for index in range(max(total - existing, 0))
    )
    return ReceptionDay.objects.upcoming().count()


def measure(client, url, repeat=5):
    client.get(url)  # warm caches and settings
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - began)
        assert response.status_code == 200, url
    return statistics.median(timings) * 1000, len(queries), len(response.content)


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", "--no-admin", stdout=StringIO())
        client = Client()
        print(f"database: {connection.vendor}")
        print("\nSchedule page (/ru/schedule/), median of 5")
        print(f"{'days':>8} {'ms':>9} {'queries':>8} {'bytes':>10}")
        for size in (50, 500, 5000):
            days = set_days(size)
            ms, queries, size_bytes = measure(client, "/ru/schedule/")
            print(f"{days:>8} {ms:>9.1f} {queries:>8} {size_bytes:>10}")
        print("\niCal feed (/ru/calendar/all.ics), median of 5; then the 304 path")
        print(f"{'events':>8} {'ms':>9} {'queries':>8} {'bytes':>10} {'304 ms':>8} {'304 q':>6}")
        for size in (100, 1000, 10000):
            set_days(size)
            events = ReceptionDay.objects.filter(
                date__gte=timezone.localdate() - datetime.timedelta(days=90)
            ).count()
            ms, queries, size_bytes = measure(client, "/ru/calendar/all.ics", repeat=3)
            etag = client.get("/ru/calendar/all.ics")["ETag"]
            with CaptureQueriesContext(connection) as not_modified_queries:
                began = time.perf_counter()
                response = client.get("/ru/calendar/all.ics", headers={"if-none-match": etag})
                not_modified_ms = (time.perf_counter() - began) * 1000
            assert response.status_code == 304
            print(
                f"{events:>8} {ms:>9.1f} {queries:>8} {size_bytes:>10} "
                f"{not_modified_ms:>8.1f} {len(not_modified_queries):>6}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
