"""Find my request: an applicant who lost the ticket page gives the registration number and the
phone or e-mail they signed up with; the tracking link is sent to that contact, never shown.
The page answers the same whether or not the pair matches, and counts attempts per visitor and
per number (``booking.interfaces.ratelimit``) so that nobody can probe numbers."""

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from booking.domain import notifications
from booking.interfaces import ratelimit

# (attempts, seconds): enough for typos, too few to try numbers.
LIMITS = {"visitor": (10, 3600), "number": (5, 3600)}


class FindForm(forms.Form):
    number = forms.CharField(
        label=_("Registration number"),
        max_length=20,
        help_text=_("As on your ticket, for example 2026-00012."),
    )
    contact = forms.CharField(
        label=_("The mobile phone or e-mail you gave"),
        max_length=254,
        help_text=_("The link to your request is sent there."),
    )


def _limited(request, number):
    return ratelimit.any_exceeded(
        ("find-visitor", ratelimit.visitor(request), LIMITS["visitor"]),
        ("find-number", number.strip().upper(), LIMITS["number"]),
    )


@never_cache
@sensitive_post_parameters("contact")
def find_request(request):
    form = FindForm(request.POST or None)
    sent = limited = False
    if request.method == "POST" and form.is_valid():
        number, contact = form.cleaned_data["number"], form.cleaned_data["contact"]
        if _limited(request, number):
            limited = True
        else:
            notifications.send_tracking_link(number, contact)
            sent = True
    response = TemplateResponse(
        request,
        "booking/find.html",
        {"form": form, "sent": sent, "limited": limited},
        status=429 if limited else 200,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
