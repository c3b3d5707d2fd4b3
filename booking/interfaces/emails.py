"""E-mails to applicants, always in the language of their request (R32)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from booking.domain import deadlines
from booking.models import ReceptionRequest


def tracking_url(reception_request):
    with translation.override(reception_request.language):
        path = reverse(
            "track",
            kwargs={"number": reception_request.number, "token": reception_request.token},
        )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(reception_request, template, extra=None):
    """Render *template* (``<template>.txt`` and ``<template>_subject.txt``) in the request's
    language and send it to the applicant; false when they gave no e-mail."""
    if not reception_request.email:
        return False
    with translation.override(reception_request.language):
        context = {
            "req": reception_request,
            "tracking_url": tracking_url(reception_request),
            "answer_days": deadlines.answer_deadline_days(),
            **(extra or {}),
        }
        subject = render_to_string(f"booking/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"booking/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reception_request.email])
    return True


def send_ticket(reception_request_pk):
    reception_request = ReceptionRequest.objects.select_related("official", "preferred_day").get(
        pk=reception_request_pk
    )
    return _send(reception_request, "ticket")


def send_day_changed(reception_request_pk):
    reception_request = ReceptionRequest.objects.select_related("preferred_day").get(
        pk=reception_request_pk
    )
    note = reception_request.events.exclude(public_note="").order_by("-at", "-pk").first()
    return _send(reception_request, "day_changed", {"note": note})


def send_update(reception_request_pk, event_pk):
    """The letter of one step of the workflow (``workflow.LETTERS``): what the office decided,
    with its reasons (the step's note to the applicant) and what the applicant does next."""
    reception_request = ReceptionRequest.objects.select_related(
        "official", "preferred_day__venue"
    ).get(pk=reception_request_pk)
    event = reception_request.events.get(pk=event_pk)
    venue = None
    if reception_request.preferred_day is not None:
        venue = reception_request.preferred_day.venue
        with translation.override(reception_request.language):
            venue = venue.get_translation_or_none(Locale.get_active()) or venue
    return _send(reception_request, "update", {"event": event, "venue": venue})


def send_decision(reception_request_pk):
    """The letter of the latest step that has a note to the applicant (tasks queued before
    ``send_update`` took the step's own id)."""
    reception_request = ReceptionRequest.objects.get(pk=reception_request_pk)
    event = reception_request.events.exclude(public_note="").order_by("-at", "-pk").first()
    if event is None:
        return False
    return send_update(reception_request_pk, event.pk)
