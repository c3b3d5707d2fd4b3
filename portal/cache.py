"""The page cache: anonymous public responses (Wagtail pages, the schedule's routes, feeds, open
data) kept whole in the shared cache and served without touching the database, invalidated
exactly by tags.

How it works:

- A view (or the ``before_serve_page`` hook, for every live public Wagtail page) calls
  ``tag(request, ...)`` to say what its response shows: ``site`` (menus, footer, language
  switch, settings: every cached response), ``page:<translation key>`` (a page and its
  translations), ``booking`` (anything drawn from the directory of officials, organisations and
  venues), ``days`` (lists of reception days: schedule, poster, feeds, open data) and
  ``official:<translation key>`` (one official's page and feed). An untagged response is never
  cached, and gets ``Cache-Control: private, no-store`` unless it says otherwise.
- ``invalidate(*tags)`` gives each tag a new token, now and again when the transaction commits
  (receivers in ``booking.receivers`` and below call it). A cached entry keeps the tokens its
  tags had when it was stored; a hit whose tokens differ is a miss. An entry is not stored at
  all if one of its tags was invalidated while it was being built (its data may be older than
  the change). So nothing stale is served, and a change touches only what shows it.
- One entry per address, language (it is in the address) and encoding: a rebuilt page replaces
  the old one, nothing piles up; entries also expire at the next local midnight (the schedule
  starts "today") and after ``PORTAL_PAGE_CACHE_SECONDS``.
- Visitors carrying a session (editors, staff) are never served from nor stored in the cache:
  their pages show the Wagtail user bar. ``PORTAL_PAGE_CACHE = False`` turns the cache off (tests
  that count the queries of building a page).

``PageCacheMiddleware`` stands in front of everything that reads the database (sessions, the
user, the locale); ``PublicResponseMiddleware`` stands just outside the session middleware and
marks tagged anonymous responses public, with an ETag, without ``Vary: Cookie`` (the visitor had
no session, so every visitor without one gets the same page), so that
``portal.compression.PublicGZipMiddleware`` compresses them.
"""

import datetime
import hashlib
import secrets
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from portal.compression import accepts_gzip

# Browsers and proxies may keep a copy but must ask before using it (a 304 from the cache costs
# next to nothing): an edit is seen at the next look, never after a max-age.
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
PRIVATE_CACHE_CONTROL = "private, no-store"
ENTRY_PREFIX = "pc:entry:"
TAG_PREFIX = "pc:tag:"
SITE = "site"
BOOKING = "booking"
DAYS = "days"
# Headers that belong to one exchange, not to the stored page.
NOT_STORED = {"set-cookie", "date"}


def seconds_to_keep():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 6 * 3600)


def clock_margin_ns():
    """Tokens of two nodes are compared by time: a change this close before a build's start
    counts as made during the build (clocks of nodes differ a little)."""
    return int(getattr(settings, "PORTAL_PAGE_CACHE_CLOCK_MARGIN", 1.0) * 10**9)


# --- Fragments: pieces of pages and feeds kept under keys of every fact they show ---------------
# A fact that changes gives a new key: a fragment is never invalidated, nor ever stale; one
# unread for a day is dropped and made again. Schedule rows (pages.row_fragments) and feed
# events (booking.interfaces.feeds) are kept so.
FRAGMENTS = "fragments"
FRAGMENT_SECONDS = 24 * 3600


def fragment_key(kind, facts):
    """The key of a *kind* of fragment showing *facts* (a tuple of plain values)."""
    return f"{kind}:" + hashlib.blake2b(repr(facts).encode(), digest_size=16).hexdigest()


def stamp(obj):
    """What a fragment needs to know of a shown row: which, and when it last changed."""
    return None if obj is None else (obj.pk, obj.updated_at.isoformat())


def fragments(keys, make):
    """The fragment of each of *keys*: kept ones in one read of the fragment cache, the others
    made (``make(index)``) and kept in one write."""
    store = caches[FRAGMENTS]
    found = store.get_many(keys) if keys else {}
    made = {}
    pieces = []
    for index, key in enumerate(keys):
        piece = found.get(key, made.get(key))
        if piece is None:
            piece = made[key] = make(index)
        pieces.append(piece)
    if made:
        store.set_many(made, FRAGMENT_SECONDS)
    return pieces


def page_tag(translation_key):
    return f"page:{translation_key}"


def official_tag(translation_key):
    return f"official:{translation_key}"


