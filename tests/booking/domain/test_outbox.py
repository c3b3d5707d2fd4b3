"""The outbox loses nothing and sends nothing twice: a message is a row written with the change
that causes it, sent by a task that claims it first, retried with a growing back-off for at least
48 hours when the mail server refuses or cannot be reached, then failed and counted by /healthz;
no address or name reaches a log line on the way."""

import datetime
import io
import logging
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from booking.domain import notifications, signup
from booking.interfaces import emails
from booking.models import MessageKind, MessageStatus, OutboxMessage, SendError
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import ReceptionDayFactory

pytestmark = pytest.mark.django_db

ADDRESS = "aigerim.seitkali@example.kz"


class FailingBackend:
    """A mail server that fails every attempt with ``error`` (a class attribute)."""

    error = ConnectionRefusedError("Connection refused")
    sent = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if FailingBackend.error is not None:
            raise FailingBackend.error
        FailingBackend.sent.extend(messages)
        return len(messages)


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    FailingBackend.error = ConnectionRefusedError("Connection refused")
    FailingBackend.sent = []
    return FailingBackend


@pytest.fixture
def worker_stopped(monkeypatch):
    """No task runs: rows are written, nothing is sent until something calls ``deliver``."""
    monkeypatch.setattr(notifications, "async_task", lambda *args: None)


def _register(**overrides):
    data = form_data(email=ADDRESS, **overrides)
    data["official"] = ReceptionDayFactory().official
    data["phone"] = "+77012345678"
    return signup.submit(data).reception_request


