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
from tests.helpers import make_iin  # noqa: E402


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


def measure(client, url, repeat=5, cold=False):
    """Median time, queries and size of *url*; *cold* empties the cache first (feed builds)."""
    from django.core.cache import cache

    client.get(url)  # warm settings and Wagtail's site cache
    timings = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - began)
        assert response.status_code == 200, url
    return statistics.median(timings) * 1000, len(queries), len(response.content)


def bench_submissions(clients, total=48):
    """*total* sign-ups through the real view (CSRF, validation, capacity lock, e-mail queued)
    from *clients* threads, all for days of capacity 5; returns (per second, overbooked days)."""
    import re
    import threading

    from django.db import connections
    from django.db.models import Count, F, Q

    from booking.enums import PLACE_HOLDING_STATUSES
    from booking.interfaces import views
    from booking.models import ReceptionRequest

    views.LIMITS = {"address": (10**9, 60), "person": (10**9, 60)}  # measure, don't throttle
    ReceptionRequest.objects.all().delete()
    days = list(ReceptionDay.objects.active().upcoming().order_by("date")[:4])
    ReceptionDay.objects.filter(pk__in=[d.pk for d in days]).update(capacity=5)
    counter = iter(range(total))
    lock = threading.Lock()

    def worker():
        client = Client(enforce_csrf_checks=True)
        page = client.get("/ru/reception/sign-up/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        while True:
            with lock:
                serial = next(counter, None)
            if serial is None:
                break
            client.post(
                "/ru/reception/sign-up/",
                {
                    "csrfmiddlewaretoken": token,
                    "applicant_kind": "individual",
                    "surname": "Бенчмарков",
                    "given_name": "Тест",
                    "iin": make_iin(serial),
                    "phone": "8 701 234 56 78",
                    "email": "bench@example.kz",
                    "question": f"Вопрос номер {serial} о тепле в доме",
                    "topic": "housing",
                    "language": "ru",
                    "mode": "in_person",
                    "preferred_day": days[serial % len(days)].pk,
                    "consent": "on",
                },
                REMOTE_ADDR=f"10.0.{serial // 250}.{serial % 250}",
            )
        connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    registered = ReceptionRequest.objects.count()
    overbooked = (
        ReceptionDay.objects.annotate(
            held=Count("place_holders", filter=Q(place_holders__status__in=PLACE_HOLDING_STATUSES))
        )
        .filter(held__gt=F("capacity"))
        .count()
    )
    return total / elapsed, registered, overbooked


def main():
    import logging

    logging.getLogger("booking").setLevel(logging.WARNING)
    setup_test_environment()
    if connection.vendor == "sqlite":
        # A file, not memory: the concurrent clients need separate connections to one database.
        connection.settings_dict["TEST"]["NAME"] = "/tmp/portal-bench.sqlite3"
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
        print("\niCal feed (/ru/calendar/all.ics), built afresh, median of 3; then the 304 path")
        print(f"{'events':>8} {'ms':>9} {'queries':>8} {'bytes':>10} {'304 ms':>8} {'304 q':>6}")
        for size in (100, 1000, 10000):
            set_days(size)
            events = ReceptionDay.objects.filter(
                date__gte=timezone.localdate() - datetime.timedelta(days=90)
            ).count()
            ms, queries, size_bytes = measure(client, "/ru/calendar/all.ics", repeat=3, cold=True)
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
        print("\nSign-ups through the real view (4 days of 5 places, 48 attempts)")
        print(f"{'clients':>8} {'per second':>11} {'registered':>11} {'overbooked days':>16}")
        for clients in (1, 8):
            rate, registered, overbooked = bench_submissions(clients)
            print(f"{clients:>8} {rate:>11.1f} {registered:>11} {overbooked:>16}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
