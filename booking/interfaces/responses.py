"""HTTP responses with validators: one copy of conditional GET (ETag, Last-Modified, 304), for
feeds and single-day files alike. Built responses are kept whole by the page cache
(``portal.cache``): one current copy per address, language and encoding."""

import hashlib

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from portal.cache import PUBLIC_CACHE_CONTROL


def make_etag(parts):
    """A strong ETag from the values that decide a response's body."""
    raw = "|".join(str(part) for part in parts)
    return quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:32])


def with_validators(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    return response


def not_modified(request, etag, last_modified):
    """A 304 (or 412) with the validators if the client's copy is current, else None."""
    response = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )
    return None if response is None else with_validators(response, etag, last_modified)


def calendar_response(body, filename, etag, last_modified, disposition="inline"):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return with_validators(response, etag, last_modified)
