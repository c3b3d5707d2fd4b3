"""The rate-limit counters are atomic across processes: on the database cache (a row lock) and
on Redis (one script). Threads with their own database connections stand in for app nodes; the
production smoke test in .ci/run shows the same with two gunicorn instances."""

import shutil
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from booking.interfaces import ratelimit

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache_ratelimit_test",
    }
}
THREADS, HITS = 6, 10


def hammer(scope, key, seconds=3600):
    """THREADS threads count HITS attempts each; every count they saw, in any order."""
    seen, errors = [], []
    barrier = threading.Barrier(THREADS)

    def work():
        try:
            barrier.wait()
            for _hit in range(HITS):
                seen.append(ratelimit.hit(scope, key, seconds))
        except Exception as error:  # reported below, with the thread's own failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _thread in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return seen


@pytest.fixture
def database_cache(settings, transactional_db):
    settings.CACHES = DATABASE_CACHE
    settings.REDIS_URL = ""
    call_command("createcachetable", verbosity=0)
    yield caches["default"]
    caches["default"].clear()


def test_database_cache_counts_every_attempt_once_across_connections(database_cache):
    seen = hammer("test", "visitor")
    # No two connections ever read the same count: every attempt got its own number.
    assert sorted(seen) == list(range(1, THREADS * HITS + 1))


# The database cache stores expiry times in whole seconds (rounded down): the windows below are
# a few seconds long so that the rounding never decides a result.


def test_database_cache_window_starts_again_once_over(database_cache):
    assert [ratelimit.hit("test", "short", 3) for _hit in range(3)] == [1, 2, 3]
    time.sleep(3.2)
    assert ratelimit.hit("test", "short", 3) == 1


def test_database_cache_keeps_the_window_the_first_attempt_opened(database_cache):
    # Counting again must not push the end of the window back (the cache's own incr would).
    ratelimit.hit("test", "window", 4)
    time.sleep(2)
    assert ratelimit.hit("test", "window", 4) == 2
    time.sleep(2.5)
    assert ratelimit.hit("test", "window", 4) == 1


REDIS_SERVER = shutil.which("redis-server")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (.ci/run installs Debian's redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_redis_counts_every_attempt_once_and_sets_the_window(settings, redis_url):
    settings.REDIS_URL = redis_url
    seen = hammer("test", "visitor", seconds=600)
    assert sorted(seen) == list(range(1, THREADS * HITS + 1))
    client = redis.Redis.from_url(redis_url)
    (key,) = client.keys("portal:ratelimit:test:*")
    # The window is set once, by the first attempt: a counter never lives for ever.
    assert 0 < client.ttl(key) <= 600
    assert b"visitor" not in key  # hashed, never the address itself


def test_redis_window_starts_again_once_over(settings, redis_url):
    settings.REDIS_URL = redis_url
    assert [ratelimit.hit("test", "short", 1) for _hit in range(2)] == [1, 2]
    time.sleep(1.3)
    assert ratelimit.hit("test", "short", 1) == 1
