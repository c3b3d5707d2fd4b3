"""Production smoke test (run by .ci/run; docs/deploy.md explains what it shows).

On this machine's loopback only: a PostgreSQL database and a Redis server of its own, the
production settings, two gunicorn instances (two "app nodes") and one qcluster, an SMTP sink.
It drives a sign-up through node A and sees it on node B, with the shared rate-limit counters;
sees the ticket e-mail leave through the worker; runs the capacity race over HTTP (20
concurrent sign-ups for 5 places, none overbooked); then stops everything it started.

Needs: PostgreSQL running on 127.0.0.1:5432 with the role portal/portal (as .ci/run sets it up),
redis-server on PATH, the project's virtualenv. Exits non-zero on the first failure.
"""

import concurrent.futures
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.helpers import make_iin  # noqa: E402 (after the path is set)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "qabyldau.test"
DATABASE = "portal_smoke"
CAPACITY, CONCURRENT = 5, 20
started = []
checks = {"passed": 0}


def say(text):
    print(f"smoke: {text}", flush=True)


def check(condition, text):
    if not condition:
        raise SystemExit(f"smoke: FAILED: {text}")
    checks["passed"] += 1
    say(f"ok - {text}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- an SMTP sink: the e-mails the worker sends --------------------------------------------
received = []


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 smoke ESMTP")
        message, recipients = None, []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if message is not None:
                if command == ".":
                    received.append({"to": recipients, "body": "".join(message)})
                    message, recipients = None, []
                    self.reply("250 queued")
                else:
                    message.append(line.decode("utf-8", "replace"))
            elif verb == "EHLO":
                self.reply("250-smoke")
                self.reply("250 8BITMIME")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 ok")
            elif verb == "DATA":
                message = []
                self.reply("354 go on")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # HELO, MAIL, RSET, NOOP
                self.reply("250 ok")


def start_smtp():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- processes ------------------------------------------------------------------------------
def spawn(name, command, env, log_dir):
    log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 (open while the process runs)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    started.append((name, process, log_dir / f"{name}.log"))
    return process


def stop_all():
    for name, process, _log in reversed(started):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the whole group, as systemd does
            try:
                process.wait(timeout=60)
                say(f"{name} stopped on SIGTERM (status {process.returncode})")
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                say(f"{name} needed SIGKILL")


def manage(env, *args, check_status=True):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check_status and result.returncode != 0:
        raise SystemExit(f"smoke: manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def psql(sql):
    subprocess.run(["su", "postgres", "-c", f'psql -qc "{sql}"'], check=True)


# --- HTTP as nginx would pass it on ------------------------------------------------------------
class Client:
    """One browser behind the proxy: its own cookies and address."""

    def __init__(self, address):
        self.address = address
        self.cookies = {}

    def request(self, port, method, path, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Accept-Language": "ru",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}{path}"
            headers["Origin"] = f"https://{HOST}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), text


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def form(token, serial, **overrides):
    data = {
        "csrfmiddlewaretoken": token,
        "applicant_kind": "individual",
        "surname": "Тестбаев",
        "given_name": "Асан",
        "iin": make_iin(serial),
        "phone": "8 701 234 56 78",
        "email": f"applicant{serial}@example.kz",
        "question": f"Вопрос {serial}: во дворе нет освещения, прошу принять меры.",
        "topic": "housing",
        "language": "ru",
        "mode": "in_person",
        "priority": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def wait_for(port, name):
    for _attempt in range(150):
        try:
            status, _h, body = Client("127.0.0.1").request(port, "GET", "/healthz")
            if status == 200:
                return body
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"smoke: {name} never answered /healthz")


def main():
    work = Path(tempfile.mkdtemp(prefix="portal-smoke-"))
    redis_port, port_a, port_b = free_port(), free_port(), free_port()
    smtp = start_smtp()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "PORTAL_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": f"postgres://portal:portal@127.0.0.1:5432/{DATABASE}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
        "PRIVATE_MEDIA_ROOT": str(work / "private-media"),
        "MEDIA_ROOT": str(work / "media"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.server_address[1]),
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    try:
        say(f"work folder {work}")
        spawn(
            "redis",
            [
                shutil.which("redis-server"),
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(work),
            ],
            env,
            work,
        )
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        psql(f"CREATE DATABASE {DATABASE} OWNER portal")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        deploy_check = subprocess.run(
            [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        check(deploy_check.returncode == 0, "check --deploy --fail-level WARNING is clean")
        manage(env, "seed_demo", "--no-admin")
        say("migrated PostgreSQL with production settings and loaded the demo content")

        for name, port in (("gunicorn-a", port_a), ("gunicorn-b", port_b)):
            spawn(
                name,
                [GUNICORN, "-c", "deploy/gunicorn.conf.py", "portal.wsgi"],
                {**env, "PORTAL_BIND": f"127.0.0.1:{port}"},
                work,
            )
        worker = spawn("qcluster", [PYTHON, "manage.py", "qcluster"], env, work)
        health = wait_for(port_a, "node A")
        wait_for(port_b, "node B")
        check('"database": "ok"' in health, f"both nodes answer /healthz: {health.strip()}")

        # A sign-up through node A ...
        visitor = Client("198.51.100.7")
        status, _h, page = visitor.request(port_a, "GET", "/ru/reception/sign-up/")
        check(status == 200, "node A shows the sign-up form over HTTPS (via the proxy header)")
        token = csrf_token(page)
        status, headers, _body = visitor.request(
            port_a, "POST", "/ru/reception/sign-up/", form(token, 1)
        )
        check(status == 302, f"node A registers a sign-up (302 to {headers.get('Location')})")
        ticket = headers["Location"]
        number = re.search(r"/reception/([^/]+)/", ticket).group(1)
        # ... is seen on node B, in the same browser session.
        status, _h, body = visitor.request(port_b, "GET", ticket)
        check(status == 200 and number in body, f"node B shows ticket {number}")

        # The rate-limit counters are shared: attempts on A and B count together. A script
        # without a session (only the CSRF cookie), so that the visitor's limit is the one met.
        limit = int(
            manage(
                env,
                "shell",
                "--no-imports",
                "-c",
                "from booking.interfaces.views import LIMITS; print(LIMITS['visitor'][0])",
            )
        )

        def script():
            client = Client(visitor.address)
            client.cookies = {"csrftoken": visitor.cookies["csrftoken"]}
            return client

        for attempt in range(limit - 1):
            port = port_b if attempt % 2 else port_a
            script().request(port, "POST", "/ru/reception/sign-up/", form(token, 2, phone="bad"))
        status, _h, body = script().request(
            port_b, "POST", "/ru/reception/sign-up/", form(token, 3)
        )
        check(
            status == 400 and "Слишком много обращений" in body,
            f"attempt {limit + 1} of one visitor, spread over A and B, is refused on B",
        )
        status, _h, _body = Client("203.0.113.9").request(port_b, "GET", "/ru/reception/sign-up/")
        other = Client("203.0.113.9")
        _s, _h, html = other.request(port_b, "GET", "/ru/reception/sign-up/")
        status, _h, _body = other.request(
            port_b, "POST", "/ru/reception/sign-up/", form(csrf_token(html), 4)
        )
        check(status == 302, "another visitor at the same moment is registered")

        # The ticket e-mail leaves through the worker.
        for _second in range(90):
            if any("applicant1@example.kz" in mail["to"] for mail in received):
                break
            time.sleep(1)
        check(
            any("applicant1@example.kz" in mail["to"] for mail in received),
            f"the worker sent the ticket e-mail over SMTP ({len(received)} message(s))",
        )

        # The capacity race over HTTP: 20 sign-ups at once for a day with 5 places.
        day = re.search(r'name="preferred_day"[^>]*>.*?<option value="(\d+)"', page, re.S)
        check(day is not None, "the form offers a reception day")
        day_id = day.group(1)
        # Exactly CAPACITY places left on it, whatever the demo requests already hold.
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from booking.domain.capacity import places_taken; "
            "from booking.models import ReceptionDay; "
            f"day = ReceptionDay.objects.get(pk={day_id}); "
            f"ReceptionDay.objects.filter(pk={day_id}).update("
            f"capacity=places_taken(day) + {CAPACITY})",
        )

        def sign_up(serial):
            browser = Client(f"192.0.2.{serial}")
            port = port_a if serial % 2 else port_b
            _s, _h, html = browser.request(port, "GET", "/ru/reception/sign-up/")
            return browser.request(
                port,
                "POST",
                "/ru/reception/sign-up/",
                form(
                    csrf_token(html),
                    100 + serial,
                    preferred_day=day_id,
                    email=f"race{serial}@example.kz",
                ),
            )[0]

        with concurrent.futures.ThreadPoolExecutor(CONCURRENT) as pool:
            statuses = list(pool.map(sign_up, range(1, CONCURRENT + 1)))
        held = manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from booking.models import ReceptionRequest as R; "
            "race = R.objects.filter(email__startswith='race'); "
            f"print(race.filter(preferred_day_id={day_id}).count(), "
            f"race.filter(requested_day_id={day_id}).count())",
        ).split()
        say(f"capacity race: statuses {sorted(statuses)}; held {held[0]}, moved {held[1]}")
        check(statuses.count(302) == CONCURRENT, f"all {CONCURRENT} sign-ups registered (R06)")
        check(int(held[0]) == CAPACITY, f"{held[0]} of {CAPACITY} places taken: 0 overbooked")
        check(
            int(held[1]) == CONCURRENT - CAPACITY,
            f"{held[1]} registered for the earliest possible day instead",
        )
        # Backup and restore, as docs/deploy.md tells: pg_dump, pg_restore into a new database,
        # the same requests there.
        dump = work / "portal.dump"
        with dump.open("wb") as out:
            subprocess.run(
                ["su", "postgres", "-c", f"pg_dump -Fc {DATABASE}"], stdout=out, check=True
            )
        psql(f"DROP DATABASE IF EXISTS {DATABASE}_restore")
        psql(f"CREATE DATABASE {DATABASE}_restore OWNER portal")
        with dump.open("rb") as backup:
            restore = f"pg_restore --no-owner --role=portal -d {DATABASE}_restore"
            subprocess.run(["su", "postgres", "-c", restore], stdin=backup, check=True)
        count = "SELECT count(*), max(number) FROM booking_receptionrequest"
        counts = [
            subprocess.run(
                [
                    "su",
                    "postgres",
                    "-c",
                    f'psql -qtAc "{count}" {name}',
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            for name in (DATABASE, f"{DATABASE}_restore")
        ]
        psql(f"DROP DATABASE IF EXISTS {DATABASE}_restore")
        check(counts[0] == counts[1], f"the restored backup holds the same requests ({counts[0]})")
        # The worker stops cleanly on SIGTERM to its process group.
        os.killpg(worker.pid, signal.SIGTERM)
        check(worker.wait(timeout=60) == 0, "qcluster stopped cleanly on SIGTERM to its group")
    finally:
        stop_all()
        smtp.shutdown()
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        for name, _process, log in started:
            text = log.read_text(errors="replace") if log.exists() else ""
            if "Traceback" in text:
                say(f"--- {name} log (it has a traceback) ---\n{text[-4000:]}")
        shutil.rmtree(work, ignore_errors=True)
    say(f"production smoke test: {checks['passed']} checks passed")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    main()
