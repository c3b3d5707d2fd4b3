from io import StringIO

import pytest
from django.core.management import call_command

from pages import demo


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (settings, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """The Kazakh home page (the default site's root) and its Russian translation."""
    demo.ensure_portal_settings()
    return demo.ensure_home_pages()


@pytest.fixture
def demo_site(db):
    """The whole bilingual demo site, as `manage.py seed_demo` builds it."""
    call_command("seed_demo", "--no-admin", stdout=StringIO())
    return demo.ensure_home_pages()
