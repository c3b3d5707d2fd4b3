"""Rows of the schedule table rendered once and kept in the fragment cache, each keyed by every
fact it shows: the day (its id, ``sequence`` and modification time, which every change of the
day raises), its official's, organisation's, venue's and the day it moved to (their
modification times), the mode shown (restriction mode), the places left, whether it still takes
sign-ups, the address of the official's page, the language with its catalogue, and the row's
template. A change of any of them gives a new key, so no stale row is ever shown; old entries
are never read again and leave the cache by its own limits."""

import functools
import hashlib
from pathlib import Path

from django.core.cache import caches
from django.template.loader import get_template, render_to_string
from django.utils.translation import get_language

from booking.domain import capacity
from portal.i18n import catalogue_fingerprint

TEMPLATE = "includes/schedule_row.html"
CACHE = "fragments"
# Kept a day at most: rows of days long past are not asked for again.
SECONDS = 24 * 3600


@functools.cache
def template_fingerprint():
    """The row template's source, hashed once per process (a deploy that changes it)."""
    return hashlib.sha256(Path(get_template(TEMPLATE).origin.name).read_bytes()).hexdigest()[:16]


def _stamp(obj):
    return None if obj is None else (obj.pk, obj.updated_at.isoformat())


def row_key(row, can_sign_up, show_official, add_to_calendar, language):
    day = row.day
    facts = (
        template_fingerprint(),
        language,
        catalogue_fingerprint(language),
        str(day.public_id),
        day.pk,
        day.sequence,
        day.updated_at.isoformat(),
        _stamp(row.official),
        _stamp(row.organisation),
        _stamp(row.venue),
        _stamp(row.moved_to),
        row.mode,
        row.places_left,
        can_sign_up,
        row.official_url,
        bool(show_official),
        bool(add_to_calendar),
    )
    return "schedule-row:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def rendered_rows(rows, show_official=False, add_to_calendar=False):
    """[(row, its HTML)] for *rows*, from the fragment cache where it has them (one round trip),
    rendering and storing the others."""
    cache = caches[CACHE]
    language = get_language()
    items = []
    for row in rows:
        can_sign_up = row.is_active and capacity.is_open_for_sign_up(row.day)
        key = row_key(row, can_sign_up, show_official, add_to_calendar, language)
        items.append((row, can_sign_up, key))
    found = cache.get_many([key for _row, _open, key in items]) if items else {}
    missing = {}
    result = []
    for row, can_sign_up, key in items:
        html = found.get(key)
        if html is None:
            html = render_to_string(
                TEMPLATE,
                {
                    "row": row,
                    "can_sign_up": can_sign_up,
                    "show_official": show_official,
                    "add_to_calendar": add_to_calendar,
                },
            )
            missing[key] = html
        # A SafeString, kept as one by the cache (pickled): the row template escaped its text.
        result.append((row, html))
    if missing:
        cache.set_many(missing, SECONDS)
    return result
