"""Letters out of the outbox as the applicant reads them, in kk and ru: HTML beside the plain
text, the appointment's .ics (one UID for life: a move raises SEQUENCE, a cancellation is
METHOD:CANCEL), the withdrawal, the reminder the working day before (across a weekend and a
holiday), the survey link (R28), SMS for an applicant without e-mail, find my request."""

import datetime
import os
import re
import subprocess
import sys

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from booking.domain import actions, days, notifications, signup
from booking.domain.workdays import WorkingCalendar
from booking.enums import (
    ChangeReason,
    OverrideKind,
    RequestAction,
    RequestActor,
    RequestStatus,
)
from booking.interfaces import emails, sms
from booking.models import (
    MessageChannel,
    MessageKind,
    OutboxMessage,
    RequestEvent,
    WorkingDayOverride,
)
from portal.settings.base import BASE_DIR
from tests.booking.interfaces.test_workflow_letters import (
    check,
    long_date,
    make_day,
    registered,
    under_review,
)
from tests.booking.interfaces.test_workflow_letters import english_words as latin_words
from tests.factories import ReceptionRequestFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["kk", "ru"]
PHONE = "+77012345678"
FACTORY_NUMBER = re.compile(r"TEST-\d+")
URL = re.compile(r"https?://\S+")


def english_words(text):
    """Untranslated words, the factories' request numbers (TEST-00001) aside."""
    return latin_words(FACTORY_NUMBER.sub(" ", URL.sub(" ", text)))


