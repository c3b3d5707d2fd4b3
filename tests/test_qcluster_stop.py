"""The task worker stops cleanly when SIGTERM reaches its whole process group, as systemd's
default ``KillMode=control-group`` sends it: every process gone, exit status 0, no SIGKILL
needed (``portal/management/commands/qcluster.py``). A real process on the test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from portal.settings.base import BASE_DIR

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")

# django-q2's main process, its sentinel, two workers, the monitor and the pusher.
CLUSTER_PROCESSES = 6
# Far beyond a clean stop (about 2 s); only there so that a hang fails instead of blocking CI.
HANG = 45


def group_members(pgid):
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state, ppid, pgrp.
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_qcluster_stops_cleanly_on_sigterm_to_its_process_group(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url(),
    }
    log = (tmp_path / "qcluster.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as under systemd
    )
    pgid = worker.pid
    try:
        deadline = time.monotonic() + HANG
        while len(group_members(pgid)) < CLUSTER_PROCESSES:
            assert worker.poll() is None, (tmp_path / "qcluster.log").read_text()
            assert time.monotonic() < deadline, "the cluster never started"
            time.sleep(0.2)

        os.killpg(pgid, signal.SIGTERM)
        status = worker.wait(timeout=HANG)

        assert status == 0, (tmp_path / "qcluster.log").read_text()
        # Nothing of the cluster is left behind, no process waiting for a SIGKILL.
        time.sleep(0.5)
        assert group_members(pgid) == []
    finally:
        if worker.poll() is None or group_members(pgid):
            os.killpg(pgid, signal.SIGKILL)
            worker.wait()
        log.close()
