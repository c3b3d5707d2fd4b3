"""The personal-data guard of press coverage (R27: 001 p.20; R30: 003 p.203).

Before coverage is saved or published, every text of it (title, lead, each block, image
captions and alt texts, link targets) is checked for:

- IIN-like numbers: 12 digits, spaces or dashes allowed between them, with a valid check digit;
- phone numbers and e-mail addresses, except the public ones of the office, organisations and
  officials;
- the names of the applicants of the reception days it covers.

Each is a *blocking* finding. Person names that are not officials' are a *warning* the editor
must confirm: the Russian morphological dictionary (pymorphy3) tags surnames, first names and
patronymics, and Kazakh surname endings are recognised by their form.

A finding names where it is and what kind of data it is, never the text that matched, so that a
message or a log line built from it carries no personal data.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

import phonenumbers
import pymorphy3
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from booking.domain.validators import check_digit
from pages.folding import fold

IIN = "iin"
PHONE = "phone"
EMAIL = "email"
APPLICANT = "applicant"
PERSON = "person"
BLOCKING = {IIN, PHONE, EMAIL, APPLICANT}

KIND_LABELS = {
    IIN: _("an IIN"),
    PHONE: _("a phone number"),
    EMAIL: _("an e-mail address"),
    APPLICANT: _("the name of an applicant of the covered reception"),
    PERSON: _("a person's name that is not an official's"),
}

# Twelve digits, each pair maybe separated by a space, a no-break space, a dot or a dash.
IIN_LIKE = re.compile(r"(?<![\d])\d(?:[ \u00a0.\-]?\d){11}(?![\d])")
EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
UPPER, LOWER = "А-ЯЁӘҒҚҢӨҰҮҺІ", "а-яёәғқңөұүһі"
CAPITALISED = re.compile(rf"(?<![\w])[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?")
# Kazakh and Russian surnames and patronymics by their endings, with Kazakh case endings.
KAZAKH_NAME_FORM = re.compile(
    r"(?:ов|ев|ин|ова|ева|ина|ұлы|қызы|улы|кызы|ович|евич|овна|евна)"
    r"(?:тың|тің|дың|дің|ның|нің|қа|ке|ға|ге|ты|ті|ды|ді|ны|ні|пен|бен|мен"
    r"|тан|тен|дан|ден|нан|нен|а|у|ым|ой)?$"
)
# Capitalised words the dictionary reads as names but that name offices here (Аким = Akim).
NOT_NAMES = {"аким", "әкім", "акимат", "әкімдік", "алтынтау", "акжар", "ақжар"}
NAME_TAGS = {"Surn", "Patr"}
# Applicants' surnames shorter than this match too many ordinary words.
MIN_SURNAME = 3
# Inflected forms: the surname followed by at most this many letters (Тестбаеву, Тестбаевқа).
MAX_ENDING = 4


@dataclass(frozen=True)
class Finding:
    where: str
    kind: str

    @property
    def blocking(self):
        return self.kind in BLOCKING

    @property
    def message(self):
        return _("%(where)s: %(kind)s") % {"where": self.where, "kind": KIND_LABELS[self.kind]}


def html_text(value):
    """The visible text of rich text, with link targets (mailto:, tel:) appended."""
    value = str(value or "")
    targets = " ".join(HREF.findall(value))
    return f"{unescape(strip_tags(value))} {targets}".strip()


def iins(text):
    """IIN-like numbers in *text*: 12 digits with a valid check digit."""
    found = []
    for match in IIN_LIKE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if check_digit(digits) == int(digits[11]):
            found.append(digits)
    return found


def phones(text, public=()):
    """Phone numbers in *text* (read as Kazakh numbers when they lack a country code) that are
    not among the *public* ones."""
    return _phones(text, _phone_keys(public))


def _phone_keys(public):
    return {_phone_key(number) for number in public}


def _phones(text, allowed):
    return [
        match.raw_string
        for match in phonenumbers.PhoneNumberMatcher(text, "KZ")
        if _phone_key(match.raw_string) not in allowed
    ]


def _phone_key(number):
    try:
        parsed = phonenumbers.parse(number, "KZ")
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def emails(text, public=()):
    return _emails(text, _email_keys(public))


def _email_keys(public):
    return {address.casefold() for address in public if address}


def _emails(text, allowed):
    return [
        address
        for address in EMAIL_LIKE.findall(text)
        if address.casefold().removeprefix("mailto:") not in allowed
    ]


def applicant_names(text, surnames):
    """Whether *text* names one of the applicants (by surname, in any inflected form)."""
    return _applicant_names(text, _stems(surnames))


def _stems(surnames):
    return {fold(name) for name in surnames if len(name or "") >= MIN_SURNAME}


def _applicant_names(text, stems):
    if not stems:
        return False
    for word in re.findall(r"[^\W\d_]+", fold(text)):
        for stem in stems:
            if word.startswith(stem) and len(word) - len(stem) <= MAX_ENDING:
                return True
    return False


@lru_cache(maxsize=1)
def _morph():
    return pymorphy3.MorphAnalyzer()


def _looks_like_a_name(word, next_capitalised):
    if KAZAKH_NAME_FORM.search(word.casefold()):
        return True
    parses = _morph().parse(word)[:3]
    if any(NAME_TAGS & parse.tag.grammemes for parse in parses):
        return True
    # A first name alone is often a place or an office; beside another capitalised word it is
    # a person (Мария Иванова).
    return next_capitalised and "Name" in parses[0].tag.grammemes


def person_names(text, known=()):
    """Whether *text* names a person who is not among *known* (officials' names)."""
    return _person_names(text, _known_words(known))


def _known_words(known):
    return {fold(word) for name in known for word in re.findall(r"[^\W\d_]+", name or "")}


def _person_names(text, known_words):
    tokens = list(CAPITALISED.finditer(text))
    for index, match in enumerate(tokens):
        word = match.group()
        folded = fold(word)
        if folded in NOT_NAMES or _known(folded, known_words):
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        next_capitalised = following is not None and text[match.end() : following.start()] == " "
        if _looks_like_a_name(word, next_capitalised):
            return True
    return False


def _known(folded, known_words):
    return any(
        folded.startswith(known) and len(folded) - len(known) <= MAX_ENDING
        for known in known_words
        if len(known) >= MIN_SURNAME
    )


def check(items, *, surnames=(), public_phones=(), public_emails=(), official_names=()):
    """Findings in *items*, pairs of (where, text): one finding per place and kind. What the
    texts are compared with is prepared once, not for each text."""
    phone_keys, email_keys = _phone_keys(public_phones), _email_keys(public_emails)
    stems, known_words = _stems(surnames), _known_words(official_names)
    findings = []
    for where, text in items:
        if not text:
            continue
        kinds = []
        if iins(text):
            kinds.append(IIN)
        if _phones(text, phone_keys):
            kinds.append(PHONE)
        if _emails(text, email_keys):
            kinds.append(EMAIL)
        if _applicant_names(text, stems):
            kinds.append(APPLICANT)
        elif _person_names(text, known_words):
            kinds.append(PERSON)
        findings.extend(Finding(str(where), kind) for kind in kinds)
    return findings
