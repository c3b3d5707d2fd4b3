"""Validators for what applicants type: IIN/BIN, phone numbers, uploaded files."""

import datetime

import filetype
import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS_FIRST = range(1, 12)
WEIGHTS_SECOND = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def check_digit(digits):
    """The 12th digit of an IIN or BIN for its first 11, or None if none exists."""
    numbers = [int(d) for d in digits[:11]]
    total = sum(n * w for n, w in zip(numbers, WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(n * w for n, w in zip(numbers, WEIGHTS_SECOND, strict=True)) % 11
    return None if total == 10 else total


def _check_number(value, label):
    value = (value or "").strip()
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(_("%(label)s has 12 digits.") % {"label": label}, code="format")
    if check_digit(value) != int(value[11]):
        raise ValidationError(
            _("This %(label)s is not valid: check the digits.") % {"label": label},
            code="checksum",
        )
    return value


def validate_iin(value):
    """An individual identification number: 12 digits, the birth date (YYMMDD), a century and
    sex digit (1–6), and the check digit."""
    value = _check_number(value, _("IIN"))
    century = CENTURY.get(value[6])
    if century is None:
        raise ValidationError(_("This IIN is not valid: check the digits."), code="century")
    try:
        datetime.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise ValidationError(
            _("This IIN is not valid: the first six digits are not a date of birth."),
            code="date",
        ) from None
    return value


def validate_bin(value):
    """A business identification number: 12 digits with the same check digit as an IIN."""
    return _check_number(value, _("BIN"))


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


def validate_upload(upload, max_bytes):
    """A PDF, JPEG or PNG judged by its content, not its name; returns the detected MIME type."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file %(name)s is larger than %(limit)s MB.")
            % {"name": upload.name, "limit": max_bytes // (1024 * 1024)},
            code="size",
        )
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_UPLOADS:
        raise ValidationError(
            _("The file %(name)s is not a PDF, JPEG or PNG document.") % {"name": upload.name},
            code="type",
        )
    return kind.mime
