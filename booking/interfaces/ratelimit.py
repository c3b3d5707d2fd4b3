"""Abuse limits: who is asking (the visitor's real address behind the trusted proxies, the
browser session, the person by a normalised identifier) and counters every app node shares.

Counters are atomic across processes and nodes: in Redis (one ``INCR`` with its expiry set in
the same script) when ``REDIS_URL`` is set; else in the database cache under a row lock, so two
nodes never both read 4 and both write 5; any other cache (tests, one development process)
uses its own ``add``/``incr``. Keys are hashed: an IIN or an address never appears in one.
"""

import hashlib
import ipaddress
import re
import time
import unicodedata
from functools import lru_cache

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction

# INCR, and the window's expiry on the first hit, in one step: a counter never outlives it.
INCREMENT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


def _cache_key(scope, key):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def exceeded(scope, key, limit, seconds):
    """Count one attempt of *key* in *scope*; true once more than *limit* fall in the window
    of *seconds* that the first attempt opened."""
    return hit(scope, key, seconds) > limit


def any_exceeded(*checks):
    """Count one attempt under each of *checks* (``(scope, key, (limit, seconds))``) and say
    whether any is over: every counter counts, even once the first is over."""
    over = [exceeded(scope, key, *limit) for scope, key, limit in checks]  # all, not lazily
    return any(over)


def hit(scope, key, seconds):
    """Count one attempt and return how many there are in the current window."""
    cache_key = _cache_key(scope, key)
    if settings.REDIS_URL:
        return _hit_redis(settings.REDIS_URL, cache_key, seconds)
    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        return _hit_database(cache, cache_key, seconds)
    cache.add(cache_key, 0, seconds)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds)
        return 1


@lru_cache(maxsize=4)
def _redis_script(url):
    return redis.Redis.from_url(url).register_script(INCREMENT)


def _hit_redis(url, cache_key, seconds):
    return int(_redis_script(url)(keys=[f"portal:{cache_key}"], args=[int(seconds)]))


def _hit_database(cache, cache_key, seconds, attempts=5):
    """The count and the end of its window in one cache entry, changed under a lock on its row
    (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write lock every transaction takes here).
    A window that has ended starts again at 1."""
    database = router.db_for_write(cache.cache_model_class)
    connection = connections[database]
    table = connection.ops.quote_name(cache._table)
    stored_key = cache.make_and_validate_key(cache_key)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    for _attempt in range(attempts):
        now = time.time()
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                # The table name is the cache's own, quoted; the key is a parameter.
                query = f"SELECT cache_key FROM {table} WHERE cache_key = %s{lock}"  # nosec B608
                cursor.execute(query, [stored_key])
                locked = cursor.fetchone() is not None
            if not locked:
                # No row to lock yet (or another's insert not yet committed): whoever adds it
                # first opens the window; the others count again, then under the lock.
                if cache.add(cache_key, (1, now + seconds), seconds):
                    return 1
                continue
            current = cache.get(cache_key)
            if current is None or current[1] <= now:  # the window is over
                cache.set(cache_key, (1, now + seconds), seconds)
                return 1
            count, until = current
            cache.set(cache_key, (count + 1, until), max(1, until - now))
            return count + 1
    raise RuntimeError("rate-limit counter: no stable row after several attempts")


def client_address(request):
    """The visitor's address. A request from a trusted proxy (``PORTAL_TRUSTED_PROXIES``) is
    from the address that proxy names last in X-Forwarded-For, read from the right past every
    other trusted proxy; anything a visitor wrote further left is ignored. Without trusted
    proxies, REMOTE_ADDR as it is."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.PORTAL_TRUSTED_PROXIES
    address = _parse(remote)
    if address is None or not _is_trusted(address, trusted):
        return remote or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for part in reversed([part.strip() for part in forwarded if part.strip()]):
        hop = _parse(part)
        if hop is None:
            break  # a malformed entry: nothing left of it can be trusted
        address = hop
        if not _is_trusted(hop, trusted):
            break
    return str(address)


def login_address(request):
    """The address django-axes records a login attempt from: the client's, or none when a
    request has no address at all (a login made in code, as tests do), never a word that an
    address column of PostgreSQL refuses."""
    address = _parse(client_address(request))
    return str(address) if address is not None else None


def visitor(request):
    """The key a visitor is counted by: their address; an IPv6 one by its /64, which one home
    or phone usually holds whole."""
    address = _parse(client_address(request))
    if address is None:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _parse(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address, trusted):
    return any(address in network for network in trusted)


# Cyrillic letters that look like Latin ones in a document number, folded so that every
# spelling counts as one person; Н is read as the N that Kazakh passports and ID cards start
# with, and the sign № is dropped.
HOMOGLYPHS = str.maketrans({**dict(zip("АВЕКМНОРСТХУІ", "ABEKMNOPCTXYI", strict=True)), "№": ""})
NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Z]")


def person_identifier(data):
    """The person a sign-up is from, by IIN or by identity document, spelled one way:
    ``N1234567``, ``n-1234567``, ``N 1234567`` and ``Н1234567`` are one person."""
    iin = re.sub(r"\D", "", data.get("iin") or "")
    if iin:
        return f"iin:{iin}"
    number = (data.get("document_number") or "").upper().translate(HOMOGLYPHS)
    number = NOT_ALPHANUMERIC.sub("", unicodedata.normalize("NFKC", number))
    return f"document:{number}" if number else ""
