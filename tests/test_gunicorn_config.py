"""The production gunicorn configuration (deploy/gunicorn.conf.py), as gunicorn loads it."""

import gc
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


def test_a_worker_freezes_the_loaded_application_out_of_the_collectors_reach(monkeypatch):
    config = runpy.run_path(str(CONFIG))
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    config["post_worker_init"](SimpleNamespace(log=logging.getLogger("test")))
    assert frozen == [True]


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORTAL_BIND", "127.0.0.1:8123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PORTAL_THREADS", "2")
    config = runpy.run_path(str(CONFIG))
    assert (config["bind"], config["workers"], config["threads"]) == ("127.0.0.1:8123", 3, 2)
    assert config["worker_class"] == "gthread" and config["accesslog"] is None
