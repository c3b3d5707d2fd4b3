"""`make bench`: speed and size figures of the portal as production serves it, written to
``docs/benchmarks.md`` with the machine and the date.

What it does, in one run on one machine, first on SQLite and then on PostgreSQL:

1. builds a throwaway database (SQLite in a temporary folder; on PostgreSQL a database of its own
   on the local server, which it starts as ``.ci/run`` does when it is down, then drops) with
   the demo content, then reception days spread evenly over the working days of the schedule's
   horizon, officials and venues taken in turn;
2. for each size of the scaling list (200, 2,000 and 10,000 upcoming days), starts a fresh
   gunicorn with ``deploy/gunicorn.conf.py`` (2 workers, production settings, its hooks), with a
   local Redis as the shared cache when ``redis-server`` is installed, and times the schedule
   page and the all-receptions feed one request at a time, uncached (p50/p95), and reads the
   workers' peak memory (VmHWM);
3. at 2,000 days (``BENCH_DAYS``) also loads each address from separate client processes over
   keep-alive HTTP, asking for gzip: a static file (the baseline, served by WhiteNoise in the
   same gunicorn),
   home, schedule, an official's page, the all-receptions feed, an official's feed and the CSV,
   each cached and uncached (a request carrying a session cookie is never served from the page
   cache), and prints req/s, p50/p95/p99 and the ratio to the static file; then sends valid
   sign-ups from 1 and 8 client processes, counting registered, refused and failed ones apart,
   and the overbooked days (must be 0);
4. builds the all-receptions feed's body in a process of its own, as the product does and with
   bare ``icalendar`` for the same events (``child_feed_build``).

Knobs for a quick run: ``BENCH_SECONDS`` (per loaded row), ``BENCH_SCALE`` (``200,2000``),
``BENCH_DAYS``, ``BENCH_SCALE_REQUESTS``, ``BENCH_FEED_RUNS``, ``BENCH_DATABASES``
(``sqlite,postgresql``); ``BENCH_DATABASE_URL`` names the PostgreSQL database to use instead
of a throwaway one on the local server (the run migrates it and adds the demo and days).

Nothing here asserts a time: the figures and targets go to the table.
"""

import contextlib
import datetime
import http.client
import json
import multiprocessing
import os
import platform
import re
import runpy
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DAYS = int(os.environ.get("BENCH_DAYS", "2000"))
SCALE = sorted(
    {int(size) for size in os.environ.get("BENCH_SCALE", "200,2000,10000").split(",")} | {DAYS}
)
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SCALE_REQUESTS = int(os.environ.get("BENCH_SCALE_REQUESTS", "20"))
FEED_RUNS = int(os.environ.get("BENCH_FEED_RUNS", "5"))
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
WORKERS = 2
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
SIGNUPS = 48
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
CONFIG = runpy.run_path(str(GUNICORN_CONF))
OUTPUT = ROOT / "docs" / "benchmarks.md"
# Targets of issue 13, shown beside the figures (never asserted).
TARGETS = {"home": 0.8, "cached": 0.5, "schedule_p95": 150, "feed_ratio": 1.3, "memory": 200}
MEMORY_AT = 10000


def horizon_months(size):
    """The schedule's horizon the days are spread over: the default 3 months up to 2,500 days
    (about 38 a working day), a year beyond."""
    return 3 if size <= 2500 else 12


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    """A management command; its output is shown only when it fails."""
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        done.check_returncode()