@pytest.mark.rule("R13")
def test_a_registration_and_its_ticket_commit_together(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reception_request = _register()
    [message] = OutboxMessage.objects.filter(reception_request=reception_request)
    assert (message.kind, message.status, message.attempts) == (
        MessageKind.TICKET,
        MessageStatus.SENT,
        1,
    )
    [letter] = mail.outbox
    assert letter.to == [ADDRESS] and reception_request.number in letter.subject


def test_an_outbox_row_rolls_back_with_its_transaction(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _register()
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the change fails after the row is written")
    assert OutboxMessage.objects.count() == 0
    assert callbacks == [] and mail.outbox == []


def test_a_failing_mail_server_is_retried_with_growing_back_off_then_succeeds(
    failing_mail, worker_stopped
):
    reception_request = _register()
    message = OutboxMessage.objects.get(reception_request=reception_request)
    now = timezone.now()
    waits = []
    for _attempt in range(4):
        assert emails.deliver(message.pk, now=now) is False
        message.refresh_from_db()
        assert message.status == MessageStatus.PENDING
        assert (message.error, message.error_code) == (SendError.UNREACHABLE, None)
        waits.append(message.next_attempt_at - now)
        # Not due yet: the sweep leaves it alone.
        assert emails.deliver_due(now=now + datetime.timedelta(seconds=1)) == 0
        now = message.next_attempt_at
    assert waits == [datetime.timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    failing_mail.error = None
    assert emails.deliver_due(now=now) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == (MessageStatus.SENT, 5, "")
    [letter] = failing_mail.sent
    assert reception_request.number in letter.subject


@pytest.mark.rule("R13")
def test_a_mail_server_unreachable_for_two_days_fails_the_message_visibly(
    failing_mail, worker_stopped, client
):
    message = OutboxMessage.objects.get(reception_request=_register())
    start = message.created_at
    now = start
    attempts = 0
    while message.status == MessageStatus.PENDING:
        emails.deliver(message.pk, now=now)
        message.refresh_from_db()
        attempts += 1
        assert message.next_attempt_at - now <= datetime.timedelta(hours=4)
        now = message.next_attempt_at
        assert attempts < 100
    # Retried for 48 hours at least, then failed: not dropped.
    assert message.status == MessageStatus.FAILED
    assert timezone.now() - start < datetime.timedelta(hours=1)  # the clock is the test's
    assert emails.deliver(message.pk, now=now) is False
    assert message.attempts == attempts and attempts > 10
    last_try = start + sum(
        (notifications.backoff(n) for n in range(1, attempts)), datetime.timedelta()
    )
    assert last_try - start >= datetime.timedelta(hours=48)
    assert message.error == SendError.UNREACHABLE
    health = client.get("/healthz").json()
    assert health["outbox"]["failed"] == 1 and health["status"] == "degraded"


def test_the_same_task_delivered_twice_sends_once(worker_stopped):
    message = OutboxMessage.objects.get(reception_request=_register())
    # Two workers hold the same task: the first claims the row, the second finds it held.
    claimed = notifications.claim(message.pk)
    assert claimed is not None
    assert emails.deliver(message.pk) is False
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=None)
    assert emails.deliver(message.pk) is True
    # Delivered again after it went out: nothing.
    assert emails.deliver(message.pk) is False
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_messages_written_while_the_worker_is_stopped_go_when_it_is_back(worker_stopped, client):
    requests = [_register(surname=name) for name in ("Ахметов", "Бекова", "Жұмабаев")]
    assert mail.outbox == []
    later = timezone.now() + datetime.timedelta(hours=1)
    assert notifications.counts(now=later) == {"failed": 0, "overdue": 3}
    # The schedule's sweep, once the worker runs again.
    assert emails.deliver_due(now=later) == 3
    assert sorted(letter.to[0] for letter in mail.outbox) == [ADDRESS] * 3
    assert {r.number for r in requests} == {
        letter.subject.split()[-2] for letter in mail.outbox
    } or all(any(r.number in letter.subject for letter in mail.outbox) for r in requests)
    assert notifications.counts(now=later) == {"failed": 0, "overdue": 0}


def test_a_broken_template_fails_the_message_visibly_and_staff_can_resend(
    worker_stopped, monkeypatch, client
):
    message = OutboxMessage.objects.get(reception_request=_register())
    real_render = emails.render_to_string

    def broken(name, context=None, *args, **kwargs):
        if name.endswith("ticket.txt"):
            raise emails.TemplateDoesNotExist(name)
        return real_render(name, context, *args, **kwargs)

    monkeypatch.setattr(emails, "render_to_string", broken)
    assert emails.deliver(message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.error) == (MessageStatus.FAILED, SendError.TEMPLATE)
    assert client.get("/healthz").json()["outbox"]["failed"] == 1
    # Fixed by a deploy; staff resend it.
    monkeypatch.setattr(emails, "render_to_string", real_render)
    notifications.resend(message)
    assert emails.deliver(message.pk) is True
    assert len(mail.outbox) == 1


def test_a_missing_html_layout_still_sends_the_plain_text(worker_stopped, monkeypatch):
    message = OutboxMessage.objects.get(reception_request=_register(language="ru"))
    real_render = emails.render_to_string

    def without_layout(name, context=None, *args, **kwargs):
        if name.endswith("layout.html"):
            raise emails.TemplateDoesNotExist(name)
        return real_render(name, context, *args, **kwargs)

    monkeypatch.setattr(emails, "render_to_string", without_layout)
    assert emails.deliver(message.pk) is True
    [letter] = mail.outbox
    assert letter.alternatives == [] and "зарегистрировано" in letter.body


@pytest.fixture
def captured_log():
    """What the configured console handler (its filter and formatter) writes."""
    handler = logging.getLogger("booking").handlers[0]
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


@pytest.mark.rule("R30")
def test_a_refused_recipient_leaves_no_address_or_name_in_the_log(
    failing_mail, worker_stopped, captured_log
):
    reception_request = _register(surname="Сейтқали", given_name="Әйгерім")
    reply = f"5.1.1 <{ADDRESS}>: Recipient address rejected: user Сейтқали Әйгерім unknown"
    failing_mail.error = smtplib.SMTPRecipientsRefused({ADDRESS: (550, reply.encode())})
    message = OutboxMessage.objects.get(reception_request=reception_request)
    assert emails.deliver(message.pk) is False
    # Even a careless line with the exception itself.
    try:
        raise failing_mail.error
    except smtplib.SMTPRecipientsRefused:
        logging.getLogger("booking.tasks").exception("Sending %s failed: %s", message.pk, reply)
    logged = captured_log.getvalue()
    assert f"Message {message.pk} (ticket) attempt 1 failed: recipient 550" in logged
    assert "SMTPRecipientsRefused 550" in logged
    for personal in (ADDRESS, "aigerim", "Сейтқали", "Әйгерім", "+77012345678", "7012345678"):
        assert personal not in logged
    message.refresh_from_db()
    assert (message.error, message.error_code) == (SendError.RECIPIENT, 550)
