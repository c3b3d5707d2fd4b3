"""Registering sign-up requests: the one function the public form, the admin (other channels)
and tests all call. Every valid submission is accepted and registered (R06, R09)."""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from booking.enums import PLACE_HOLDING_STATUSES, Channel, DayStatus, RequestStatus
from booking.models import (
    ReceptionDay,
    ReceptionRequest,
    ReceptionSettings,
    RegistrationCounter,
    RequestAttachment,
    RequestEvent,
)
from booking.schedule import places_taken
from booking.workdays import WorkingCalendar

logger = logging.getLogger(__name__)

# A second identical submission within this time shows the first ticket instead.
DUPLICATE_WINDOW = datetime.timedelta(minutes=30)
# Switched off only by the test that proves the concurrency test can catch an overbooking.
LOCK_DAYS = True


class DayFull(ValidationError):
    """The preferred reception day has no place left."""


def registration_date(received_at, calendar=None, reception_settings=None):
    """The day a request is registered (R09, 001 p.21): the day it arrives if that is a working
    day and it arrives before the end of working hours; otherwise the next working day."""
    calendar = calendar or WorkingCalendar.from_db()
    reception_settings = reception_settings or ReceptionSettings.load()
    local = timezone.localtime(received_at)
    day = local.date()
    if calendar.is_working_day(day) and local.time() < reception_settings.work_end:
        return day
    return calendar.next_working_day(day)


def answer_deadline(registered_on, calendar=None, reception_settings=None):
    """The date by which the applicant gets the date and time or a reasoned refusal (R13)."""
    calendar = calendar or WorkingCalendar.from_db()
    reception_settings = reception_settings or ReceptionSettings.load()
    return calendar.add_working_days(registered_on, reception_settings.answer_deadline_days)


def fingerprint(data):
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


def is_open_for_sign_up(day, now=None):
    """A scheduled day that has not ended yet."""
    return day.status == DayStatus.SCHEDULED and day.ends_at > (now or timezone.now())


def places_left(day):
    return max(day.capacity - places_taken(day), 0)


def _hold_place(day):
    """Lock *day* and check there is a place on it. Inside the caller's transaction."""
    days = ReceptionDay.objects.select_for_update() if LOCK_DAYS else ReceptionDay.objects
    day = days.get(pk=day.pk)
    if not is_open_for_sign_up(day):
        raise DayFull(_("This reception day is no longer available. Choose another day."))
    if places_left(day) <= 0:
        raise DayFull(_("There are no places left on this reception day. Choose another day."))
    return day


@dataclass
class Submission:
    request: ReceptionRequest
    duplicate: bool = False


@sensitive_variables("data")
def submit(data, *, channel=Channel.PORTAL, attachments=(), actor=None, now=None):
    """Register a request from cleaned *data* (the form's field names). Returns the
    submission; ``duplicate`` is true when the same applicant sent the same question to the
    same official moments ago, and the first request is returned instead."""
    now = now or timezone.now()
    official = data.get("official")
    key = fingerprint(data)
    calendar = WorkingCalendar.from_db()
    reception_settings = ReceptionSettings.load()
    earlier = _earlier_duplicate(key, now)
    if earlier is not None:
        return Submission(earlier, duplicate=True)
    with transaction.atomic():
        day = data.get("preferred_day")
        if day is not None:
            day = _hold_place(day)
        registered_on = registration_date(now, calendar, reception_settings)
        # Taking the number locks the year's counter: from here one registration at a time, so
        # a double-click's second request sees the first one.
        number = _next_number(registered_on.year)
        earlier = _earlier_duplicate(key, now)
        if earlier is not None:
            transaction.set_rollback(True)
            return Submission(earlier, duplicate=True)
        request = ReceptionRequest.objects.create(
            number=number,
            channel=channel,
            received_at=now,
            registered_on=registered_on,
            answer_due=answer_deadline(registered_on, calendar, reception_settings),
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
            authority_document=data.get("authority_document"),
            phone=data["phone"],
            email=data.get("email", ""),
            postal_address=data.get("postal_address", ""),
            official=official or (day.official if day else None),
            preferred_day=day,
            question=data["question"],
            topic=data["topic"],
            earlier_appeal=data.get("earlier_appeal", ""),
            language=data["language"],
            mode=data["mode"],
            video_consent=data.get("video_consent", False),
            priority=data.get("priority", ""),
            consent_at=now,
            fingerprint=key,
            created_by=actor,
        )
        for upload, content_type in attachments:
            RequestAttachment.objects.create(
                request=request,
                file=upload,
                original_name=upload.name[:255],
                content_type=content_type,
                size=upload.size,
            )
        RequestEvent.objects.create(request=request, status=request.status, actor=actor)
        transaction.on_commit(lambda: _notify(request.pk))
    # Only the number: never the applicant's data (R30).
    logger.info("Sign-up request %s registered via %s", request.number, channel)
    return Submission(request)


def _earlier_duplicate(key, now):
    return (
        ReceptionRequest.objects.filter(fingerprint=key, received_at__gte=now - DUPLICATE_WINDOW)
        .exclude(status=RequestStatus.WITHDRAWN)
        .first()
    )


def _notify(request_pk):
    from django_q.tasks import async_task

    async_task("booking.tasks.send_ticket", request_pk)


@transaction.atomic
def withdraw(request):
    """The applicant withdraws their request; its place on the day comes back."""
    request = ReceptionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in PLACE_HOLDING_STATUSES:
        raise ValidationError(_("This request can no longer be withdrawn."))
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    RequestEvent.objects.create(request=request, status=request.status)
    logger.info("Sign-up request %s withdrawn", request.number)
    return request