def child(env, *args):
    """Run one of this module's ``child_*`` functions in a Django process of its own; its JSON
    answer (the last line it prints)."""
    done = subprocess.run(
        [PYTHON, "-m", "tests.bench", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        print(done.stderr[-3000:], file=sys.stderr)
        done.check_returncode()
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_database(env):
    """Migrations, the cache table, static files and the demo (`make bench` compiles the
    translations first)."""
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo", "--no-admin")


# --- In the Django process (python -m tests.bench <name> ...) ---------------------------------


def _django():
    import django

    django.setup()


def child_fill(size, months):
    """Spread upcoming days over the working days (Monday to Friday) of the next *months*
    months, as evenly as the days already there allow, until there are *size*: each working day
    gets its share; officials and venues are taken in turn; one-hour slots 09:00-12:00 and
    14:00-18:00. Sets the schedule's horizon to *months*."""
    _django()
    from django.db.models import Count
    from django.utils import timezone

    from booking.domain.rules import horizon_end
    from booking.models import Official, ReceptionDay, ReceptionSettings, Venue

    size, months = int(size), int(months)
    reception_settings = ReceptionSettings.load()
    reception_settings.schedule_horizon_months = months
    reception_settings.save()
    today = timezone.localdate()
    start = today + datetime.timedelta(days=1)
    end = horizon_end(today, reception_settings)
    dates = [
        start + datetime.timedelta(days=offset)
        for offset in range((end - start).days + 1)
        if (start + datetime.timedelta(days=offset)).weekday() < 5
    ]
    officials = list(
        Official.objects.filter(locale__language_code="kk", is_active=True).order_by("pk")
    )
    venues = list(Venue.objects.filter(locale__language_code="kk").order_by("pk"))
    upcoming = ReceptionDay.objects.upcoming(today)
    existing = dict(upcoming.values_list("date").annotate(n=Count("pk")).values_list("date", "n"))
    missing = max(size - upcoming.count(), 0)
    share, extra = divmod(size, len(dates))
    slots = [9, 10, 11, 14, 15, 16, 17]
    new = []
    for index, date in enumerate(dates):
        have = existing.get(date, 0)
        wanted = share + (index < extra)
        for serial in range(have, max(wanted, have)):
            if len(new) == missing:
                break
            hour = slots[(serial // len(officials)) % len(slots)]
            new.append(
                ReceptionDay(
                    official=officials[serial % len(officials)],
                    venue=venues[(index + serial) % len(venues)],
                    date=date,
                    start_time=datetime.time(hour),
                    end_time=datetime.time(hour + 1),
                    capacity=5,
                )
            )
    # Short of *size* (the days there were not spread evenly): one more per working day in turn.
    serial = 0
    while len(new) < missing:
        date = dates[serial % len(dates)]
        new.append(
            ReceptionDay(
                official=officials[serial % len(officials)],
                venue=venues[serial % len(venues)],
                date=date,
                start_time=datetime.time(17),
                end_time=datetime.time(18),
                capacity=5,
            )
        )
        serial += 1
    ReceptionDay.objects.bulk_create(new, batch_size=500)
    print(
        json.dumps(
            {
                "days": upcoming.count(),
                "working_days": len(dates),
                "officials": len(officials),
                "venues": len(venues),
                "months": months,
                "first": str(dates[0]),
                "last": str(dates[-1]),
            }
        )
    )


def child_signup_days():
    _django()
    from booking.models import ReceptionDay

    days = (
        ReceptionDay.objects.active()
        .upcoming()
        .order_by("date", "start_time")
        .values_list("pk", flat=True)[:4]
    )
    print(json.dumps([str(pk) for pk in days]))


def child_overbooked():
    _django()
    from django.db.models import F

    from booking.models import ReceptionDay

    days = ReceptionDay.objects.with_places_taken()
    print(json.dumps(days.filter(places_taken__gt=F("capacity")).count()))


def _plain(prop):
    """A parsed iCalendar value as the plain Python value one would hand to ``Event.add``."""
    import icalendar

    if isinstance(prop, icalendar.prop.vCategory):
        return [str(item) for item in prop.cats]
    if isinstance(prop, icalendar.prop.vDuration):
        return prop.td
    if hasattr(prop, "dt"):
        return prop.dt
    if isinstance(prop, int):
        return int(prop)
    return str(prop)


def _plain_properties(component):
    """(name, plain value, parameters) of each property of *component* (TZID comes with a
    zone-aware date-time by itself)."""
    import icalendar

    properties = []
    for name, values in component.items():
        for prop in values if isinstance(values, list) else [values]:
            params = {
                key: value for key, value in getattr(prop, "params", {}).items() if key != "TZID"
            }
            value = _plain(prop)
            if isinstance(value, datetime.timedelta):
                value = icalendar.vDuration(value)
            properties.append((name.lower(), value, params or None))
    return properties


def child_feed_build(runs):
    """The all-receptions feed's body built from scratch as the product builds it, and the same
    events built with bare icalendar from plain values; ms per event, median of *runs* each.

    The product's way: the view's own ``_build_feed`` with the arguments the view gives it (the
    view is called once to learn them), every configured cache (pages, fragments) emptied before
    each build, reading its days from the database as it does (in chunks): so the product's
    figure includes the read, which bare icalendar does not have. Bare: a Calendar with the same
    calendar properties, one Event per event with the same properties as plain strings, numbers
    and zone-aware date-times, the VTIMEZONE from ``add_missing_timezones``, then ``to_ical``;
    "kept": the product built again right after, with the fragments its build kept."""
    _django()
    from unittest import mock
    from zoneinfo import ZoneInfo

    import icalendar
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from booking.interfaces import feeds, ical

    runs = int(runs)
    translation.activate("ru")
    request = RequestFactory().get("/ru/calendar/all.ics", HTTP_HOST="127.0.0.1")
    captured = {}
    real_build = feeds._build_feed

    def recording_build(*args, **kwargs):
        captured["args"], captured["kwargs"] = args, kwargs
        return real_build(*args, **kwargs)

    def clear():
        for alias in settings.CACHES:
            caches[alias].clear()

    clear()
    with mock.patch.object(feeds, "_build_feed", recording_build):
        feeds.all_days(request)

    def product():
        body, _filename = feeds._build_feed(*captured["args"], **captured["kwargs"])
        return body if isinstance(body, bytes) else b"".join(body)

    with CaptureQueriesContext(connection) as queries:
        reference = product()
    parsed = icalendar.Calendar.from_ical(reference)
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar_properties = _plain_properties(parsed)
    events = []
    for event in parsed.walk("VEVENT"):
        properties = []
        for name, value, params in _plain_properties(event):
            if isinstance(value, datetime.datetime) and name in {"dtstart", "dtend"}:
                value = value.astimezone(zone)
            properties.append((name, value, params))
        events.append(properties)
    zone_from = getattr(ical, "ZONE_FROM", datetime.date(2024, 3, 1))
    zone_until = getattr(ical, "ZONE_UNTIL", datetime.date(2038, 1, 1))

    def bare():
        calendar = icalendar.Calendar()
        for name, value, params in calendar_properties:
            calendar.add(name, value, parameters=params)
        for properties in events:
            event = icalendar.Event()
            for name, value, params in properties:
                event.add(name, value, parameters=params)
            calendar.add_component(event)
        calendar.add_missing_timezones(first_date=zone_from, last_date=zone_until)
        return calendar.to_ical()

    bare_body = bare()
    times = {"product": [], "bare": [], "kept": []}
    for _run in range(runs):
        # "kept": the product once more right after, with what its build kept (fragments): a
        # rebuild after a change elsewhere; not the target's figure.
        for name, build, empty in (
            ("product", product, True),
            ("kept", product, False),
            ("bare", bare, True),
        ):
            if empty:
                clear()
            began = time.perf_counter()
            build()
            times[name].append((time.perf_counter() - began) * 1000)
    count = len(events)
    product_ms = statistics.median(times["product"]) / count
    bare_ms = statistics.median(times["bare"]) / count
    print(
        json.dumps(
            {
                "events": count,
                "product_ms": product_ms,
                "bare_ms": bare_ms,
                "ratio": product_ms / bare_ms,
                "kept_ms": statistics.median(times["kept"]) / count,
                "product_kb": len(reference) / 1024,
                "bare_kb": len(bare_body) / 1024,
                "same_bytes": bare_body == reference,
                "same_events": bare_body.count(b"BEGIN:VEVENT") == count,
                "queries": len(queries),
                "runs": runs,
            }
        )
    )


# --- Servers ----------------------------------------------------------------------------------


def start_redis(tmp):
    if not shutil.which("redis-server"):
        return None, None
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", tmp],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def stop(process, timeout=35):
    if process and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def psql(sql):
    subprocess.run(
        ["su", "postgres", "-c", f'psql -qc "{sql}"'],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


class PostgreSQL:
    """The local server as ``.ci/run`` starts it (Debian's cluster), with a throwaway database of
    a name of its own owned by the ``portal`` role; ``close()`` drops it and stops the server if
    this run started it. ``url`` is None and ``failure`` says why when there is no server."""

    def __init__(self):
        self.url, self.name, self.started, self.failure = None, None, None, None
        try:
            if not shutil.which("pg_lsclusters"):
                raise RuntimeError("PostgreSQL is not installed (no pg_lsclusters)")
            clusters = subprocess.run(
                ["pg_lsclusters", "-h"], check=True, capture_output=True, text=True
            ).stdout.split()
            if "online" not in clusters:
                version = sorted(
                    os.listdir("/usr/lib/postgresql"), key=lambda v: [int(p) for p in v.split(".")]
                )[-1]
                subprocess.run(
                    ["pg_ctlcluster", version, "main", "start"], check=True, capture_output=True
                )
                self.started = version
            subprocess.run(
                [
                    "su",
                    "postgres",
                    "-c",
                    "psql -qtc \"SELECT 1 FROM pg_roles WHERE rolname='portal'\" | grep -q 1 "
                    "|| psql -qc \"CREATE ROLE portal LOGIN SUPERUSER PASSWORD 'portal'\"",
                ],
                check=True,
                capture_output=True,
            )
            self.name = f"portal_bench_{secrets.token_hex(4)}"
            psql(f"CREATE DATABASE {self.name} OWNER portal")
            self.url = f"postgres://portal:portal@127.0.0.1:5432/{self.name}"
        except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", None)
            detail = detail.decode(errors="replace") if isinstance(detail, bytes) else detail
            self.failure = f"{error}{': ' + detail.strip() if detail else ''}"
            self.close()

    def close(self):
        if self.name:
            with contextlib.suppress(subprocess.CalledProcessError):
                psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            self.name = None
        if self.started:
            subprocess.run(["pg_ctlcluster", self.started, "main", "stop"], check=False)
            self.started = None


def start_gunicorn(env, port, log):
    """gunicorn as production runs it: ``deploy/gunicorn.conf.py`` with its hooks, bind, workers
    and threads from its environment variables."""
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "portal.wsgi:application"],
        cwd=ROOT,
        env={
            **env,
            "PORTAL_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(WORKERS),
            "PORTAL_THREADS": str(THREADS),
            # Info: its log says when a worker is replaced (``max_requests``), which is counted.
            "LOG_LEVEL": "INFO",
        },
        stdout=log,
        stderr=log,
    )
    for _attempt in range(300):
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting: see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        stop(process)
        raise RuntimeError("gunicorn did not start")
    # Both workers answer before anything is timed.
    for _request in range(4 * WORKERS):
        get(port, "/ru/")
    return process


# --- Clients ----------------------------------------------------------------------------------


def get(port, path, headers=None, connection=None):
    """One GET (a new connection unless one is given); status and body."""
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    response = connection.getresponse()
    return response.status, response.read()


def _client(port, path, headers, seconds, queue):
    """One client process: keep-alive GETs of *path* for *seconds*; latencies in ms. A connection
    the server closed (a worker replaced after ``max_requests``) is opened again."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    latencies, errors, reconnects = [], 0, 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            reconnects += 1
            continue
        latencies.append((time.perf_counter() - began) * 1000)
        if response.status != 200:
            errors += 1
    queue.put((latencies, errors, reconnects))


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))]


# What browsers and calendar apps send: WhiteNoise and the page cache both keep a gzipped copy.
ACCEPT = {"Accept-Encoding": "gzip"}


def load(port, path, headers=None, clients=CLIENTS, seconds=SECONDS):
    headers = {"Host": "127.0.0.1", **ACCEPT, **(headers or {})}
    _client(port, path, headers, 0.3, multiprocessing.Queue())  # warm the page cache
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_client, args=(port, path, headers, seconds, queue))
        for _ in range(clients)
    ]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = [value for result in results for value in result[0]]
    return {
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "errors": sum(result[1] for result in results),
        "reconnects": sum(result[2] for result in results),
    }


def one_at_a_time(port, path, requests=SCALE_REQUESTS):
    """*requests* uncached GETs of *path* one after another (after two not counted, one per
    worker's first time); p50, p95 in ms, body size in KB and the events a feed holds."""
    headers = {"Cookie": "sessionid=bench-uncached"}
    for _warm in range(2):
        get(port, path, headers)
    latencies, body = [], b""
    for _request in range(requests):
        began = time.perf_counter()
        status, body = get(port, path, headers)
        latencies.append((time.perf_counter() - began) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    return {
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "kb": len(body) / 1024,
        "events": body.count(b"BEGIN:VEVENT"),
    }


def _signups(port, first, count, days, queue):
    """Sign-ups *first*..*first+count*: the form (a session and its CSRF token), then the POST
    from an address of its own (the rate limits count visitors by address). Each ends
    registered (sent on to its ticket), refused (any other answer under 500: the form again with
    an error, a rate limit) or failed (5xx, or no answer)."""
    sys.path.insert(0, str(ROOT))
    from tests.helpers import make_iin

    outcome = {"registered": 0, "refused": 0, "failed": 0}
    for serial in range(first, first + count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        address = f"10.{serial // 62500}.{serial // 250 % 250}.{serial % 250 + 1}"
        base = {"Host": "127.0.0.1", "X-Forwarded-For": address}
        try:
            connection.request("GET", "/ru/reception/sign-up/", headers=base)
            response = connection.getresponse()
            page = response.read().decode()
            if response.status >= 500:
                outcome["failed"] += 1
                continue
            cookies = "; ".join(
                value.split(";", 1)[0]
                for name, value in response.getheaders()
                if name.lower() == "set-cookie"
            )
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            body = urlencode(
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
                    "preferred_day": days[serial % len(days)],
                    "consent": "on",
                }
            )
            connection.request(
                "POST",
                "/ru/reception/sign-up/",
                body=body,
                headers={
                    **base,
                    "Cookie": cookies,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": "http://127.0.0.1/ru/reception/sign-up/",
                },
            )
            answer = connection.getresponse()
            answer.read()
        except (http.client.HTTPException, OSError, AttributeError):
            outcome["failed"] += 1
            continue
        finally:
            connection.close()
        if answer.status == 302 and "/ticket/" in (answer.getheader("Location") or ""):
            outcome["registered"] += 1
        elif answer.status >= 500:
            outcome["failed"] += 1
        else:
            outcome["refused"] += 1
    queue.put(outcome)


def signups(port, env, clients, total=SIGNUPS, offset=0):
    """Valid sign-ups from *clients* processes at once: registered per second (refused and
    failed ones are not throughput) and the count of each outcome."""
    days = child(env, "signup_days")
    queue = multiprocessing.Queue()
    share = total // clients
    processes = [
        multiprocessing.Process(
            target=_signups, args=(port, offset + index * share, share, days, queue)
        )
        for index in range(clients)
    ]
    began = time.perf_counter()
    for process in processes:
        process.start()
    outcomes = [queue.get() for _ in processes]
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    total = {key: sum(outcome[key] for outcome in outcomes) for key in outcomes[0]}
    return {"clients": clients, "rate": total["registered"] / elapsed, **total}


def worker_memory(master):
    """Peak resident memory (VmHWM) of each gunicorn worker, in MB."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            peak = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            if peak:
                peaks.append(int(peak.group(1)) / 1024)
    return peaks


def addresses(port):
    _status, page = get(port, "/ru/schedule/")
    page = page.decode()
    official = re.search(r'href="(/ru/schedule/official/[\w-]+/)"', page).group(1)
    _status, official_page = get(port, official)
    feed = re.search(r"(/ru/calendar/official/[\w-]+\.ics)", official_page.decode())
    static = re.search(r'href="(/static/css/[^"]+\.css)"', page).group(1)
    return {
        "static file": static,
        "home": "/ru/",
        "schedule": "/ru/schedule/",
        "official page": official,
        "all-receptions feed": "/ru/calendar/all.ics",
        "official's feed": feed.group(1),
        "CSV": "/ru/schedule/csv/",
    }


def booted(log_path):
    """How many times gunicorn's log says a worker booted so far."""
    return log_path.read_bytes().count(b"Booting worker")


def throughput(port, log_path):
    """Each address cached and uncached, with the static file loaded again before each address
    (interleaved): the baseline is the median of those static runs, so a busy moment of the
    machine moves the baseline as it moves the pages."""
    measured, statics = [], []
    urls = addresses(port)
    static = urls.pop("static file")
    for name, path in urls.items():
        statics.append(load(port, static))
        for variant, headers in (
            ("cached", {}),
            ("uncached", {"Cookie": "sessionid=bench-uncached"}),
        ):
            before = booted(log_path)
            figures = load(port, path, headers)
            figures["replaced"] = booted(log_path) - before
            measured.append((name, variant, figures))
    baseline = dict(sorted(statics, key=lambda figures: figures["rps"])[len(statics) // 2])
    baseline["replaced"], baseline["runs"] = 0, len(statics)
    baseline["range"] = (min(f["rps"] for f in statics), max(f["rps"] for f in statics))
    rows = [("static file", "", baseline), *measured]
    for name, variant, figures in rows:
        figures["ratio"] = figures["rps"] / baseline["rps"]
        print(
            f"  {name:>20} {variant:>8} {figures['rps']:>7.0f} req/s  "
            f"p50 {figures['p50']:>7.1f} p95 {figures['p95']:>7.1f} "
            f"p99 {figures['p99']:>7.1f} ms  ratio {figures['ratio']:.3f}"
            + (f"  non-200 {figures['errors']}" if figures["errors"] else "")
            + (f"  workers replaced {figures['replaced']}" if figures["replaced"] else ""),
            flush=True,
        )
    return rows


# --- One database -----------------------------------------------------------------------------


def bench_database(kind, database_url, tmp):
    """Everything on one database; a dict of its figures."""
    result = {"kind": kind, "scaling": [], "rows": [], "signups": []}
    redis, redis_url = start_redis(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORTAL_BASE_URL": "https://bench.example.kz",
        "CSRF_TRUSTED_ORIGINS": "https://bench.example.kz",
        "SECURE_SSL_REDIRECT": "0",
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
        "PRIVATE_MEDIA_ROOT": f"{tmp}/private",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    result["cache"] = "Redis" if redis_url else "the database cache"
    log_path = Path(tmp) / f"gunicorn-{kind}.log"
    gunicorn = None
    try:
        print(f"== {kind}: building the database", flush=True)
        build_database(env)
        for size in SCALE:
            spread = child(env, "fill", str(size), str(horizon_months(size)))
            print(f"== {kind}, {spread['days']} upcoming days: {spread}", flush=True)
            port = free_port()
            with open(log_path, "ab") as log:
                gunicorn = start_gunicorn(env, port, log)
            scaled = {
                "size": size,
                "spread": spread,
                "schedule": one_at_a_time(port, "/ru/schedule/"),
                "feed": one_at_a_time(port, "/ru/calendar/all.ics"),
            }
            print(
                f"  schedule p50 {scaled['schedule']['p50']:.0f} p95 "
                f"{scaled['schedule']['p95']:.0f} ms; feed p50 {scaled['feed']['p50']:.0f} "
                f"p95 {scaled['feed']['p95']:.0f} ms, {scaled['feed']['events']} events",
                flush=True,
            )
            if size == DAYS:
                result["days"] = spread["days"]
                result["rows"] = throughput(port, log_path)
                for offset, clients in ((0, 1), (1000, 8)):
                    log_size = log_path.stat().st_size
                    outcome = signups(port, env, clients, offset=offset)
                    with open(log_path, "rb") as log:
                        log.seek(log_size)
                        # One line per logged error (JSON lines, traceback included).
                        outcome["locked"] = sum(
                            b"database is locked" in line for line in log.read().splitlines()
                        )
                    result["signups"].append(outcome)
                    print(f"  sign-ups: {outcome}", flush=True)
                result["overbooked"] = child(env, "overbooked")
            scaled["memory"] = worker_memory(gunicorn.pid)
            result["scaling"].append(scaled)
            print(f"  worker peak memory: {scaled['memory']}", flush=True)
            stop(gunicorn)
            gunicorn = None
            if size == DAYS:
                print(f"== {kind}: feed build", flush=True)
                result["feed_build"] = child(env, "feed_build", str(FEED_RUNS))
                print(f"  {result['feed_build']}", flush=True)
    finally:
        stop(gunicorn)
        stop(redis, timeout=10)
    return result


def main():
    began = time.perf_counter()
    results = []
    for kind in DATABASES:
        tmp = tempfile.mkdtemp(prefix=f"portal-bench-{kind}-")
        server = None
        try:
            if kind == "sqlite":
                url = f"sqlite:///{tmp}/bench.sqlite3"
            elif os.environ.get("BENCH_DATABASE_URL"):
                url = os.environ["BENCH_DATABASE_URL"]
            else:
                server = PostgreSQL()
                url = server.url
                if url is None:
                    print(f"== {kind}: not measured: {server.failure}", flush=True)
                    results.append({"kind": kind, "failure": server.failure})
                    continue
            try:
                results.append(bench_database(kind, url, tmp))
            except (RuntimeError, subprocess.CalledProcessError) as error:
                print(f"== {kind}: failed: {error}", flush=True)
                results.append({"kind": kind, "failure": f"the run failed: {error}"})
        finally:
            if server:
                server.close()
            shutil.rmtree(tmp, ignore_errors=True)
    write_report(results, time.perf_counter() - began)


# --- The report -------------------------------------------------------------------------------


def machine():
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    system = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu})"
    return f"{system}, Python {platform.python_version()}"


def verdict(met):
    return "met" if met else "**NOT met**"


def _scaled(result, size):
    return next((row for row in result.get("scaling", []) if row["size"] == size), None)


def targets_table(results):
    measured = [result for result in results if "failure" not in result]
    lines = [
        "| target (issue 13) | " + " | ".join(NAMES[r["kind"]] for r in measured) + " |",
        "|---|" + "---|" * len(measured),
    ]

    def row(label, cell):
        lines.append(f"| {label} | " + " | ".join(cell(result) for result in measured) + " |")

    def cached(result, home):
        ratios = [
            figures["ratio"]
            for name, variant, figures in result["rows"]
            if variant == "cached" and (name == "home") == home
        ]
        if not ratios:
            return "not measured"
        wanted = TARGETS["home"] if home else TARGETS["cached"]
        return f"{min(ratios):.2f}{'' if home else ' (lowest)'}: {verdict(min(ratios) >= wanted)}"

    row(f"cached home ≥ {TARGETS['home']} of static", lambda r: cached(r, True))
    row(f"cached pages and feeds ≥ {TARGETS['cached']} of static", lambda r: cached(r, False))

    def schedule(result):
        scaled = _scaled(result, 2000)
        if not scaled:
            return "not measured"
        p95 = scaled["schedule"]["p95"]
        return f"{p95:.0f} ms: {verdict(p95 < TARGETS['schedule_p95'])}"

    row(
        f"uncached schedule p95 < {TARGETS['schedule_p95']} ms at 2,000 days (one at a time)",
        schedule,
    )

    def feed(result):
        build = result.get("feed_build")
        if not build:
            return "not measured"
        return f"{build['ratio']:.2f}×: {verdict(build['ratio'] <= TARGETS['feed_ratio'])}"

    row(f"feed build ≤ {TARGETS['feed_ratio']}× bare icalendar", feed)

    def memory(result):
        scaled = _scaled(result, MEMORY_AT)
        if not scaled or not scaled["memory"]:
            return "not measured"
        peak = max(scaled["memory"])
        return f"{peak:.0f} MB: {verdict(peak < TARGETS['memory'])}"

    row(f"worker peak memory < {TARGETS['memory']} MB at 10,000 days", memory)

    def over(result):
        if "overbooked" not in result:
            return "not measured"
        return f"{result['overbooked']}: {verdict(result['overbooked'] == 0)}"

    row("overbooked days 0", over)
    return lines


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def database_section(result):
    name = NAMES.get(result["kind"], result["kind"])
    lines = [f"## {name}", ""]
    if "failure" in result:
        return [*lines, f"Not measured: {result['failure']}", ""]
    lines += [
        f"{result.get('days', '?')} upcoming reception days; shared cache: {result['cache']}.",
        "",
        "| address | variant | req/s | p50 ms | p95 ms | p99 ms | ratio to static | target | "
        "workers replaced |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for address, variant, figures in result["rows"]:
        target = ""
        if variant == "cached":
            wanted = TARGETS["home"] if address == "home" else TARGETS["cached"]
            target = f"≥ {wanted}: {verdict(figures['ratio'] >= wanted)}"
        errors = f" ({figures['errors']} not 200)" if figures["errors"] else ""
        if not variant:
            low, high = figures["range"]
            variant = (
                f"baseline: median of {figures['runs']} runs, one before each address "
                f"({low:.0f}-{high:.0f} req/s)"
            )
        lines.append(
            f"| {address} | {variant} | {figures['rps']:.0f}{errors} | "
            f"{figures['p50']:.1f} | {figures['p95']:.1f} | {figures['p99']:.1f} | "
            f"{figures['ratio']:.3f} | {target} | {figures['replaced']} |"
        )
    lines += [
        "",
        "Workers replaced: how many times a worker was replaced during the row, by the "
        f"configuration's `max_requests` ({CONFIG['max_requests']:,}, jitter "
        f"{CONFIG['max_requests_jitter']:,}); the requests waiting for the new worker to load are "
        "in that row's p99.",
        "",
        "| sign-ups (the form, then the POST) | registered per second | registered | refused | "
        "failed (5xx, no answer) | of them “database is locked” |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for outcome in result["signups"]:
        clients = outcome["clients"]
        lines.append(
            f"| {clients} client process{'es' if clients > 1 else ''} | {outcome['rate']:.1f} | "
            f"{outcome['registered']} | {outcome['refused']} | {outcome['failed']} | "
            f"{outcome['locked']} |"
        )
    over = result.get("overbooked")
    lines += [
        "",
        f"Overbooked days after the sign-ups: **{over}** (target 0: {verdict(over == 0)}).",
        "",
    ]
    return lines


def scaling_section(results):
    lines = [
        "## How cost grows with the number of days",
        "",
        f"Uncached (a session cookie), one request at a time, {SCALE_REQUESTS} requests after two "
        "not counted; a fresh gunicorn for each size, so each peak memory is that size's "
        "(at the size of the table above it includes that table's load and the sign-ups). "
        "Only the page cache is bypassed: what the product keeps elsewhere (the feed's event "
        "fragments) stays warm after the first request, as on a server.",
        "",
        "| database | upcoming days | horizon | schedule p50 / p95 ms | schedule KB | "
        "all-receptions feed p50 / p95 ms | feed events | feed KB | worker peak memory MB | "
        "target |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for result in results:
        for scaled in result.get("scaling", []):
            schedule, feed, spread = scaled["schedule"], scaled["feed"], scaled["spread"]
            memory = ", ".join(f"{m:.0f}" for m in scaled["memory"])
            notes = []
            if scaled["size"] == 2000:
                notes.append(
                    f"p95 < {TARGETS['schedule_p95']} ms: "
                    + verdict(schedule["p95"] < TARGETS["schedule_p95"])
                )
            if scaled["size"] == MEMORY_AT and scaled["memory"]:
                notes.append(
                    f"memory < {TARGETS['memory']} MB: "
                    + verdict(max(scaled["memory"]) < TARGETS["memory"])
                )
            lines.append(
                f"| {NAMES[result['kind']]} | {spread['days']} | {spread['months']} months, "
                f"{spread['working_days']} working days | {schedule['p50']:.0f} / "
                f"{schedule['p95']:.0f} | {schedule['kb']:.0f} | {feed['p50']:.0f} / "
                f"{feed['p95']:.0f} | {feed['events']} | {feed['kb']:.0f} | {memory} | "
                f"{'; '.join(notes)} |"
            )
    return [*lines, ""]


def feed_section(results):
    lines = [
        "## Feed build per event against bare icalendar",
        "",
        f"The all-receptions feed's body in `ru` at {DAYS:,} days, built from scratch in one "
        "process (every configured cache, pages and fragments, emptied before each build), "
        f"median of {FEED_RUNS} runs each, "
        "product and bare interleaved. **The product's figure includes reading its days from "
        "the database** (its `_build_feed` reads them in chunks of 500 while it builds, so the "
        "read cannot be taken out; queries counted below); bare icalendar starts from values "
        "already in memory. Bare: "
        "`icalendar.Calendar`/`Event` with the same calendar and event properties (UID, DTSTAMP, "
        "LAST-MODIFIED, CREATED, SEQUENCE, DTSTART/DTEND with TZID, STATUS, SUMMARY, LOCATION, "
        "DESCRIPTION, URL, CATEGORIES, TRANSP: whatever the product's events carry, read back "
        "from its output) as plain precomputed strings, numbers and date-times, the VTIMEZONE "
        "from `add_missing_timezones`, then `to_ical()`.",
        "",
        "| database | events | product ms/event | bare icalendar ms/event | ratio | target "
        "≤ 1.3× | product again, fragments kept, ms/event | queries in a build | same bytes |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for result in results:
        build = result.get("feed_build")
        if not build:
            continue
        lines.append(
            f"| {NAMES[result['kind']]} | {build['events']} | {build['product_ms']:.3f} | "
            f"{build['bare_ms']:.3f} | {build['ratio']:.2f}× | "
            f"{verdict(build['ratio'] <= TARGETS['feed_ratio'])} | {build['kept_ms']:.3f} | "
            f"{build['queries']} | "
            f"{'yes' if build['same_bytes'] else 'no'} ({build['product_kb']:.0f} / "
            f"{build['bare_kb']:.0f} KB) |"
        )
    return [*lines, ""]


def write_report(results, elapsed):
    conf = GUNICORN_CONF.read_text()
    hook = "with" if "gc.freeze" in conf else "without"
    spreads = {
        scaled["size"]: scaled["spread"]
        for result in results
        for scaled in result.get("scaling", [])
    }
    spread_text = "; ".join(
        f"{size:,} over {spread['months']} months ({spread['working_days']} working days, "
        f"{spread['officials']} officials, {spread['venues']} venues)"
        for size, spread in sorted(spreads.items())
    )
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`tests/bench.py`); figures of one run, not edited by hand.",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; the run took "
        f"{elapsed / 60:.1f} minutes",
        f"- machine: {machine()}",
        f"- server: gunicorn `-c deploy/gunicorn.conf.py` ({hook} its `gc.freeze()` hook), "
        f"{WORKERS} workers × {THREADS} threads, `portal.settings.production`, loopback; load "
        f"from {CLIENTS} client processes with keep-alive, asking for gzip as browsers and "
        f"calendar apps do, {SECONDS:g} s per row",
        "- databases: SQLite (a file) and PostgreSQL (a throwaway database on the local server), "
        "each with the demo content and the same generated days",
        "- days: spread evenly over the working days (Monday to Friday) of the schedule's "
        "horizon (`ReceptionSettings.schedule_horizon_months`, set in the bench database), "
        "officials and venues taken in turn, one-hour slots 09:00-12:00 and 14:00-18:00, 5 "
        f"places each: {spread_text}",
        "- cached: an anonymous visitor (served by the page cache); uncached: the same address "
        "with a session cookie, which the page cache never serves",
        "",
        "## Targets",
        "",
        *targets_table(results),
        "",
    ]
    for result in results:
        lines += database_section(result)
    lines += scaling_section(results)
    lines += feed_section(results)
    OUTPUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"written to {OUTPUT.relative_to(ROOT)}")


CHILDREN = {
    "fill": child_fill,
    "signup_days": child_signup_days,
    "overbooked": child_overbooked,
    "feed_build": child_feed_build,
}

if __name__ == "__main__":
    if len(sys.argv) > 1:
        CHILDREN[sys.argv[1]](*sys.argv[2:])
    else:
        main()
