"""Counting attempts in the shared cache, so every app node sees the same limits."""

import hashlib

from django.conf import settings
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
    """The visitor's address: REMOTE_ADDR, or, behind PORTAL_TRUSTED_PROXIES proxies that each
    append to X-Forwarded-For, the address the outermost trusted proxy saw."""
    proxies = settings.PORTAL_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")
