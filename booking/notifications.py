"""E-mails to applicants, always in the language of their request."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from booking.models import ReceptionRequest


def tracking_url(request):
    with translation.override(request.language):
        path = reverse("track", kwargs={"number": request.number, "token": request.token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_ticket(request_pk):
    request = ReceptionRequest.objects.select_related("official", "preferred_day").get(
        pk=request_pk
    )
    if not request.email:
        return False
    with translation.override(request.language):
        context = {"request": request, "tracking_url": tracking_url(request)}
        subject = render_to_string("booking/email/ticket_subject.txt", context).strip()
        body = render_to_string("booking/email/ticket.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [request.email])
    return True


def send_day_changed(request_pk):
    request = ReceptionRequest.objects.select_related("preferred_day").get(pk=request_pk)
    if not request.email:
        return False
    note = request.events.exclude(public_note="").order_by("-at", "-pk").first()
    with translation.override(request.language):
        context = {"request": request, "tracking_url": tracking_url(request), "note": note}
        subject = render_to_string("booking/email/day_changed_subject.txt", context).strip()
        body = render_to_string("booking/email/day_changed.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [request.email])
    return True
