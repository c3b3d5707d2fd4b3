"""Validators for what applicants type: IIN/BIN, names, phone numbers, uploaded files."""

import datetime
import unicodedata

import filetype
import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booking.domain.text import BIDI_CONTROLS

WEIGHTS_FIRST = range(1, 12)
WEIGHTS_SECOND = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
# Century digits 1-2 (born in the 1800s) are in the standard, but nobody born then is alive.
LIVING_CENTURIES = {"3", "4", "5", "6"}


def check_digit(digits):
    """The 12th digit of an IIN or BIN for its first 11, or None if none exists."""
    numbers = [int(d) for d in digits[:11]]
    total = sum(n * w for n, w in zip(numbers, WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(n * w for n, w in zip(numbers, WEIGHTS_SECOND, strict=True)) % 11
    return None if total == 10 else total


def ascii_digits(value):
    """*value* without spaces, with every Unicode decimal digit (Arabic-Indic, fullwidth…) as
    its ASCII digit; other characters, superscripts and circled numbers included, stay as
    they are for the caller to refuse."""
    kept = (char for char in value or "" if not char.isspace())
    return "".join(
        str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None else char
        for char in kept
    )


def _check_number(value, label):
    value = ascii_digits(value)
    # isascii(): str.isdigit() alone passes superscripts, which int() cannot read.
    if len(value) != 12 or not (value.isascii() and value.isdigit()):
        raise ValidationError(_("%(label)s has 12 digits.") % {"label": label}, code="format")
    if check_digit(value) != int(value[11]):
        raise ValidationError(
            _("This %(label)s is not valid: check the digits.") % {"label": label},
            code="checksum",
        )
    return value


def validate_iin(value, today=None):
    """An individual identification number: 12 digits, the birth date (YYMMDD), a century and
    sex digit (1–6), and the check digit. The birth date is one a living person can have:
    not in the future, not in the 1800s."""
    value = _check_number(value, _("IIN"))
    century = CENTURY.get(value[6])
    if century is None:
        raise ValidationError(_("This IIN is not valid: check the digits."), code="century")
    try:
        born = datetime.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise ValidationError(
            _("This IIN is not valid: the first six digits are not a date of birth."),
            code="date",
        ) from None
    if value[6] not in LIVING_CENTURIES or born > (today or timezone.localdate()):
        raise ValidationError(
            _("This IIN is not valid: the date of birth in it is impossible. Check the digits."),
            code="birth_date",
        )
    return value


def validate_bin(value):
    """A business identification number: 12 digits with the same check digit as an IIN."""
    return _check_number(value, _("BIN"))


# Bidirectional embeddings, overrides and isolates: they make a name read differently from
# Blank although not whitespace to str.isspace(): Braille blank, Hangul fillers.
BLANK_LETTERS = frozenset("\u2800\u115f\u1160\u3164\uffa0")


def validate_name(value, *, digits_allowed=False):
    """A surname, given name, patronymic or organisation name: no control characters or
    direction overrides, invisible format characters (zero-width spaces, soft hyphens)
    removed, and at least one letter (or digit, for an organisation) left."""
    value = value or ""
    if any(char in BIDI_CONTROLS or unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(
            _("Remove the invisible control characters from this field."), code="control"
        )
    value = "".join(char for char in value if unicodedata.category(char) != "Cf")
    value = " ".join(value.split())
    visible = {"L", "N"} if digits_allowed else {"L"}
    if not any(
        unicodedata.category(char)[0] in visible and char not in BLANK_LETTERS for char in value
    ):
        message = (
            _("Write this with letters or digits.")
            if digits_allowed
            else _("Write this with letters.")
        )
        raise ValidationError(message, code="invisible")
    return value


def normalise_phone(value):
    """A Kazakhstan mobile (or any valid international) number in E.164, e.g. +77012345678."""
    try:
        number = phonenumbers.parse((value or "").strip(), "KZ")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a phone number such as 8 701 234 56 78 or +7 701 234 56 78."),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


ALLOWED_UPLOADS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def detect_type(file):
    """The MIME type of *file* (an upload or a stored file, open) judged by its first bytes:
    one of ``ALLOWED_UPLOADS``, or None."""
    file.seek(0)
    head = file.read(262)
    file.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind is not None and kind.mime in ALLOWED_UPLOADS else None


def validate_upload(upload, max_bytes):
    """A PDF, JPEG or PNG judged by its content, not its name; returns the detected MIME type."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file %(name)s is larger than %(limit)s MB.")
            % {"name": upload.name, "limit": max_bytes // (1024 * 1024)},
            code="size",
        )
    content_type = detect_type(upload)
    if content_type is None:
        raise ValidationError(
            _("The file %(name)s is not a PDF, JPEG or PNG document.") % {"name": upload.name},
            code="type",
        )
    return content_type
