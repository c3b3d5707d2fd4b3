"""Compression of public responses (feeds, open data) for clients that take gzip, and never of
a response that carries something of one visitor: a form's CSRF token, a cookie (BREACH)."""

import gzip
import json

import icalendar
import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal.compression import PublicGZipMiddleware, accepts_gzip
from tests.booking.interfaces import test_feeds

pytestmark = pytest.mark.django_db

dates = test_feeds.dates
schedule = test_feeds.schedule
schedule_page = test_feeds.schedule_page

GZIP = {"accept-encoding": "gzip, deflate, br"}


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def test_a_feed_is_gzipped_for_a_client_that_takes_it(client, schedule):
    url = "/kk/calendar/all.ics"
    plain = client.get(url)
    packed = client.get(url, headers=GZIP)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    body = gzip.decompress(packed.content)
    assert body == plain.content
    assert icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(packed.content) < len(plain.content) / 3
    assert int(packed["Content-Length"]) == len(packed.content)
    # Caches keep the two apart.
    assert "accept-encoding" in vary(plain) and "accept-encoding" in vary(packed)
    # The compressed copy has an ETag of its own (weak), and a 304 still answers it.
    assert packed["ETag"] == "W/" + plain["ETag"]
    again = client.get(url, headers={**GZIP, "if-none-match": packed["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == packed["ETag"]
    assert client.get(url, headers={"if-none-match": plain["ETag"]}).status_code == 304


def test_no_gzip_for_a_client_that_refuses_it(client, schedule):
    response = client.get("/kk/calendar/all.ics", headers={"accept-encoding": "gzip;q=0, br"})
    assert "Content-Encoding" not in response
    assert not response["ETag"].startswith("W/")


def test_open_data_is_public_and_gzipped(client, schedule, schedule_page):
    for url in ("/ru/schedule/csv/", "/ru/schedule/json/"):
        plain = client.get(url)
        assert plain.status_code == 200, url
        assert "public" in plain["Cache-Control"]
        packed = client.get(url, headers=GZIP)
        assert packed["Content-Encoding"] == "gzip", url
        assert gzip.decompress(packed.content).decode("utf-8-sig")
    days = json.loads(gzip.decompress(client.get("/ru/schedule/json/", headers=GZIP).content))
    assert days["days"]


def test_the_sign_up_form_is_never_gzipped(client, schedule):
    response = client.get("/ru/reception/sign-up/", headers=GZIP)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response
    # Nor is a page with errors, which echoes what was typed next to the token.
    response = client.post("/ru/reception/sign-up/", {"surname": "x" * 300}, headers=GZIP)
    assert "Content-Encoding" not in response


def respond(response, **headers):
    request = RequestFactory().get("/", headers=GZIP | headers)
    return PublicGZipMiddleware(lambda _request: response)(request)


def public_text():
    response = HttpResponse("Қабылдау кестесі. " * 100, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response


def test_public_text_is_compressed():
    assert respond(public_text())["Content-Encoding"] == "gzip"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda response: response.set_cookie("sessionid", "secret"),
        lambda response: response.headers.__setitem__("Vary", "Cookie"),
        lambda response: response.headers.__setitem__("Vary", "Accept-Language, cookie"),
        lambda response: response.headers.__setitem__("Cache-Control", "private, max-age=900"),
        lambda response: response.headers.__setitem__("Cache-Control", "no-cache"),
        lambda response: response.headers.__delitem__("Cache-Control"),
    ],
    ids=[
        "sets a cookie",
        "varies by cookie",
        "varies by cookie too",
        "private",
        "no-cache",
        "none",
    ],
)
def test_a_response_for_one_visitor_is_not_compressed(spoil):
    response = public_text()
    spoil(response)
    assert "Content-Encoding" not in respond(response)


def test_small_or_binary_bodies_are_left_alone():
    small = HttpResponse("ok")
    small["Cache-Control"] = "public"
    assert "Content-Encoding" not in respond(small)
    image = HttpResponse(b"\x89PNG" + bytes(1000), content_type="image/png")
    image["Cache-Control"] = "public"
    assert "Content-Encoding" not in respond(image)


@pytest.mark.parametrize(
    ("header", "takes"),
    [
        ("gzip", True),
        ("deflate, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0, *", False),
        ("*;q=0, gzip", True),
        ("identity", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_qualities(header, takes):
    request = RequestFactory().get("/", headers={"accept-encoding": header})
    assert accepts_gzip(request) is takes
