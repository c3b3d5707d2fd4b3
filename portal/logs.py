"""Log lines without applicants' personal data (R30), as text or as one JSON object a line.

The code logs registration numbers, never names, IINs, phones, e-mail addresses or questions.
These formatters are the net under that habit: whatever a message, an exception or a library
puts in a line, IIN/BIN-like numbers, e-mail addresses, phone numbers and the secret token of a
tracking address are replaced before the line is written.
"""

import logging
import re

from pythonjsonlogger.json import JsonFormatter

REDACTIONS = (
    # The tracking address /kk/reception/2026-00012/<token>/: the token opens the request.
    (re.compile(r"(/reception/[\w-]+/)[\w-]{16,}"), r"\1[token]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # +7 701 234 56 78, 8(701)2345678, 87012345678: eleven digits with any separators.
    (re.compile(r"(?<![\w])(?:\+7|8)[\s()-]*(?:\d[\s()-]*){9}\d(?!\d)"), "[phone]"),
    # IIN and BIN: twelve digits.
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "[iin]"),
)


def redact(text):
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Plain text lines (development, or LOG_FORMAT=text)."""

    def format(self, record):
        return redact(super().format(record))


class RedactingJsonFormatter(JsonFormatter):
    """One JSON object a line for a log collector (LOG_FORMAT=json, the production default):
    time, level, logger, message, and the exception when there is one."""

    def format(self, record):
        return redact(super().format(record))
