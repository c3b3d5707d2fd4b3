"""Counting attempts in the shared cache, so every app node sees the same limits."""

import hashlib

from django.core.cache import cache


def exceeded(scope, key, limit, seconds):
    """Count one attempt of *key* in *scope*; true once more than *limit* fall in *seconds*."""
    # Hashed: an IIN is personal data and never goes into a cache key as it is.
    cache_key = f"ratelimit:{scope}:{hashlib.sha256(str(key).encode()).hexdigest()[:32]}"
    cache.add(cache_key, 0, seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds)
        count = 1
    return count > limit


def client_address(request):
    """The visitor's address as the last proxy saw it (set REMOTE_ADDR right behind a proxy)."""
    return request.META.get("REMOTE_ADDR", "unknown")
