"""FAQ with JSON-LD, the legal basis, search (ё/е folded, officials by surname), low-vision
mode, sharing cards, sitemap and favicon, in both languages."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.faq import FAQPage
from pages.news import NewsPage
from pages.regulations import RegulationsPage


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_faq_has_anchored_questions_and_valid_faqpage_json_ld(demo_site, client, language):
    page = FAQPage.objects.live().get(locale__language_code=language)
    html = client.get(page.url).content.decode()
    questions = list(page.questions())
    assert 15 <= len(questions) <= 25
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert data["inLanguage"] == language
    assert len(data["mainEntity"]) == len(questions)
    for entity, (_topic, item) in zip(data["mainEntity"], questions, strict=True):
        assert entity["@type"] == "Question"
        assert entity["name"] == item["question"]
        assert entity["acceptedAnswer"]["@type"] == "Answer"
        assert entity["acceptedAnswer"]["text"]
        assert f'id="{item["anchor"]}"' in html


def test_json_ld_cannot_close_its_script_element(demo_site):
    page = FAQPage.objects.live().get(locale__language_code="ru")
    page.title = "</script><script>alert(1)</script>"
    text = str(page.json_ld())
    assert "</script>" not in text
    assert json.loads(text)["name"] == page.title


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_regulations_list_the_five_documents_with_their_status(demo_site, client, language):
    page = RegulationsPage.objects.live().get(locale__language_code=language)
    html = client.get(page.url).content.decode()
    assert html.count('class="legal-document"') == 5
    assert html.count("status--lapsed") == 2
    assert "105" in html and "2025-04-21" in html


def test_sign_up_form_links_the_faq_answer(demo_site, client):
    html = client.get("/ru/reception/sign-up/").content.decode()
    faq = FAQPage.objects.live().get(locale__language_code="ru")
    assert f"{faq.url}#what-to-bring" in html


@pytest.mark.parametrize("path", ["/kk/reception/sign-up/", "/ru/reception/sign-up/"])
def test_citizens_pages_show_no_clause_codes(demo_site, client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "essence" not in html  # the page is translated; the help texts are there
    assert not re.search(r"\b00\d p\.\s?\d", html)


# Search.


@pytest.mark.parametrize(
    ("language", "query", "name"),
    [
        ("kk", "Оспанов", "Оспанов Нұрлан Бекұлы"),
        ("ru", "Оспанов", "Оспанов Нурлан Бекович"),
        ("ru", "оспанов", "Оспанов Нурлан Бекович"),
    ],
)
def test_search_finds_an_official_by_surname(demo_site, client, language, query, name):
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    assert 'id="group-officials"' in html
    assert name in html
    assert "/schedule/official/" in html


def test_search_folds_yo_and_finds_the_same_pages(demo_site, client):
    with_yo = client.get("/ru/search/", {"q": "приём"}).content.decode()
    without = client.get("/ru/search/", {"q": "прием"}).content.decode()
    titles = re.findall(r"<h3><a href=\"([^\"]+)\"", with_yo)
    assert titles
    assert re.findall(r"<h3><a href=\"([^\"]+)\"", without) == titles


def test_search_groups_faq_answers_and_news(demo_site, client):
    html = client.get("/ru/search/", {"q": "видеосвязи"}).content.decode()
    assert 'id="group-faq"' in html
    assert "#video" in html
    news = NewsPage.objects.live().filter(locale__language_code="kk").first()
    html = client.get("/kk/search/", {"q": news.title.split()[0]}).content.decode()
    assert 'id="group-news"' in html


def test_search_keeps_kazakh_letters_as_typed(demo_site, client):
    found = client.get("/kk/search/", {"q": "Нұрлан"}).content.decode()
    assert "Оспанов Нұрлан Бекұлы" in found
    other = client.get("/kk/search/", {"q": "Нурлан"}).content.decode()
    assert "Оспанов Нұрлан Бекұлы" not in other


def test_search_query_count_stays_the_same_with_more_news(demo_site, client):
    from booking.models import ReceptionDay
    from tests.pages.test_news import _add_news, news_index

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/kk/search/", {"q": "Қабылдау"}).status_code == 200
        return len(queries)

    count()
    before = count()
    day = ReceptionDay.objects.first()
    for number in range(4):
        _add_news(news_index("kk"), day, number)
    assert count() == before


# Low-vision mode, sharing, sitemap, favicon.


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_low_vision_mode_is_switched_by_a_link_and_remembered(demo_site, client, language):
    home = f"/{language}/"
    page = client.get(home, follow=True).content.decode()
    assert f"/{language}/low-vision/?on=1" in page
    assert '<link rel="stylesheet" href="/low-vision.css" media="screen">' in page
    off = client.get("/low-vision.css")
    assert off.content == b""
    assert "private" in off["Cache-Control"]
    response = client.get(f"/{language}/low-vision/", {"on": "1", "next": home})
    assert response.status_code == 302 and response["Location"] == home
    assert response.cookies["low_vision"].value == "1"
    on = client.get("/low-vision.css").content.decode()
    assert "font-size: 150%" in on and "img" in on and "display: none" in on
    # The same page serves everybody (the page cache may keep it); its switch offers "off".
    assert f"/{language}/low-vision/?on=0" in client.get(home, follow=True).content.decode()
    client.get(f"/{language}/low-vision/", {"on": "0", "next": home})
    assert client.get("/low-vision.css").content == b""


def test_low_vision_switch_never_leaves_the_site(client, db):
    response = client.get("/ru/low-vision/", {"on": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_news_page_has_sharing_cards_and_canonical(demo_site, client):
    page = NewsPage.objects.live().filter(locale__language_code="ru").first()
    html = client.get(page.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{page.title}">' in html
    assert '<meta property="og:locale" content="ru_RU">' in html
    assert '<meta name="twitter:card"' in html
    assert f'<link rel="canonical" href="http://testserver{page.url}">' in html
    assert 'hreflang="kk"' in html and 'hreflang="x-default"' in html


def test_sitemap_lists_every_new_page_type(demo_site, client):
    xml = client.get("/sitemap.xml").content.decode()
    for model in (NewsPage, FAQPage, RegulationsPage):
        for page in model.objects.live():
            assert page.url in xml
    from pages.reports import ReportPage

    assert ReportPage.objects.live().first().url in xml


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
