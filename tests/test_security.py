"""Security headers and admin login throttling: a strict Content-Security-Policy on public
pages (no inline script, style or handler anywhere in the templates), a relaxed one only under
/admin/, Permissions-Policy, and django-axes locking a user name out from an address after
repeated wrong passwords."""

import ipaddress
import re

import pytest
from django.contrib.auth import get_user_model

from portal.settings.base import BASE_DIR

TEMPLATES = BASE_DIR / "templates"
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
# A script without src, except a data block (JSON-LD), which a browser never runs.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\s(?:src=|type=\"application/ld\+json\"))[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)


def policy(response):
    return dict(
        [*part.split(" ", 1), ""][:2]
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
        if part
    )


@pytest.mark.django_db
def test_public_pages_get_a_strict_policy(client, home):
    response = client.get("/kk/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_sign_up_form_gets_the_strict_policy(client, home):
    response = client.get("/ru/reception/sign-up/")
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_alone_is_relaxed(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = policy(response)
    assert "'unsafe-inline'" in csp["script-src"]
    assert "microphone=()" in response["Permissions-Policy"]


def template_files():
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        # Wagtail admin overrides run under the admin's relaxed policy; e-mails are read in
        # mail programs, where inline styles are the only styles there are.
        if not {"wagtailadmin", "wagtailusers", "admin", "email"} & set(path.parts)
    )


@pytest.mark.parametrize(
    "path", template_files(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_public_template_needs_unsafe_inline(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_HANDLER.search(text), "an inline on…= handler: bind it in static/js/"
    assert not INLINE_SCRIPT.search(text), "an inline <script>: move it to static/js/"
    assert not STYLE_ATTRIBUTE.search(text), "a style attribute: use a class in static/css/"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser(
        "reception", "reception@altyntau.example.kz", "the-right-password"
    )


def login(client, password, address="192.0.2.10"):
    return client.post(
        "/admin/login/",
        {"username": "reception", "password": password},
        headers={"x-forwarded-for": address},
    )


def test_admin_login_is_throttled_after_repeated_wrong_passwords(client, staff, settings):
    settings.PORTAL_TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.1/32"),)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "guess").status_code == 200  # the form again, with its error
    assert login(client, "guess").status_code == 429  # the last one allowed locks
    locked = login(client, "the-right-password")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # The page is the portal's own, in the site's language.
    assert "Тым көп қате құпиясөз" in locked.content.decode()
    # The real user, from their own address, is not locked out by a stranger's guesses.
    client.cookies.clear()
    own = login(client, "the-right-password", address="198.51.100.20")
    assert own.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_right_password_before_the_limit_resets_the_count(client, staff, settings):
    settings.PORTAL_TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.1/32"),)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "guess")
    assert login(client, "the-right-password").status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "guess")
    assert login(client, "the-right-password").status_code == 302
