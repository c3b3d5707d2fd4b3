"""Fixtures and options shared by the whole suite.

- ``demo_site``: the bilingual demo site, built once per test module inside a transaction that
  is rolled back after the module's last test (each test still runs in its own savepoint);
  ``demo_site_committed`` builds it for transactional tests (browser, threads).
- ``@pytest.mark.rule("R13")`` marks a test that proves a rule of the design guide;
  ``pytest --rule R13`` runs just those.
"""

import importlib
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from pages import demo
from tests.factories import get_locale

RULE_ID = re.compile(r"^R(0[1-9]|[12]\d|3[0-3])$")


def pytest_addoption(parser):
    parser.addoption(
        "--rule",
        action="append",
        default=[],
        metavar="RNN",
        help="run only the tests that prove this rule of the design guide (repeatable)",
    )
    parser.addoption(
        "--rule-map",
        metavar="FILE",
        help="write each collected test's rule ids to FILE as JSON (with --collect-only)",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "rule(*ids): the test proves these rules of the design guide (R01-R33)"
    )


def rule_ids(item):
    return {rule for marker in item.iter_markers("rule") for rule in marker.args}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for rule in rule_ids(item):
            if not RULE_ID.match(str(rule)):
                raise pytest.UsageError(f"{item.nodeid}: {rule!r} is not a rule id R01-R33")
    wanted = set(config.getoption("--rule"))
    if not wanted:
        return
    selected = [item for item in items if rule_ids(item) & wanted]
    config.hook.pytest_deselected(items=[item for item in items if item not in selected])
    items[:] = selected


def pytest_collection_finish(session):
    path = session.config.getoption("--rule-map")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({item.nodeid: sorted(rule_ids(item)) for item in session.items}, out)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (settings, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(client, django_user_model):
    """A client logged into the admin as a superuser; the site has both languages."""
    get_locale("kk")
    get_locale("ru")
    user = django_user_model.objects.create_superuser(
        "editor", "editor@altyntau.example.kz", "not-a-real-password"
    )
    client.force_login(user)
    return client


# Data migrations whose rows a test may need: the staff roles and the press office's rights.
ROLE_MIGRATIONS = [
    ("booking", "0010_staff_groups", "create_groups"),
    ("pages", "0006_press_office_news_permissions", "grant"),
]


@pytest.fixture
def staff_groups(db):
    """The staff roles as their migrations make them. A transactional test empties every table
    when it ends, and the same worker may run this test after one: the rows come back the way
    the migrations wrote them (their functions are idempotent)."""
    from django.contrib.auth.models import Group

    if Group.objects.filter(name="Қабылдау бөлмесі (Приёмная)").exists():
        return
    executor = MigrationExecutor(connection)
    for app, name, function in ROLE_MIGRATIONS:
        state = executor.loader.project_state((app, name), at_end=True)
        migration = importlib.import_module(f"{app}.migrations.{name}")
        getattr(migration, function)(state.apps, None)


@pytest.fixture
def home(db):
    """The Kazakh home page (the default site's root) and its Russian translation."""
    demo.ensure_portal_settings()
    return demo.ensure_home_pages()


def build_demo_site():
    call_command("seed_demo", "--no-admin", stdout=StringIO())


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """The demo site, built once for the module that asks for it and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            build_demo_site()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_site(_demo_module, db):
    """The whole bilingual demo site, as `manage.py seed_demo` builds it."""
    return demo.ensure_home_pages()


@pytest.fixture
def demo_site_committed(transactional_db):
    """The demo site for a transactional test (a live server, threads): built and committed."""
    build_demo_site()
    return demo.ensure_home_pages()