def tag(request, *tags, query_params=(), until=None):
    """Mark the response to *request* as cacheable, showing *tags*. *query_params* are the
    query-string parameters the view reads: an address with any other is not cached (so that
    made-up parameters cannot fill the cache). *until*: the moment the response changes by
    itself (a day listed as open for sign-up ends); it is not kept past it."""
    state = getattr(request, "_page_cache", None)
    if state is None:
        state = request._page_cache = {"tags": set(), "params": set(), "until": None}
    state["tags"].update(tags)
    state["params"].update(query_params)
    if until is not None:
        state["until"] = min(filter(None, (state["until"], until.timestamp())))


def _new_token():
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


def _bump(tags):
    cache.set_many({TAG_PREFIX + name: _new_token() for name in tags}, None)


def invalidate(*tags):
    """Every cached response showing one of *tags* is stale: now (this process and the tests,
    which never commit), and once more when the current transaction commits (a page built from
    the data before the commit is then not kept)."""
    tags = {name for name in tags if name}
    if not tags:
        return
    _bump(tags)
    transaction.on_commit(lambda: _bump(tags))


def _tokens(tags):
    """The current token of each tag; a tag never invalidated since the cache was emptied gets
    one dated 0 (no change can be younger than a build because of it)."""
    keys = [TAG_PREFIX + name for name in tags]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, f"0-{secrets.token_hex(4)}", None)
    if missing:
        found.update(cache.get_many(missing))
    return {key[len(TAG_PREFIX) :]: found.get(key) for key in keys}


def _token_time(token):
    try:
        return int(str(token).split("-", 1)[0])
    except ValueError:
        return 0


def _has_session(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _key(request):
    """The entry's key: scheme, host, path, the query in a fixed order, and the encoding."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    query = "&".join(sorted(request.GET.urlencode().split("&"))) if request.GET else ""
    raw = f"{request.scheme}://{host}{request.path}?{query}|{int(accepts_gzip(request))}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _seconds_left(now):
    """Until the next local midnight (a schedule starts "today"), at most the setting."""
    local = datetime.datetime.fromtimestamp(now, ZoneInfo(settings.TIME_ZONE))
    midnight = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=local.tzinfo
    )
    return max(1, min(seconds_to_keep(), int((midnight - local).total_seconds())))


def _conditional(request, response):
    last_modified = response.get("Last-Modified")
    return (
        get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
        or response
    )


def _from_entry(entry):
    response = HttpResponse(entry["body"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    response.page_cache = "hit"
    return response


def _storable(request, response):
    state = getattr(request, "_page_cache", None)
    if not state or request.method != "GET" or response.status_code != 200:
        return False
    if getattr(response, "streaming", False) or response.cookies:
        return False
    if set(request.GET) - state["params"]:
        return False
    cache_control = response.get("Cache-Control", "")
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return (
        "public" in cache_control
        and "private" not in cache_control
        and not {
            "cookie",
            "*",
        }
        & vary
    )


class PageCacheMiddleware:
    """Serves a cached anonymous response without reaching the views (nor the database), and
    keeps what the views marked cacheable. Put it first after the security and static-file
    middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or _has_session(request)
            or not getattr(settings, "PORTAL_PAGE_CACHE", True)
        ):
            return self.get_response(request)
        key = _key(request)
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None and _tokens(entry["tokens"]) == entry["tokens"]:
            return _conditional(request, _from_entry(entry))
        started = time.time_ns()
        response = self.get_response(request)
        if _storable(request, response):
            self._store(request, response, key, started)
        return response

    def _store(self, request, response, key, started):
        tokens = _tokens(sorted(request._page_cache["tags"]))
        margin = clock_margin_ns()
        if any(_token_time(token) > started - margin for token in tokens.values()):
            return  # changed while this was built: serve it, but don't keep it
        entry = {
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in NOT_STORED
            ],
            "body": response.content,
            "tokens": tokens,
        }
        now = time.time()
        seconds = _seconds_left(now)
        until = request._page_cache["until"]
        if until is not None:
            seconds = min(seconds, int(until - now))
            if seconds <= 0:
                return
        cache.set(key, entry, seconds)
        response.page_cache = "miss"


class PublicResponseMiddleware:
    """Marks a tagged response to a visitor without a session public, with an ETag and a
    Last-Modified, answers conditional GET, and takes ``Cookie`` out of its Vary (the session
    middleware adds it when the page only asked whether someone is logged in). Everything that
    is neither tagged nor marked otherwise by its view gets ``private, no-store``: forms,
    tickets, tracking pages, the admin, search."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_page_cache", None)
        if (
            state
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not _has_session(request)
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and not getattr(response, "streaming", False)
        ):
            return self._public(request, response)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response

    def _public(self, request, response):
        vary = [
            part.strip()
            for part in response.get("Vary", "").split(",")
            if part.strip() and part.strip().lower() != "cookie"
        ]
        del response["Vary"]
        if vary:
            patch_vary_headers(response, vary)
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        if not response.has_header("ETag"):
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        return _conditional(request, response)
