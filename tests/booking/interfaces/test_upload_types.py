"""Applicants' documents are stored under the extension of the type their content shows and
served with that type, whatever the applicant named them; a form shown again says that files
must be attached again (issue 12, item 16)."""

from pathlib import PurePath

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from booking.models import ReceptionRequest
from tests.booking.interfaces import test_sign_up
from tests.booking.interfaces.test_sign_up import IIN_FIRST_PASS, form_data

day = test_sign_up.day  # the fixture: an official's open day with two places

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def representative(**overrides):
    return form_data(
        applicant_kind="representative",
        bin=IIN_FIRST_PASS,
        legal_entity="«Жылу» ЖШС",
        **overrides,
    )


@pytest.mark.parametrize(
    ("name", "content", "suffix", "content_type"),
    [
        ("photo.html", PNG, ".png", "image/png"),
        ("scan.svg", PDF, ".pdf", "application/pdf"),
        ("noextension", PDF, ".pdf", "application/pdf"),
    ],
)
def test_stored_and_served_by_the_detected_type(
    client, admin_client, day, name, content, suffix, content_type
):
    response = client.post(
        "/ru/reception/sign-up/",
        representative(
            attachments=SimpleUploadedFile(name, content, "text/html"),
            authority_document=SimpleUploadedFile(name, content, "image/svg+xml"),
        ),
    )
    assert response.status_code == 302
    request = ReceptionRequest.objects.get()
    attachment = request.attachments.get()
    assert PurePath(attachment.file.name).suffix == suffix
    assert PurePath(request.authority_document.name).suffix == suffix
    assert attachment.content_type == content_type

    base = f"/admin/reception/requests/{request.pk}/documents"
    for url in (f"{base}/{attachment.pk}/", f"{base}/authority/"):
        download = admin_client.get(url)
        assert download.status_code == 200
        assert download["Content-Type"] == content_type
        assert download["X-Content-Type-Options"] == "nosniff"
        disposition = download["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f'{suffix}"' in disposition
        assert b"".join(download.streaming_content) == content


def test_a_document_stored_under_a_clients_extension_is_served_by_its_content(
    client, admin_client, day
):
    """Files stored before this fix keep the client's extension: served by what they hold."""
    client.post("/ru/reception/sign-up/", form_data())
    request = ReceptionRequest.objects.get()
    storage = request.authority_document.storage
    request.authority_document.name = storage.save("requests/legacy.html", ContentFile(PNG))
    request.save(update_fields=["authority_document"])
    download = admin_client.get(f"/admin/reception/requests/{request.pk}/documents/authority/")
    assert download["Content-Type"] == "image/png"
    assert "html" not in download["Content-Disposition"]


def test_the_form_shown_again_says_to_attach_the_files_again(client, day):
    pdf = SimpleUploadedFile("scan.pdf", PDF, "application/pdf")
    response = client.post("/kk/reception/sign-up/", form_data(phone="bad", attachments=pdf))
    html = response.content.decode()
    assert response.status_code == 400
    field = html.split('id="field-attachments"')[1].split('<div class="field')[0]
    assert "файлдарыңызды қайта тіркеңіз" in field
    # Only next to the fields that had a file.
    other = html.split('id="field-authority_document"')[1].split('<div class="field')[0]
    assert "қайта тіркеңіз" not in other


def test_no_notice_about_files_when_none_were_sent(client, day):
    html = client.post("/kk/reception/sign-up/", form_data(phone="bad")).content.decode()
    assert "қайта тіркеңіз" not in html
