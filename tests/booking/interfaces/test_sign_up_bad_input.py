"""Bad input on the sign-up form that used to get through or crash it: Unicode digits in an IIN,
impossible birth dates, invisible names, Django's own messages in English on /kk/ (issue 12,
items 11, 12, 13, 15)."""

import datetime
import sys

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from booking.domain.validators import check_digit, validate_bin, validate_iin, validate_name
from booking.interfaces.forms import SignUpForm
from booking.models import ReceptionRequest
from tests.booking.interfaces import test_sign_up
from tests.booking.interfaces.test_sign_up import IIN_2005, IIN_FIRST_PASS, form_data

day = test_sign_up.day  # the fixture: an official's open day with two places

# Characters that pass str.isdigit() but are no decimal digit: superscripts, circled numbers…
NOT_DECIMAL_DIGITS = "".join(
    char for char in map(chr, range(sys.maxunicode + 1)) if char.isdigit() and not char.isdecimal()
)


def with_check_digit(first_eleven):
    """A 12-digit number whose check digit is right, so only the rule under test can refuse it."""
    serial = int(first_eleven[7:])
    while True:
        digits = f"{first_eleven[:7]}{serial:04d}"
        check = check_digit(digits)
        if check is not None:
            return f"{digits}{check}"
        serial += 1


def to_script(digits, zero):
    """*digits* written with the ten decimal digits of another script, starting at *zero*."""
    return "".join(chr(ord(zero) + int(d)) for d in digits)


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


class TestUnicodeDigits:
    def test_every_non_decimal_digit_is_refused_with_a_field_error(self, client, day):
        assert len(NOT_DECIMAL_DIGITS) == 128
        for start in range(0, len(NOT_DECIMAL_DIGITS), 12):
            typed = NOT_DECIMAL_DIGITS[start : start + 12].ljust(12, "1")
            response = client.post("/ru/reception/sign-up/", form_data(iin=typed, bin=typed))
            assert response.status_code == 400
            assert field_errors(response, "iin")
            assert field_errors(response, "bin")
        assert not ReceptionRequest.objects.exists()

    @pytest.mark.parametrize("zero", ["٠", "۰", "०", "০", "０", "߀", "𝟎"])
    def test_decimal_digits_of_other_scripts_become_ascii(self, client, day, zero):
        response = client.post("/ru/reception/sign-up/", form_data(iin=to_script(IIN_2005, zero)))
        assert response.status_code == 302
        assert ReceptionRequest.objects.get().iin == IIN_2005

    def test_what_was_typed_is_kept_when_the_iin_is_refused(self, client, day):
        response = client.post(
            "/kk/reception/sign-up/", form_data(iin="⁸⁵⁰⁵¹⁵³⁰⁰⁰⁰⁶", surname="Жаңабаев")
        )
        assert response.status_code == 400
        assert 'value="Жаңабаев"' in response.content.decode()

    def test_spaces_inside_an_iin_or_bin_are_ignored(self):
        assert validate_iin("850515 300 006") == IIN_FIRST_PASS
        assert validate_bin(" 8505 1530 0006 ") == IIN_FIRST_PASS

    def test_validators_never_raise_anything_but_a_validation_error(self):
        for typed in (NOT_DECIMAL_DIGITS[:12], "①②③④⑤⑥⑦⑧⑨⑩⑪⑫", "\x00" * 12, "1" * 11 + "²"):
            for validate in (validate_iin, validate_bin):
                with pytest.raises(ValidationError):
                    validate(typed)


class TestImpossibleBirthDates:
    @pytest.mark.parametrize(
        "first_eleven",
        [
            "990101" + "5" + "0000",  # born in 2099
            f"{(timezone.localdate().year + 1) % 100:02d}0101" + "5" + "0000",  # next year
            "850515" + "1" + "0000",  # 1885, century digit 1
            "850515" + "2" + "0000",  # 1885, century digit 2
        ],
    )
    def test_refused(self, first_eleven):
        with pytest.raises(ValidationError) as error:
            validate_iin(with_check_digit(first_eleven))
        assert error.value.code == "birth_date"

    def test_born_tomorrow_is_refused_and_today_is_not(self):
        today = timezone.localdate()
        tomorrow = today + datetime.timedelta(days=1)
        for born, valid in ((today, True), (tomorrow, False)):
            century = "5" if born.year >= 2000 else "3"
            iin = with_check_digit(f"{born:%y%m%d}{century}0000")
            if valid:
                assert validate_iin(iin) == iin
            else:
                with pytest.raises(ValidationError):
                    validate_iin(iin)

    def test_the_form_refuses_it_next_to_the_field(self, client, day):
        response = client.post(
            "/ru/reception/sign-up/", form_data(iin=with_check_digit("990101" + "5" + "0000"))
        )
        assert response.status_code == 400
        assert field_errors(response, "iin")
        assert not ReceptionRequest.objects.exists()


INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200b\u200c\u200d\u2060",  # zero-width space, non-joiner, joiner, word joiner
    "\ufeff",  # byte order mark
    "\u00ad\u180e",  # soft hyphen, Mongolian vowel separator
    "\u3000\u2003",  # ideographic and em spaces (Zs)
    "\u2800",  # Braille blank
]
BIDI = ["\u202eвеабтсеТ", "Тест\u202aбаев", "\u2066Тестбаев\u2069", "Тест\u202dбаев", "\u2067А"]
NAME_FIELDS = ["surname", "given_name", "patronymic", "legal_entity"]


class TestNames:
    @pytest.mark.parametrize("typed", INVISIBLE + BIDI)
    def test_validator_refuses(self, typed):
        with pytest.raises(ValidationError):
            validate_name(typed)

    def test_invisible_characters_around_a_real_name_are_removed(self):
        assert validate_name("\u200bТестбаев\u00ad") == "Тестбаев"
        assert validate_name("Әлі-Фараби") == "Әлі-Фараби"
        assert validate_name("O'Brien") == "O'Brien"

    @pytest.mark.parametrize("name", NAME_FIELDS)
    @pytest.mark.parametrize("typed", [INVISIBLE[1], INVISIBLE[3], BIDI[0], BIDI[2]])
    def test_the_form_refuses_it_next_to_the_field(self, client, day, name, typed):
        data = form_data(**{name: typed})
        if name == "legal_entity":
            data.update(applicant_kind="representative", bin=IIN_FIRST_PASS)
        response = client.post("/ru/reception/sign-up/", data)
        assert response.status_code == 400
        assert field_errors(response, name), name
        assert not ReceptionRequest.objects.exists()


class TestDjangoMessagesInTheVisitorsLanguage:
    """Django's own messages met on the form, in kk (Django's catalogue lacks some) and ru."""

    @pytest.mark.parametrize(
        ("overrides", "field", "kk", "ru"),
        [
            ({"email": "not-an-email"}, "email", "пошта", "адрес электронной почты"),
            ({"surname": "Б" * 101}, "surname", "таңба", "символов"),
            ({"iin": "8505153000061234567890"}, "iin", "таңба", "символов"),
            ({"surname": "Тест\x00баев"}, "surname", "нөлдік", "нулевой"),
            ({"question": "сұрақ " * 1001}, "question", "таңба", "символов"),
            ({"topic": "nonsense"}, "topic", "Дұрыс", "Выберите"),
            ({"preferred_day": "999999"}, "preferred_day", "таңда", "Выберите"),
            ({"official": "999999"}, "official", "таңда", "Выберите"),
            ({"surname": ""}, "surname", "міндетті", "заполнить"),
            ({"consent": None}, "consent", "міндетті", "заполнить"),
        ],
    )
    def test_posted_mistakes_are_answered_in_the_language_of_the_page(
        self, client, day, overrides, field, kk, ru
    ):
        for lang, word in (("kk", kk), ("ru", ru)):
            response = client.post(f"/{lang}/reception/sign-up/", form_data(**overrides))
            assert response.status_code == 400
            (message,) = field_errors(response, field)
            assert word in message, (lang, message)
        assert not ReceptionRequest.objects.exists()

    @pytest.mark.parametrize("lang", ["kk", "ru"])
    def test_every_message_of_every_field_is_translated(self, db, lang):
        """Each field's error messages and its validators' messages differ from Django's
        English, so a visitor never meets an English one (min/max values filled in)."""
        form = SignUpForm(language=lang)
        with translation.override("en"):
            english = {name: self.messages(field, name) for name, field in form.fields.items()}
        with translation.override(lang):
            translated = {name: self.messages(field, name) for name, field in form.fields.items()}
        for name, messages in translated.items():
            for key, text in messages.items():
                assert text != english[name][key], (lang, name, key, text)

    @staticmethod
    def messages(field, name):
        params = {"limit_value": 5, "show_value": 7, "value": "x", "max": 5, "length": 7}
        messages = dict(field.error_messages)
        for index, validator in enumerate(field.validators):
            if getattr(validator, "message", None) is not None:
                messages[f"validator{index}"] = validator.message
        # A plural message is chosen by its number: format it before reading it.
        return {key: str(message % params) for key, message in messages.items()}
