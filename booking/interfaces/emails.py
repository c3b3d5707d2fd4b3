"""E-mails to applicants, always in the language of their request (R32).

Only the applicant's own address gets a letter; an applicant who gave none is told by the
reception office by phone or post (the queue shows that deadline), and nothing here fails.
"""

import re

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale

from booking.domain import deadlines
from booking.domain.workdays import WorkingCalendar
from booking.models import ReceptionRequest

# R22 (001 p.18): the reception is held in the language the applicant chose.
RECEPTION_LANGUAGES = {
    "kk": pgettext_lazy("the reception is held", "in Kazakh"),
    "ru": pgettext_lazy("the reception is held", "in Russian"),
}

# Three or more line breaks (left by the templates' tags): one empty line is enough.
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")


def tracking_url(reception_request):
    with translation.override(reception_request.language):
        path = reverse(
            "track",
            kwargs={"number": reception_request.number, "token": reception_request.token},
        )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _in_active_language(obj):
    """A translatable row (official, venue) in the active language, or as it is."""
    if obj is None:
        return None
    return obj.get_translation_or_none(Locale.get_active()) or obj


def objection_until(reception_request, calendar=None):
    """R15 (001 p.28; APPK art. 73): the last working day the applicant may object to the
    preliminary decision: the day before the refusal becomes possible."""
    if reception_request.hearing_until is None:
        return None
    calendar = calendar or WorkingCalendar.from_db()
    return calendar.add_working_days(reception_request.hearing_until, -1)


def request_facts(reception_request):
    """What a letter and the tracking page say about a request besides its own fields, in the
    active language: its official and venue in that language, how the reception is held, the
    last day to object during the hearing."""
    day = reception_request.preferred_day
    return {
        "official": _in_active_language(reception_request.official),
        "venue": _in_active_language(day.venue) if day is not None else None,
        "reception_language": RECEPTION_LANGUAGES.get(reception_request.language, ""),
        "objection_until": objection_until(reception_request),
    }


def _tidy(body):
    """The body without the blank lines and trailing spaces the templates' tags leave."""
    lines = "\n".join(line.rstrip() for line in body.splitlines())
    return BLANK_LINES.sub("\n\n", lines).strip() + "\n"


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
        subject = render_to_string(f"booking/email/{template}_subject.txt", context)
        body = render_to_string(f"booking/email/{template}.txt", context)
    # A subject is one line, whatever the template's tags leave in it.
    subject = " ".join(subject.split())
    send_mail(subject, _tidy(body), settings.DEFAULT_FROM_EMAIL, [reception_request.email])
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
    """The letter of one step of the workflow (``workflow.LETTERS``, and a protocol that closes
    the request with its decision): what the office decided, on what ground, and what the
    applicant may do next and by when."""
    reception_request = ReceptionRequest.objects.select_related(
        "official", "preferred_day__venue"
    ).get(pk=reception_request_pk)
    if not reception_request.email:
        return False
    event = reception_request.events.get(pk=event_pk)
    with translation.override(reception_request.language):
        facts = request_facts(reception_request)
    return _send(reception_request, "update", {"event": event, **facts})


def send_decision(reception_request_pk):
    """The letter of the latest step that has a note to the applicant (tasks queued before
    ``send_update`` took the step's own id)."""
    reception_request = ReceptionRequest.objects.get(pk=reception_request_pk)
    event = reception_request.events.exclude(public_note="").order_by("-at", "-pk").first()
    if event is None:
        return False
    return send_update(reception_request_pk, event.pk)
