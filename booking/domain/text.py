"""Plain text, one module for every rule about characters: what visitors type is cleaned of
control and direction-override characters (``plain_text``), text leaving the portal for other
programs loses its control characters (RFC 5545 3.3.11 forbids them in iCal TEXT, and a strict
parser rejects the whole feed), and Cyrillic names become Latin letters where only ASCII will do
(file names)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

# Line-breaking controls (Word's Shift+Enter is U+000B) become a line break; every other control
# character (C0, DEL, C1) goes, except the tab.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# In a one-line field even a line break or a tab is a control character that makes no sense.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MULTILINE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

# what is stored (U+202A-U+202E, U+2066-U+2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain_text(value, *, multiline=False):
    """Free text without control characters or direction overrides (a vertical tab from
    Word's Shift+Enter, a NUL…): each becomes a space; line breaks stay in *multiline* text."""
    kept = "\n\t" if multiline else ""
    value = (value or "").replace("\r\n", "\n")
    cleaned = "".join(
        " "
        if char not in kept and (unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS)
        else char
        for char in value
    )
    return cleaned.strip() if multiline else " ".join(cleaned.split())


CONTROL_MESSAGE = gettext_lazy(
    "Remove the invisible control characters from this text (they come, for instance, with a "
    "line break copied from Word)."
)


def without_controls(text):
    """*text* with line-breaking controls as ``\\n`` and every other control character but the
    tab removed: what an iCal TEXT value may carry."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def has_controls(text, *, multiline=False):
    """Does *text* hold a control character? A multi-line text may hold line breaks and tabs."""
    return bool((_MULTILINE_CONTROL if multiline else _ANY_CONTROL).search(text))


def refuse_controls(text, *, multiline=False):
    if has_controls(text, multiline=multiline):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


# Kazakh and Russian Cyrillic in Latin letters, close to the state transliteration of names.
_LATIN = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}


def latin_slug(text, max_length=40):
    """A lowercase ASCII slug of *text*, Cyrillic transliterated (``Управление ЖКХ`` →
    ``upravlenie-zhkkh``); empty if nothing is left."""
    latin = "".join(_LATIN.get(char, char) for char in unicodedata.normalize("NFC", text.lower()))
    return slugify(latin)[:max_length].strip("-")
