"""R30 (003 p.203): applicants' personal data never reaches a public page, a feed, open data,
the sitemap or a log line; only the reception office sees it in the admin."""

import logging

import pytest

from booking.models import ReceptionDay, ReceptionRequest
from tests.booking.interfaces.test_sign_up import APPLICANT_SURNAME, IIN_FIRST_PASS, form_data

PUBLIC_URLS = (
    "/kk/",
    "/ru/",
    "/ru/schedule/",
    "/kk/schedule/",
    "/ru/calendar/all.ics",
    "/kk/calendar/all.ics",
    "/ru/schedule/csv/",
    "/ru/schedule/json/",
    "/sitemap.xml",
)
# What the applicant typed, as it would appear anywhere: IIN, surname, name, phone, e-mail.
GIVEN_NAME, EMAIL = "Тестжан", "testzhan@example.kz"
PERSONAL = (IIN_FIRST_PASS, APPLICANT_SURNAME, GIVEN_NAME, "77012345678", EMAIL)


@pytest.fixture
def all_logs(caplog):
    """Every record, including those of the project's loggers that do not propagate to root."""
    caplog.set_level(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in ("booking", "portal", "pages", "django_q")]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in loggers:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def signed_up(client, demo_site, all_logs):
    """A registered applicant on an upcoming demo day, with the log captured from the start."""
    day = ReceptionDay.objects.active().upcoming().first()
    response = client.post(
        "/ru/reception/sign-up/",
        form_data(preferred_day=day.pk, language="ru", given_name=GIVEN_NAME, email=EMAIL),
    )
    assert response.status_code == 302
    reception_request = ReceptionRequest.objects.get(email=EMAIL)
    assert reception_request.surname == APPLICANT_SURNAME
    return day, reception_request


@pytest.mark.rule("R30")
def test_no_public_page_feed_or_open_data_shows_the_applicant(client, signed_up):
    day, _reception_request = signed_up
    urls = [
        *PUBLIC_URLS,
        f"/ru/schedule/official/{day.official.slug}/",
        f"/kk/calendar/official/{day.official.translation_key}.ics",
        f"/ru/calendar/day/{day.public_id}.ics",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for value in PERSONAL:
            assert value not in body, (url, value)


@pytest.mark.rule("R30")
def test_no_log_record_carries_the_applicants_data(client, signed_up, all_logs):
    _day, reception_request = signed_up
    client.post(
        f"/ru/reception/{reception_request.number}/{reception_request.token}/",
        {"action": "withdraw"},
    )
    records = all_logs.get_records("setup") + all_logs.records  # the sign-up ran in setup
    messages = [record.getMessage() for record in records]
    # The registration and the withdrawal were logged, by number only.
    assert any(reception_request.number in message for message in messages)
    assert sum(reception_request.number in message for message in messages) >= 2
    for message in messages:
        for value in PERSONAL:
            assert value not in message, message
