"""Compression of public responses only.

Django's ``GZipMiddleware`` compresses everything, and a page that carries a secret (the CSRF
token of a form) next to text an attacker can put in it (a query echoed back) leaks the secret
through the compressed length (BREACH). So only responses marked ``Cache-Control: public`` are
compressed (feeds, open data, robots.txt: the same for every visitor), and never one that sets a
cookie or varies by cookie: those carry something of one visitor."""

import re

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

COMPRESSIBLE = re.compile(
    r"^(text/|application/(json|xml|javascript|ld\+json|rss\+xml|atom\+xml)\b|image/svg\+xml)"
)
# Shorter bodies gain nothing once the gzip header is added.
MIN_LENGTH = 200


def is_public(response):
    """Marked public, and neither setting nor reading a visitor's cookie."""
    cache_control = {
        part.strip().split("=", 1)[0].lower()
        for part in response.get("Cache-Control", "").split(",")
    }
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return (
        "public" in cache_control
        and not {"private", "no-store"} & cache_control
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and "cookie" not in vary
        and "*" not in vary
        and not response.has_header("Content-Encoding")
    )


def accepts_gzip(request):
    """Does the client take gzip: ``gzip`` (else ``*``) with a quality above 0?"""
    qualities = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, *params = (item.strip().lower() for item in part.split(";"))
        quality = next((param[2:] for param in params if param.startswith("q=")), "1")
        try:
            qualities[coding] = float(quality)
        except ValueError:
            qualities[coding] = 0.0
    quality = qualities.get("gzip", qualities.get("x-gzip", qualities.get("*", 0.0)))
    return quality > 0


def weak(etag):
    """The compressed body is another representation: its ETag is marked weak, as Django's
    ``GZipMiddleware`` does; conditional GET compares ETags weakly, so a 304 still works."""
    return "W/" + etag if etag.startswith('"') else etag


class PublicGZipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "streaming", False) or not is_public(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts_gzip(request):
            return response
        if response.status_code == 304:
            # The answer to a copy the client got compressed names the compressed ETag.
            if response.has_header("ETag"):
                response.headers["ETag"] = weak(response.headers["ETag"])
            return response
        if (
            response.status_code != 200
            or not COMPRESSIBLE.match(response.get("Content-Type", ""))
            or len(response.content) < MIN_LENGTH
        ):
            return response
        compressed = compress_string(response.content)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        response.headers["Content-Encoding"] = "gzip"
        if response.has_header("ETag"):
            response.headers["ETag"] = weak(response.headers["ETag"])
        return response
