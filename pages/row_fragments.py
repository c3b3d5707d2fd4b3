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

from django.template.loader import get_template, render_to_string
from django.utils.translation import get_language

from booking.domain import capacity
from portal import cache
from portal.i18n import catalogue_fingerprint

TEMPLATE = "includes/schedule_row.html"


@functools.cache
def template_fingerprint():
    """The row template's source, hashed once per process (a deploy that changes it)."""
    return hashlib.sha256(Path(get_template(TEMPLATE).origin.name).read_bytes()).hexdigest()[:16]


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
        cache.stamp(row.official),
        cache.stamp(row.organisation),
        cache.stamp(row.venue),
        cache.stamp(row.moved_to),
        row.mode,
        row.places_left,
        can_sign_up,
        row.official_url,
        bool(show_official),
        bool(add_to_calendar),
    )
    return cache.fragment_key("schedule-row", facts)


def rendered_rows(rows, show_official=False, add_to_calendar=False):
    """[(row, its HTML)] for *rows*, from the fragment cache where it has them (one round trip),
    rendering and storing the others. The HTML is a SafeString, kept as one by the cache
    (pickled): the row template escaped its text."""
    language = get_language()
    rows = list(rows)
    open_ = [row.is_active and capacity.is_open_for_sign_up(row.day) for row in rows]
    keys = [
        row_key(row, can_sign_up, show_official, add_to_calendar, language)
        for row, can_sign_up in zip(rows, open_, strict=True)
    ]

    def render(index):
        return render_to_string(
            TEMPLATE,
            {
                "row": rows[index],
                "can_sign_up": open_[index],
                "show_official": show_official,
                "add_to_calendar": add_to_calendar,
            },
        )

    return list(zip(rows, cache.fragments(keys, render), strict=True))
