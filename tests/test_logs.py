"""Log lines never carry applicants' personal data (R30): the formatters blank out IINs,
phone numbers, e-mail addresses and tracking tokens, as text and as JSON lines."""

import json
import logging

import pytest

from portal.logs import RedactingFormatter, RedactingJsonFormatter

LEAKY = (
    "Failed for Асан 850515300006, +7 701 234-56-78 / 87012345678, asan@example.kz at "
    "/kk/reception/2026-00012/1fMJ76RV5I05A2iXUxLY2hIF8VeAtrRX/ticket/"
)


def record(message, *args):
    return logging.LogRecord("booking", logging.WARNING, __file__, 1, message, args, None)


@pytest.mark.rule("R30")
def test_text_lines_blank_out_personal_data():
    line = RedactingFormatter("%(levelname)s %(message)s").format(record("%s", LEAKY))
    for secret in ("850515300006", "701 234-56-78", "87012345678", "asan@example.kz", "1fMJ76"):
        assert secret not in line
    assert "[iin]" in line and "[phone]" in line and "[email]" in line
    assert "/kk/reception/2026-00012/[token]/ticket/" in line  # the number stays: it is needed


@pytest.mark.rule("R30")
def test_json_lines_are_one_object_without_personal_data():
    formatter = RedactingJsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"levelname": "level", "name": "logger"},
    )
    line = formatter.format(record("Sign-up %s: %s", "2026-00012", LEAKY))
    data = json.loads(line)
    assert data["level"] == "WARNING"
    assert data["logger"] == "booking"
    assert data["message"].startswith("Sign-up 2026-00012: ")
    assert "850515300006" not in line and "asan@example.kz" not in line


def test_a_registration_number_and_dates_are_kept():
    line = RedactingFormatter("%(message)s").format(
        record("Request 2026-00012 registered on 2026-03-02 at 10:15")
    )
    assert line == "Request 2026-00012 registered on 2026-03-02 at 10:15"
