"""Arbitrary Unicode in every text field of the sign-up form, posted as a visitor would: the
form never answers with a 500, and stores nothing when it answers with errors (issue 12)."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking.models import ReceptionRequest
from tests.booking.interfaces import test_sign_up
from tests.booking.interfaces.test_sign_up import form_data

day = test_sign_up.day  # the fixture: an official's open day with two places

TEXT_FIELDS = [
    "surname",
    "given_name",
    "patronymic",
    "iin",
    "document_number",
    "bin",
    "legal_entity",
    "phone",
    "email",
    "postal_address",
    "question",
    "earlier_appeal",
    "website",
]
CHOICE_FIELDS = [
    "applicant_kind",
    "document_type",
    "official",
    "preferred_day",
    "topic",
    "language",
    "mode",
    "priority",
]
# Decimal digits of other scripts, superscripts, circled numbers, fullwidth and math digits.
ODD_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९০১২৩৪৫৬৭৮৯０１２３４５６７８９𝟎𝟏𝟐¹²³⁴⁵⁶⁷⁸⁹⁰①②③⓪"
# Control, format and odd space characters: vertical tab, NUL, zero-width, direction overrides.
ODD_CHARACTERS = (
    "\x00\x0b\x1b\x7f\u0085\u00ad\u200b\u200c\u200d\u200e\u202a\u202e\u2066\u2069\ufeff\u3000"
)

any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
odd_digits = st.text(st.sampled_from(ODD_DIGITS + "0123456789 "), min_size=10, max_size=14)
odd_mix = st.text(
    st.one_of(st.sampled_from(ODD_CHARACTERS), st.sampled_from("Тестбаев ")), max_size=20
)
field_value = st.one_of(any_text, odd_digits, odd_mix)


def post(client, data):
    """Post *data*; the count of requests stored must rise by one only on a registration."""
    before = ReceptionRequest.objects.count()
    response = client.post("/kk/reception/sign-up/", data)
    assert response.status_code != 500
    stored = ReceptionRequest.objects.count() - before
    if response.status_code == 302:
        assert stored == 1
    else:
        assert response.status_code in (200, 400), response.status_code
        assert stored == 0
    return response


# Sixty posts in all (about 0.1 s each) keep the suite fast.
FUZZ = settings(
    max_examples=40,
    database=None,  # no .hypothesis folder in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@FUZZ
@given(overrides=st.dictionaries(st.sampled_from(TEXT_FIELDS), field_value, max_size=4))
def test_some_fields_of_a_valid_request_replaced_by_arbitrary_text(day, overrides):
    cache.clear()  # rate limits would turn every valid request into an error after ten
    post(Client(), form_data(**overrides))


@pytest.mark.django_db
@settings(FUZZ, max_examples=20)
@given(values=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS + CHOICE_FIELDS, field_value)))
def test_every_field_arbitrary(day, values):
    cache.clear()
    response = post(Client(), {**values, "consent": "on"})
    assert response.status_code in (200, 400)
