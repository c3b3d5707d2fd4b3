"""Registering sign-up requests: the one function the public form, the admin (other channels)
and tests all call. Every valid submission is accepted and registered (R05, R06, R09; 001 p.4,
p.6, p.21)."""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from booking.domain import capacity, deadlines, notifications, validators, workflow
from booking.domain.workdays import WorkingCalendar
from booking.enums import Channel, RequestAction, RequestActor, RequestStatus
from booking.models import (
    MessageKind,
    ReceptionRequest,
    ReceptionSettings,
    RegistrationCounter,
    RequestAttachment,
)

logger = logging.getLogger(__name__)

# A second identical submission within this time shows the first ticket instead.
DUPLICATE_WINDOW = datetime.timedelta(minutes=30)


def duplicate_key(data):
    """The same person (IIN or document, phone and surname) with the same question to the same
    official: a stranger who knows only an IIN does not match it."""
    official = data.get("official")
    parts = [
        data.get("iin") or data.get("document_number", ""),
        data["phone"],
        data["surname"].strip().casefold(),
        getattr(official, "translation_key", ""),
        " ".join(data["question"].split()).casefold(),
    ]
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def _lock_counter(year):
    """Lock the year's registration counter: one registration at a time takes a number, and
    the duplicate check before it cannot race another identical submission."""
    counter, _created = RegistrationCounter.objects.select_for_update().get_or_create(year=year)
    return counter


def _next_number(year):
    counter = _lock_counter(year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:05d}"


def stored_as_detected(upload, content_type=None):
    """*upload* named by the type its content shows (``document.pdf``), never by the client's
    name: a PNG sent as ``scan.html`` is stored, and later served, as a PNG."""
    content_type = content_type or validators.detect_type(upload)
    extension = validators.ALLOWED_UPLOADS.get(content_type)
    return File(upload, name=f"document.{extension}" if extension else "document")


@dataclass
class Submission:
    reception_request: ReceptionRequest
    duplicate: bool = False


@sensitive_variables("data")
def submit(
    data,
    *,
    channel=Channel.PORTAL,
    attachments=(),
    actor=None,
    now=None,
    possible_duplicate=False,
):
    """Register a request from cleaned *data* (the form's field names). Returns the
    submission; ``duplicate`` is true when the same applicant sent the same question to the
    same official moments ago, and the first request is returned instead. Never refuses a
    valid submission (R06): if the preferred day has no place left by now, the request is
    registered for the earliest possible day and ``requested_day`` remembers the day asked.
    *possible_duplicate*: the person is over the portal's per-person limit; registered all the
    same (R06) and marked for the office."""
    now = now or timezone.now()
    official = data.get("official")
    key = duplicate_key(data)
    calendar = WorkingCalendar.from_db()
    reception_settings = ReceptionSettings.load()
    earlier = _earlier_duplicate(key, now)
    if earlier is not None:
        return Submission(earlier, duplicate=True)
    authority_document = data.get("authority_document")
    if authority_document:
        authority_document = stored_as_detected(authority_document)
    with transaction.atomic():
        day, requested_day = data.get("preferred_day"), None
        if day is not None:
            try:
                day = capacity.hold_place(day)
            except capacity.DayFull:
                # R06 (001 p.6): never refused. The day filled up (or closed) while the
                # applicant was writing: registered for the earliest possible day instead.
                day, requested_day = None, day
        registered_on = deadlines.registration_date(now, calendar, reception_settings)
        # Taking the number locks the year's counter: from here one registration at a time, so
        # a double-click's second request sees the first one.
        number = _next_number(registered_on.year)
        earlier = _earlier_duplicate(key, now)
        if earlier is not None:
            transaction.set_rollback(True)
            return Submission(earlier, duplicate=True)
        reception_request = ReceptionRequest.objects.create(
            number=number,
            channel=channel,
            received_at=now,
            registered_on=registered_on,
            answer_due=deadlines.answer_due(registered_on, calendar, reception_settings),
            applicant_kind=data["applicant_kind"],
            surname=data["surname"],
            given_name=data["given_name"],
            patronymic=data.get("patronymic", ""),
            iin=data.get("iin", ""),
            document_type=data.get("document_type", ""),
            document_number=data.get("document_number", ""),
            needs_interpreter=data.get("needs_interpreter", False),
            bin=data.get("bin", ""),
            legal_entity=data.get("legal_entity", ""),
            authority_document=authority_document,
            phone=data["phone"],
            email=data.get("email", ""),
            postal_address=data.get("postal_address", ""),
            official=official or getattr(day or requested_day, "official", None),
            preferred_day=day,
            requested_day=requested_day,
            question=data["question"],
            topic=data["topic"],
            earlier_appeal=data.get("earlier_appeal", ""),
            language=data["language"],
            mode=data["mode"],
            video_consent=data.get("video_consent", False),
            priority=data.get("priority", ""),
            consent_at=now,
            duplicate_key=key,
            possible_duplicate=possible_duplicate,
            created_by=actor,
        )
        for upload, content_type in attachments:
            RequestAttachment.objects.create(
                reception_request=reception_request,
                file=stored_as_detected(upload, content_type),
                original_name=upload.name[:255],
                content_type=content_type,
                size=upload.size,
            )
        workflow.open_history(
            reception_request,
            actor=actor,
            actor_role=RequestActor.STAFF if actor else RequestActor.APPLICANT,
        )
        # The ticket (R32), in this transaction: registered and told, or neither.
        notifications.to_applicant(reception_request, MessageKind.TICKET)
    # Only the number: never the applicant's data (R30).
    logger.info("Sign-up request %s registered via %s", reception_request.number, channel)
    return Submission(reception_request)


def _earlier_duplicate(key, now):
    return (
        ReceptionRequest.objects.filter(duplicate_key=key, received_at__gte=now - DUPLICATE_WINDOW)
        .exclude(status=RequestStatus.WITHDRAWN)
        .first()
    )


def withdraw(reception_request):
    """The applicant withdraws their request; its place on the day comes back."""
    reception_request = workflow.transition(
        reception_request, RequestAction.WITHDRAW, actor_role=RequestActor.APPLICANT
    )
    logger.info("Sign-up request %s withdrawn", reception_request.number)
    return reception_request
