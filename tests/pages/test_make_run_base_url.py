"""`make run PORT=8811` serves on 8811 and the links the site sends (e-mails, admin) say 8811 too:
the run target hands PORTAL_BASE_URL, derived from PORT, to the web server and the task worker,
unless it is already set; the development settings read it."""

import importlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from portal.settings.base import BASE_DIR

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="needs GNU make")


def run_target_environment(**env):
    """What PORTAL_BASE_URL the commands of `make run` get: make runs the real recipe with
    setup skipped (-o) and manage.py replaced by a command that prints the variable."""
    environment = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}
    environment.update(env)
    printer = "sh -c 'echo \"base=$$PORTAL_BASE_URL\"' manage.py"
    result = subprocess.run(
        [MAKE, "--no-print-directory", "-o", "setup", "run", f"MANAGE={printer}", "PORT=8811"],
        cwd=Path(BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return sorted({line for line in result.stdout.splitlines() if line.startswith("base=")})


def test_make_run_derives_the_base_url_from_port():
    # Both the worker (which sends the e-mails) and the web server see it.
    assert run_target_environment() == ["base=http://127.0.0.1:8811"]


def test_make_run_keeps_a_base_url_already_given():
    given = run_target_environment(PORTAL_BASE_URL="https://qabyldau.example.kz")
    assert given == ["base=https://qabyldau.example.kz"]


def test_dev_settings_read_the_base_url(monkeypatch):
    import portal.settings.dev as dev

    monkeypatch.setenv("PORTAL_BASE_URL", "http://127.0.0.1:8811")
    try:
        assert importlib.reload(dev).WAGTAILADMIN_BASE_URL == "http://127.0.0.1:8811"
    finally:
        monkeypatch.delenv("PORTAL_BASE_URL")
        importlib.reload(dev)
