"""Rendered public pages pass the Nu HTML Checker with no errors: one page of every page type,
the schedule's routes, search, and the sign-up form empty and with its errors shown, in Kazakh
and in Russian. ``vnu.jar`` comes from the npm registry and runs on Debian's headless JRE
(``.ci/run`` installs both)."""

import json
import shutil
import subprocess

import pytest

from tests.public_pages import VNU, add_a_second_page_of_days, public_urls

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not VNU.exists() or not shutil.which("java"),
        reason="needs vnu.jar (fetched by .ci/run) and a JRE",
    ),
]


def check(documents, tmp_path):
    """Errors of the Nu HTML Checker for {name: html}, checked in one run of the JVM."""
    files = {}
    for index, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"page-{index}.html"
        path.write_bytes(html)
        files[str(path)] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))}: "
        f"line {message.get('lastLine')}: {message['message']}"
        for message in messages
        if message.get("type") == "error"
    ]


def test_public_pages_are_valid_html_in_both_languages(client, demo_site, tmp_path):
    documents = {}
    add_a_second_page_of_days()
    for language in ("kk", "ru"):
        urls = public_urls(language)
        assert "schedule, page 2" in urls
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, url
            documents[f"{language} {name} {url}"] = response.content
        errors = client.post(f"/{language}/reception/sign-up/", {"surname": "<b>"})
        assert errors.status_code == 400  # the form shown again with its errors
        documents[f"{language} sign-up form with errors"] = errors.content
    assert len(documents) >= 14
    assert check(documents, tmp_path) == []


def test_the_checker_finds_errors(tmp_path):
    """The check above could fail: an element closed twice is reported."""
    broken = b"<!DOCTYPE html><html lang=kk><head><title>x</title></head><body></p></body></html>"
    assert check({"broken": broken}, tmp_path)
