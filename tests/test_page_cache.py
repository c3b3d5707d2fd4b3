"""The page cache (``portal.cache``) as visitors, browsers and proxies meet it: anonymous public
pages, feeds and open data served again without a database query, public with an ETag and no
``Vary: Cookie``, answered 304; forms, tickets, tracking pages, search and the admin never
cached (``private, no-store``); editors never served a cached page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from booking.models import Official, ReceptionRequest

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/kk/",
    "/ru/",
    "/kk/about/",
    "/ru/schedule/",
    "/kk/schedule/official/ospanov-n/",
    "/ru/schedule/official/ospanov-n/",
    "/ru/schedule/poster/",
    "/ru/schedule/csv/",
    "/kk/schedule/json/",
    "/ru/calendar/all.ics",
]


def queries_of(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def official_feed(language="ru"):
    key = Official.objects.filter(slug="ospanov-n").values_list("translation_key", flat=True)[0]
    return f"/{language}/calendar/official/{key}.ics"


@pytest.mark.parametrize("url", PUBLIC)
def test_a_public_address_is_served_again_without_a_query(client, demo_site, url):
    first, built_with = queries_of(client, url)
    assert first.status_code == 200 and built_with > 0
    again, queries = queries_of(client, url)
    assert queries == 0
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_feeds_of_one_official_are_cached_too(client, demo_site):
    url = official_feed()
    client.get(url)
    again, queries = queries_of(client, url)
    assert again.status_code == 200 and queries == 0
    assert again["Content-Disposition"].startswith("inline; filename=")


@pytest.mark.parametrize("url", PUBLIC)
def test_public_responses_are_public_with_validators_and_do_not_vary_on_cookie(
    client, demo_site, url
):
    for response in (client.get(url), client.get(url)):  # built, then from the cache
        assert "public" in response["Cache-Control"]
        assert "private" not in response["Cache-Control"]
        assert response.has_header("ETag") and response.has_header("Last-Modified")
        assert "cookie" not in response.get("Vary", "").lower()
        assert not response.cookies


@pytest.mark.parametrize("url", ["/ru/", "/ru/schedule/", "/ru/calendar/all.ics"])
def test_a_current_copy_gets_304_without_a_query(client, demo_site, url):
    etag = client.get(url)["ETag"]
    response, queries = queries_of(client, url, headers={"if-none-match": etag})
    assert response.status_code == 304 and queries == 0
    assert response.content == b""


def test_a_compressed_copy_is_kept_apart_and_answers_304(client, demo_site):
    plain = client.get("/ru/schedule/")
    gzip = {"accept-encoding": "gzip"}
    packed = client.get("/ru/schedule/", headers=gzip)
    assert packed["Content-Encoding"] == "gzip" and len(packed.content) < len(plain.content)
    again, queries = queries_of(client, "/ru/schedule/", headers=gzip)
    assert queries == 0 and again["Content-Encoding"] == "gzip"
    assert again.content == packed.content
    current, queries = queries_of(
        client, "/ru/schedule/", headers={**gzip, "if-none-match": packed["ETag"]}
    )
    assert current.status_code == 304 and queries == 0
    # A client without gzip still gets the plain page.
    assert client.get("/ru/schedule/").content == plain.content


def test_schedule_filters_are_cached_made_up_parameters_are_not(client, demo_site):
    client.get("/ru/schedule/?mode=video")
    _response, queries = queries_of(client, "/ru/schedule/?mode=video")
    assert queries == 0
    client.get("/ru/schedule/?utm_source=newsletter")
    response, queries = queries_of(client, "/ru/schedule/?utm_source=newsletter")
    assert response.status_code == 200 and queries > 0


def test_forms_search_and_the_admin_are_never_cached(client, demo_site, editor):
    anonymous = type(client)()
    for url in ("/ru/reception/sign-up/", "/kk/reception/sign-up/", "/ru/search/?q=приём"):
        for _attempt in range(2):
            response, queries = queries_of(anonymous, url)
            assert response.status_code == 200, url
            assert queries > 0, url
            assert "private" in response["Cache-Control"], url
            assert "no-store" in response["Cache-Control"], url
    for _attempt in range(2):
        response, queries = queries_of(editor, "/admin/")
        assert response.status_code == 200 and queries > 0
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_tickets_and_tracking_pages_are_never_cached(client, demo_site):
    response = client.post(
        "/ru/reception/sign-up/",
        {
            "applicant_kind": "individual",
            "surname": "Кэшбаев",
            "given_name": "Асан",
            "iin": "850515300006",
            "phone": "8 701 234 56 78",
            "email": "cache@example.kz",
            "question": "Нет отопления в квартире с октября, управляющая компания молчит.",
            "topic": "housing",
            "language": "ru",
            "mode": "in_person",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content[:500]
    request = ReceptionRequest.objects.get(surname="Кэшбаев")
    visitor = type(client)()  # a visitor without the applicant's session
    for url in (response["Location"], f"/ru/reception/{request.number}/{request.token}/"):
        for _attempt in range(2):
            page, queries = queries_of(visitor, url)
            assert page.status_code == 200, url
            assert queries > 0, url
            assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]


def test_an_editor_is_never_served_a_cached_page_nor_fills_the_cache(client, demo_site, editor):
    anonymous = type(client)()
    anonymous.get("/ru/about/")
    # The editor sees their own page (with Wagtail's user bar), built for them, kept private.
    page, queries = queries_of(editor, "/ru/about/")
    assert queries > 0
    assert "public" not in page.get("Cache-Control", "")
    assert b"wagtail-userbar" in page.content
    # Anonymous visitors still get the anonymous copy, without the user bar.
    again, queries = queries_of(anonymous, "/ru/about/")
    assert queries == 0 and b"wagtail-userbar" not in again.content


def test_a_restricted_page_is_not_cached(client, demo_site):
    from wagtail.models import Page, PageViewRestriction

    about = Page.objects.get(url_path__endswith="/about/", locale__language_code="ru")
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="x")
    for _attempt in range(2):
        response, queries = queries_of(client, "/ru/about/")
        assert queries > 0
        assert "public" not in response.get("Cache-Control", "")
