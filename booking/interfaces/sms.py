"""SMS to applicants who gave no e-mail: the ticket, the date and time, the reminder.

A backend is a class with ``send(phone, text)`` that raises on failure; ``SMS_BACKEND`` (a dotted
path) chooses it, as ``EMAIL_BACKEND`` chooses the mail's. A provider's gateway is one more such
class. Phones are stored in E.164 (``+77011234567``) by the sign-up form already.
"""

import sys
import threading
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "booking.interfaces.sms.ConsoleBackend"

# What the in-memory backend sent (tests), like ``django.core.mail.outbox``.
outbox = []
_lock = threading.Lock()


class ConsoleBackend:
    """Prints each message to standard output (``make run``): never a log line."""

    def send(self, phone, text):
        sys.stdout.write(f"SMS to {phone}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()


class FileBackend:
    """Appends each message to a file in ``SMS_FILE_PATH`` (a directory), one file a day."""

    def send(self, phone, text):
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        with _lock, (folder / f"{timezone.localdate():%Y-%m-%d}.log").open("a") as file:
            file.write(f"{timezone.now().isoformat()} {phone}\n{text}\n\n")


class MemoryBackend:
    """Keeps messages in ``booking.interfaces.sms.outbox`` (tests)."""

    def send(self, phone, text):
        outbox.append((phone, text))


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()


def send(phone, text):
    get_backend().send(phone, text)
