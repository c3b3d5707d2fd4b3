"""A CSRF failure, too many fields and an oversized body get translated pages that say what
happened and how to continue; the sign-up form comes back with what was typed after a CSRF
failure (issue 12, items 14 and 17)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path
from wagtail.models import Locale

from booking.models import ReceptionRequest
from portal.settings import base as base_settings
from portal.urls import urlpatterns as portal_urlpatterns
from tests.booking.interfaces import test_sign_up
from tests.booking.interfaces.test_sign_up import form_data

day = test_sign_up.day  # the fixture: an official's open day with two places

TITLES = {
    400: {"kk": "Сұрауды оқу мүмкін болмады", "ru": "Не удалось прочитать запрос"},
    403: {"kk": "Пішін жіберілмеді", "ru": "Форма не отправлена"},
    413: {"kk": "Файлдар тым үлкен", "ru": "Файлы слишком большие"},
}


def forbidden(request):
    raise PermissionDenied


# The project's URLs and one that refuses everybody, for the 403 page.
urlpatterns = [path("kk/forbidden/", forbidden), path("ru/forbidden/", forbidden)]
urlpatterns += portal_urlpatterns


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_sign_up_after_a_csrf_failure_comes_back_with_what_was_typed(csrf_client, day, lang):
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "application/pdf")
    data = form_data(surname="Жаңабаев", question="Жылу жоқ, үй басқармасы жауап бермейді.")
    official = day.official.get_translation(Locale.objects.get(language_code=lang))
    response = csrf_client.post(
        f"/{lang}/reception/sign-up/",
        {**data, "official": official.pk, "attachments": pdf, "website": "kept?"},
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert not ReceptionRequest.objects.exists()
    assert 'value="Жаңабаев"' in html
    assert "Жылу жоқ, үй басқармасы жауап бермейді." in html
    assert 'value="kept?"' not in html  # never the honeypot
    assert f'value="{official.pk}" selected' in html
    message = {"kk": "Өтінішіңіз әлі жіберілген жоқ", "ru": "Ваше обращение ещё не отправлено"}
    assert message[lang] in html
    attachments = html.split('id="field-attachments"')[1].split('<div class="field')[0]
    assert "field__error" in attachments  # files must be attached again
    # A fresh token: sending the form again from this page works.
    token = csrf_client.cookies[settings.CSRF_COOKIE_NAME].value
    again = csrf_client.post(f"/{lang}/reception/sign-up/", {**data, "csrfmiddlewaretoken": token})
    assert again.status_code == 302
    assert ReceptionRequest.objects.get().surname == "Жаңабаев"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_another_form_with_a_csrf_failure_gets_a_translated_403(csrf_client, day, lang):
    response = csrf_client.post(f"/{lang}/reception/2026-00001/token/", {"action": "withdraw"})
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{lang}">' in html
    assert TITLES[403][lang] in html
    assert "CSRF" not in html


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_permission_denied_is_translated(client, home, lang):
    response = client.get(f"/{lang}/forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{lang}">' in html
    assert {"kk": "Кіруге рұқсат жоқ", "ru": "Доступ запрещён"}[lang] in html


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_too_many_fields_gets_a_translated_400(client, day, lang, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    data = {**form_data(), **{f"extra{n}": "x" for n in range(60)}}
    response = client.post(f"/{lang}/reception/sign-up/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<html lang="{lang}">' in html
    assert TITLES[400][lang] in html
    assert not ReceptionRequest.objects.exists()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_oversized_body_gets_a_translated_413(client, day, lang, settings):
    settings.PORTAL_MAX_REQUEST_BODY = 64 * 1024
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * 100_000, "application/pdf")
    response = client.post(f"/{lang}/reception/sign-up/", form_data(attachments=big))
    html = response.content.decode()
    assert response.status_code == 413
    assert f'<html lang="{lang}">' in html
    assert TITLES[413][lang] in html
    assert "5 MB" in html or "5 МБ" in html
    assert not ReceptionRequest.objects.exists()


def test_too_much_form_data_without_files_gets_the_413_page(client, day, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post("/ru/reception/sign-up/", form_data(question="вопрос " * 3000))
    assert response.status_code == 413
    assert TITLES[413]["ru"] in response.content.decode()


def test_a_wrong_host_still_gets_a_plain_400(client, db):
    response = client.get("/kk/", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_uploads_in_progress_are_spooled_inside_private_storage():
    temp_dir = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert temp_dir.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert temp_dir.is_dir()
    # The shared settings, not only the test ones, keep uploads in private storage.
    assert base_settings.FILE_UPLOAD_TEMP_DIR == base_settings.PRIVATE_MEDIA_ROOT / "tmp"


def test_the_limits_are_documented_for_production():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    production = readme.split("## PostgreSQL and production", 1)[1].split("\n## ", 1)[0]
    assert "`PRIVATE_MEDIA_ROOT`" in production and "tmp" in production
    assert "`PORTAL_MAX_REQUEST_BODY`" in production
    assert "client_max_body_size" in production
