"""The bilingual site as a visitor sees it: languages, switch, hreflang, errors, machine files."""

import json
import re
from io import StringIO

import pytest
from django.test import override_settings
from wagtail.models import Locale, Page

from pages.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def hreflangs(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))


@pytest.mark.parametrize(
    ("path", "lang", "other_lang", "skip_link"),
    [
        ("/kk/", "kk", "ru", "Негізгі мазмұнға өту"),
        ("/ru/", "ru", "kk", "Перейти к основному содержанию"),
    ],
)
def test_home_page_renders_in_its_language(client, home, path, lang, other_lang, skip_link):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    # A known interface string from the compiled catalogue of that language.
    assert skip_link in html
    links = hreflangs(html)
    assert links == {"kk": "http://testserver/kk/", "ru": "http://testserver/ru/"}
    assert f'<a href="/{other_lang}/" hreflang="{other_lang}" lang="{other_lang}">' in html


def test_home_pages_carry_their_own_content(client, home):
    assert "Азаматтарды жеке қабылдау" in client.get("/kk/").content.decode()
    assert "Личный приём граждан" in client.get("/ru/").content.decode()


def test_language_switch_leads_to_the_same_page_in_the_other_language(client, demo_site):
    html = client.get("/kk/how-to-sign-up/").content.decode()
    assert '<a href="/ru/how-to-sign-up/" hreflang="ru" lang="ru">Русский</a>' in html
    ru = client.get("/ru/how-to-sign-up/")
    assert ru.status_code == 200
    ru_html = ru.content.decode()
    assert "Как записаться на приём" in ru_html
    assert '<a href="/kk/how-to-sign-up/" hreflang="kk" lang="kk">Қазақша</a>' in ru_html
    assert hreflangs(ru_html) == {
        "kk": "http://testserver/kk/how-to-sign-up/",
        "ru": "http://testserver/ru/how-to-sign-up/",
    }


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("ru-RU,ru;q=0.9", "/ru/"),
        ("kk-KZ,kk;q=0.9,ru;q=0.8", "/kk/"),
        ("en-US,en;q=0.9", "/kk/"),
        ("", "/kk/"),
    ],
)
def test_root_sends_visitor_to_their_language(client, home, accept_language, target):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == target


def test_main_menu_lists_sections_of_the_current_language(client, demo_site):
    html = client.get("/ru/").content.decode()
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    assert "Контакты" in nav and "/ru/contacts/" in nav
    assert "Байланыс" not in nav


@pytest.mark.rule("R31")
def test_footer_shows_office_contacts_and_working_hours(client, demo_site):
    kk = client.get("/kk/").content.decode()
    ru = client.get("/ru/").content.decode()
    assert "Дүйсенбі – жұма, 09:00–18:30" in kk
    assert "Түскі үзіліс 12:30–14:00" in kk
    assert "Понедельник – пятница, 09:00–18:30" in ru
    assert "Обеденный перерыв 12:30–14:00" in ru
    assert "г. Акжар, проспект Бейбитшилик, 12" in ru
    assert 'href="tel:+77000123456"' in ru


@pytest.mark.parametrize(
    ("path", "title"),
    [("/kk/no-such-page/", "Бет табылмады"), ("/ru/no-such-page/", "Страница не найдена")],
)
def test_unknown_url_gives_a_translated_404(client, home, path, title):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert title in html
    assert f'<html lang="{path[1:3]}">' in html


@override_settings(ROOT_URLCONF="tests.urls_with_error")
def test_server_error_page_is_bilingual_and_leaks_nothing(client, home):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Сервер қатесі" in html and "Ошибка сервера" in html
    assert "secret-detail-1234" not in html
    assert "Traceback" not in html


def test_healthz_reports_database_and_task_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["task_queue"]["status"] in {"ok", "no_workers"}
    assert isinstance(body["task_queue"]["queued"], int)
    assert "no-cache" in response["Cache-Control"]


def test_sitemap_lists_pages_in_both_languages(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for path in ("/kk/", "/ru/", "/kk/contacts/", "/ru/contacts/"):
        assert f"<loc>http://testserver{path}</loc>" in xml


def test_robots_txt_points_to_sitemap_and_keeps_admin_out(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/kk/search/", "ЖСН", "Қабылдауға қалай жазылуға болады"),
        ("/ru/search/", "ИИН", "Как записаться на приём"),
    ],
)
def test_search_finds_pages_of_the_current_language(client, demo_site, path, query, expected):
    response = client.get(path, {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert f'<html lang="{path[1:3]}">' in html


def test_search_escapes_the_query(client, home):
    html = client.get("/ru/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


class TestSeedDemo:
    def test_running_twice_changes_nothing(self, demo_site):
        from django.core.management import call_command

        counts = (Page.objects.count(), HomePage.objects.count(), StandardPage.objects.count())
        call_command("seed_demo", "--no-admin", stdout=StringIO())
        assert (
            Page.objects.count(),
            HomePage.objects.count(),
            StandardPage.objects.count(),
        ) == counts

    def test_every_demo_page_exists_in_both_locales(self, demo_site):
        kk, ru = Locale.objects.get(language_code="kk"), Locale.objects.get(language_code="ru")
        kk_pages = StandardPage.objects.filter(locale=kk)
        assert kk_pages.count() >= 5
        for page in kk_pages:
            translation = page.get_translation(ru)
            assert translation.live and translation.alias_of_id is None
            assert translation.title != page.title