@pytest.fixture
def day(db):
    return make_day()


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run one domain step and return the letters it sent."""

    def run(step, *args, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = step(*args, **kwargs)
        return result, list(mail.outbox)

    return run


def calendar_of(letter):
    [(name, content, mimetype)] = letter.attachments
    assert name == "reception.ics" and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def scheduled(day, language, sent, **overrides):
    reception_request = under_review(day, language, **overrides)
    _result, [letter] = sent(
        actions.schedule, reception_request, day=day, slot_time=datetime.time(10, 30)
    )
    reception_request.refresh_from_db()
    return reception_request, letter


@pytest.mark.rule("R13", "R20")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_date_letter_carries_html_and_an_ics_that_a_move_and_a_cancel_update(
    day, sent, language
):
    reception_request, letter = scheduled(day, language, sent)
    check(letter, reception_request, language)
    [(html, mimetype)] = letter.alternatives
    assert mimetype == "text/html"
    assert f'<html lang="{language}">' in html
    assert f'href="{emails.tracking_url(reception_request)}"' in html
    assert long_date(day.date, language) in html and "10:30" in html
    calendar, event = calendar_of(letter)
    uid = str(event["uid"])
    assert (str(calendar["method"]), int(event["sequence"])) == ("REQUEST", 0)
    assert event.decoded("dtstart") == datetime.datetime.combine(
        day.date, datetime.time(10, 30), tzinfo=timezone.get_default_timezone()
    )
    assert str(event["dtstart"].params["TZID"]) == "Asia/Almaty"
    assert calendar.walk("VTIMEZONE")
    with translation.override(language):
        venue = day.venue.get_translation_or_none(day.venue.locale.get_active()) or day.venue
    assert venue.full_address in str(event["location"])
    assert reception_request.number in str(event["description"])
    assert reception_request.surname not in content_of(letter)

    # Moved: the same UID, SEQUENCE raised, METHOD:REQUEST with the new date.
    new_date = WorkingCalendar.from_db().next_working_day(day.date)
    new_day, [moved] = sent(
        days.move_day,
        day,
        date=new_date,
        start_time=datetime.time(15, 0),
        end_time=datetime.time(17, 0),
        reason=ChangeReason.ILLNESS,
    )
    check(moved, reception_request, language)
    assert long_date(new_date, language) in moved.body
    calendar, event = calendar_of(moved)
    assert (str(event["uid"]), str(calendar["method"]), int(event["sequence"])) == (
        uid,
        "REQUEST",
        1,
    )
    assert event.decoded("dtstart").date() == new_date

    # Cancelled: the same UID, METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE raised again.
    _day, cancelled_letters = sent(days.cancel_day, new_day, ChangeReason.BUSINESS_TRIP)
    [cancelled] = [m for m in cancelled_letters if m.to == [reception_request.email]]
    calendar, event = calendar_of(cancelled)
    assert (str(event["uid"]), str(calendar["method"]), str(event["status"])) == (
        uid,
        "CANCEL",
        "CANCELLED",
    )
    assert int(event["sequence"]) == 2
    # The office is alerted that a day with applicants is cancelled (R20).
    [alert] = [m for m in cancelled_letters if m.to != [reception_request.email]]
    assert alert.to == [day.official.reception_email]
    assert reception_request.number in alert.body
    assert reception_request.surname not in alert.body and reception_request.email not in alert.body


def content_of(letter):
    ics = letter.attachments[0][1]
    return letter.body + letter.alternatives[0][0] + (ics if isinstance(ics, str) else ics.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_withdrawal_is_confirmed_to_the_applicant(day, sent, language):
    reception_request = registered(day, language)
    _result, [letter] = sent(signup.withdraw, reception_request)
    subject, body = check(letter, reception_request, language)
    words = {"kk": "қайтарып алынды", "ru": "отозвано"}[language]
    assert words in subject + body


@pytest.fixture
def friday_before_a_holiday(db):
    """Friday 27 November 2026; Monday 30 November made a day off by decree."""
    WorkingDayOverride.objects.create(
        date=datetime.date(2026, 11, 30),
        kind=OverrideKind.DAY_OFF,
        name_kk="Демалыс күні",
        name_ru="Выходной день",
    )
    calendar = WorkingCalendar.from_db()
    friday = datetime.date(2026, 11, 27)
    assert calendar.next_working_day(friday) == datetime.date(2026, 12, 1)
    return friday, calendar


@pytest.mark.rule("R13")
def test_the_reminder_goes_the_working_day_before_across_a_weekend_and_a_holiday(
    friday_before_a_holiday, sent
):
    friday, calendar = friday_before_a_holiday
    tuesday, wednesday = datetime.date(2026, 12, 1), datetime.date(2026, 12, 2)
    day_tuesday = make_day()
    day_tuesday.date = tuesday
    day_tuesday.save()
    day_wednesday = make_day()
    day_wednesday.date = wednesday
    day_wednesday.save()
    on_tuesday = ReceptionRequestFactory(scheduled=True, preferred_day=day_tuesday, language="ru")
    on_wednesday = ReceptionRequestFactory(scheduled=True, preferred_day=day_wednesday)
    thursday = friday - datetime.timedelta(days=1)

    assert sent(notifications.send_reminders, thursday, calendar) == (0, [])
    count, [letter] = sent(notifications.send_reminders, friday, calendar)
    assert count == 1 and letter.to == [on_tuesday.email]
    assert long_date(tuesday, "ru") in letter.body and "Напоминаем" in letter.body
    assert not english_words(letter.subject + letter.body)
    _calendar, event = calendar_of(letter)
    assert event.decoded("dtstart").date() == tuesday
    # Once: the job running again that day sends nothing more.
    assert sent(notifications.send_reminders, friday, calendar) == (0, [])
    # Monday is the holiday: Wednesday's reception is reminded on Tuesday, not before.
    monday = datetime.date(2026, 11, 30)
    assert sent(notifications.send_reminders, monday, calendar)[0] == 0
    count, [letter] = sent(notifications.send_reminders, tuesday, calendar)
    assert letter.to == [on_wednesday.email]


@pytest.mark.rule("R28")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_survey_link_takes_one_answer_without_login(day, sent, client, language):
    received = ReceptionRequestFactory(received=True, preferred_day=day, language=language)
    long_ago = ReceptionRequestFactory(received=True, preferred_day=day)
    for reception_request, at in ((received, timezone.now()), (long_ago, None)):
        event = RequestEvent.objects.create(
            reception_request=reception_request,
            action=RequestAction.ATTENDED,
            from_status=RequestStatus.SCHEDULED,
            to_status=RequestStatus.RECEIVED,
            actor_role=RequestActor.STAFF,
        )
        if at is None:
            RequestEvent.objects.filter(pk=event.pk).update(
                at=timezone.now() - datetime.timedelta(days=90)
            )
    ReceptionRequestFactory(under_review=True, preferred_day=day)
    count, [letter] = sent(notifications.send_surveys)
    assert count == 1 and letter.to == [received.email]
    url = emails.survey_url(received)
    assert url in letter.body and not english_words(letter.subject + letter.body)
    assert sent(notifications.send_surveys) == (0, [])
    path = url.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    bad = client.post(path, {"score": "9"})
    assert (
        bad.status_code == 200
        and received.__class__.objects.get(pk=received.pk).satisfaction is None
    )
    client.post(path, {"score": "4", "comment": "Жақсы / Хорошо"})
    received.refresh_from_db()
    assert (received.satisfaction, received.satisfaction_comment) == (4, "Жақсы / Хорошо")
    event = received.events.get(action="satisfaction")
    assert event.actor_role == RequestActor.APPLICANT
    # One answer per request: a second one changes nothing.
    again = client.post(path, {"score": "1"})
    received.refresh_from_db()
    assert received.satisfaction == 4 and again.status_code == 200
    assert client.get(path.replace(received.token, "x" * 32)).status_code == 404


@pytest.fixture
def memory_sms(settings):
    settings.SMS_BACKEND = "booking.interfaces.sms.MemoryBackend"
    sms.outbox.clear()
    return sms.outbox


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_e_mail_the_ticket_and_the_date_go_by_sms(day, sent, memory_sms, language):
    reception_request, _letters = sent(registered, day, language, email="", phone=PHONE)
    [(phone, text)] = memory_sms
    assert phone == reception_request.phone == "+77012345678"
    assert reception_request.number in text and emails.tracking_url(reception_request) in text
    assert not english_words(text)
    actions.review(reception_request)
    sent(actions.schedule, reception_request, day=day, slot_time=datetime.time(11, 0))
    phone, text = memory_sms[-1]
    assert "11:00" in text and day.date.strftime("%d.%m.%Y").lstrip("0") in text
    # A step that does not go by SMS (an extension) writes no message; the office tells them.
    assert OutboxMessage.objects.filter(channel=MessageChannel.SMS).count() == 2


NOTICE = re.compile(r'<div class="notice".*?</div>', re.S)


@pytest.mark.parametrize("language", LANGUAGES)
def test_find_my_request_answers_the_same_and_sends_the_link_only_to_the_contact(
    day, client, memory_sms, language, django_capture_on_commit_callbacks
):
    reception_request = registered(day, language, phone=PHONE)
    mail.outbox.clear()
    with translation.override(language):
        url = reverse("find_request")
    pages = {}
    for name, contact in (
        ("right_email", reception_request.email.upper()),
        ("right_phone", "8 701 234 56 78"),
        ("wrong", "someone@example.kz"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"number": reception_request.number, "contact": contact})
        assert response.status_code == 200
        text = response.content.decode()
        assert emails.tracking_url(reception_request) not in text
        assert reception_request.token not in text
        pages[name] = NOTICE.search(text).group(0)
    wrong_number = client.post(url, {"number": "2026-99999", "contact": reception_request.email})
    pages["wrong_number"] = NOTICE.search(wrong_number.content.decode()).group(0)
    # The same answer for every pair (the form keeps what was typed, nothing else differs).
    assert len(set(pages.values())) == 1
    assert [m.to for m in mail.outbox] == [[reception_request.email]]
    assert emails.tracking_url(reception_request) in mail.outbox[0].body
    assert [phone for phone, _text in memory_sms] == ["+77012345678"]


def test_find_my_request_is_rate_limited(day, client):
    reception_request = registered(day, "kk")
    answers = [
        client.post(
            "/kk/reception/find/", {"number": reception_request.number, "contact": "x@example.kz"}
        ).status_code
        for _ in range(7)
    ]
    assert answers == [200] * 5 + [429] * 2


@pytest.mark.rule("R12")
def test_the_final_list_goes_to_the_official_the_working_day_before(day, sent):
    first = ReceptionRequestFactory(scheduled=True, preferred_day=day, slot_time=datetime.time(10))
    out_of_turn = ReceptionRequestFactory(
        scheduled=True, preferred_day=day, priority="disability", slot_time=datetime.time(10, 30)
    )
    ReceptionRequestFactory(withdrawn=True, preferred_day=day)
    before = WorkingCalendar.from_db().add_working_days(day.date, -1)
    assert sent(notifications.send_final_lists, before - datetime.timedelta(days=1))[0] == 0
    count, [letter] = sent(notifications.send_final_lists, before)
    assert count == 1 and letter.to == [day.official.reception_email]
    body = letter.body
    assert body.index(out_of_turn.number) < body.index(first.number)
    assert "Тестбаев А." in body
    assert first.iin not in body and first.phone not in body and first.email not in body
    assert not english_words(letter.subject + body)
    assert sent(notifications.send_final_lists, before)[0] == 0


@pytest.mark.rule("R13")
def test_the_digest_lists_deadlines_close_or_passed(day, sent):
    today = timezone.localdate()
    calendar = WorkingCalendar.from_db()
    overdue = ReceptionRequestFactory(preferred_day=day, due_on=today - datetime.timedelta(days=3))
    close = ReceptionRequestFactory(preferred_day=day, due_on=calendar.add_working_days(today, 2))
    later = ReceptionRequestFactory(preferred_day=day, due_on=calendar.add_working_days(today, 3))
    closed = ReceptionRequestFactory(preferred_day=day, due_on=today, status=RequestStatus.CLOSED)
    for reception_request in (overdue, close, later, closed):
        reception_request.due_kind = "answer"
        reception_request.save()
    count, letters = sent(notifications.send_digests, today, calendar)
    assert OutboxMessage.objects.get(kind=MessageKind.DIGEST).error == ""
    [letter] = letters
    assert count == 1 and letter.to == [day.official.reception_email]
    assert overdue.number in letter.body and close.number in letter.body
    assert later.number not in letter.body and closed.number not in letter.body
    assert "мерзімі өткен" in letter.body
    assert overdue.surname not in letter.body and overdue.email not in letter.body
    assert not english_words(letter.subject + letter.body)
    assert sent(notifications.send_digests, today, calendar)[0] == 0


@pytest.mark.rule("R30")
def test_personal_data_of_finished_requests_is_erased_after_retention(day, settings):
    settings.PORTAL_RETENTION_DAYS = 30
    old = timezone.now() - datetime.timedelta(days=40)
    stale = ReceptionRequestFactory(refused=True, preferred_day=day, received_at=old)
    stale.events.update(at=old)
    fresh = ReceptionRequestFactory(refused=True, preferred_day=day)
    open_old = ReceptionRequestFactory(under_review=True, preferred_day=day, received_at=old)
    OutboxMessage.objects.create(
        kind=MessageKind.UPDATE,
        reception_request=stale,
        recipient=stale.email,
        language="kk",
        next_attempt_at=old,
    )
    assert notifications.purge_personal_data() == 1
    stale.refresh_from_db()
    assert (stale.surname, stale.iin, stale.phone, stale.email, stale.question) == (
        "—",
        "",
        "",
        "",
        "",
    )
    assert stale.number and stale.status == RequestStatus.REFUSED
    assert OutboxMessage.objects.get(reception_request=stale).recipient == ""
    fresh.refresh_from_db()
    open_old.refresh_from_db()
    assert fresh.iin and open_old.iin
    assert notifications.purge_personal_data() == 0


def test_make_run_gives_the_links_the_port_it_serves():
    """`make run PORT=8123` exports PORTAL_BASE_URL=http://127.0.0.1:8123 (unless set) to the
    web server and the worker; dev settings take the links' base from it."""
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}
    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    ).stdout
    assert 'PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:8123}"' in commands
    assert commands.index("PORTAL_BASE_URL") < commands.index("qcluster")
    settings_env = {**env, "PORTAL_BASE_URL": "http://127.0.0.1:8123"}
    base = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;django.setup();from django.conf import settings;"
            "print(settings.WAGTAILADMIN_BASE_URL)",
        ],
        cwd=BASE_DIR,
        env={**settings_env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert base == "http://127.0.0.1:8123"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ticket_links_to_the_port_served(day, sent, settings, language):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    reception_request, [letter] = sent(registered, day, language)
    assert f"http://127.0.0.1:8123/{language}/reception/{reception_request.number}/" in letter.body
    assert ":8000" not in letter.body + letter.alternatives[0][0]
