"""The settings rows every page reads (the portal's and the reception office's) come from the
shared cache; a save is seen at once, by every node."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from booking.models import ReceptionSettings
from pages.models import PortalSettings

pytestmark = pytest.mark.django_db

MODELS = [ReceptionSettings, PortalSettings]


@pytest.mark.parametrize("model", MODELS)
def test_settings_are_read_once_then_from_the_shared_cache(model, home):
    model.load()
    with CaptureQueriesContext(connection) as queries:
        model.load()
    assert len(queries) == 0


def test_a_saved_setting_is_read_back_at_once(home):
    settings = ReceptionSettings.load()
    settings.schedule_horizon_months = 7
    settings.save()
    assert ReceptionSettings.load().schedule_horizon_months == 7


def test_a_copy_cached_before_the_commit_is_forgotten_at_the_commit(
    home, django_capture_on_commit_callbacks
):
    portal = PortalSettings.load()
    old = PortalSettings.objects.get(pk=portal.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        portal.office_phone = "+7 7000 55 44 33"
        portal.save()
        # Another node reads before this commits: it sees, and caches, the row as it was.
        cache.set(PortalSettings._shared_key(), old, None)
    assert PortalSettings.load().office_phone == "+7 7000 55 44 33"
