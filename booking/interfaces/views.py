"""The citizen's side of sign-up: the form, the ticket and the tracking page. Thin: the rules
are in ``booking.domain.signup`` and ``booking.domain.workflow``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from booking.domain import deadlines, signup, workflow
from booking.domain.rows import Localizer
from booking.enums import RequestAction, RequestStatus
from booking.interfaces import emails, ratelimit
from booking.interfaces.forms import SignUpForm
from booking.models import Official, ReceptionDay, ReceptionRequest, ReceptionSettings

# (attempts, seconds). Every submission counts per visitor (address, IPv6 by /64) and per
# browser session, valid or not: generous for a family with typos, tight for a script. Per
# person (IIN or identity document) only registrations count, and the limit never refuses one
# (R06, 001 p.6): over it, the request is registered and marked a possible duplicate.
LIMITS = {"visitor": (30, 3600), "session": (15, 3600), "person": (3, 86400)}


def _visitor_limited(request):
    """Count this submission per visitor and per session; true when either is over."""
    if not request.session.session_key:
        request.session.save()
    return ratelimit.any_exceeded(
        ("signup-visitor", ratelimit.visitor(request), LIMITS["visitor"]),
        ("signup-session", request.session.session_key, LIMITS["session"]),
    )


def _over_person_limit(data):
    person = ratelimit.person_identifier(data)
    limit, window = LIMITS["person"]
    return bool(person) and ratelimit.exceeded("signup-person", person, limit, window)


def _private(response):
    """Pages with a request's details: never cached, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _prefill(request):
    initial, official = {}, None
    day_id = request.GET.get("day", "")
    slug = request.GET.get("official", "")
    if day_id:
        try:
            day = ReceptionDay.objects.select_related("official").get(public_id=day_id)
        except (ReceptionDay.DoesNotExist, ValidationError):
            day = None
        if day is not None:
            official = day.official
            initial["preferred_day"] = day.pk
    elif slug:
        official = Official.objects.active().filter(slug=slug).first()
    if official is not None:
        official = Localizer()(official)
        initial["official"] = official.pk
    return initial, official


# Requests registered from this browser session: a repeated submission of one of them leads
# back to its ticket; anybody else's identical submission never sees that ticket.
OWN_REQUESTS = "signup_own_requests"


def _remember(request, reception_request):
    own = request.session.get(OWN_REQUESTS, [])
    request.session[OWN_REQUESTS] = [*own[-9:], reception_request.pk]


def _form_page(request, form, official, reception_settings, *, status, csrf_failed=False):
    return TemplateResponse(
        request,
        "booking/sign_up.html",
        {
            "form": form,
            "official": official,
            "restriction_mode": reception_settings.restriction_mode,
            "answer_days": deadlines.answer_deadline_days(reception_settings),
            "csrf_failed": csrf_failed,
        },
        status=status,
    )


@never_cache
@sensitive_post_parameters()
def sign_up(request):
    reception_settings = ReceptionSettings.load(request_or_site=request)
    initial, official = _prefill(request)
    form = SignUpForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        language=get_language(),
        restriction_mode=reception_settings.restriction_mode,
        official=official,
    )
    if request.method == "POST":
        # Every submission counts, valid or not; what was typed stays in the form.
        limited = _visitor_limited(request)
        if form.is_valid() and limited:
            form.add_error(
                None,
                _(
                    "Too many requests have been sent. Please try again later or call the "
                    "reception office."
                ),
            )
        elif form.is_valid():
            return _registered(request, form.cleaned_data)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, official, reception_settings, status=status)


def _registered(request, data):
    submission = signup.submit(
        data, attachments=data["attachments"], possible_duplicate=_over_person_limit(data)
    )
    ticket = submission.reception_request
    if not submission.duplicate:
        _remember(request, ticket)
    elif ticket.pk not in request.session.get(OWN_REQUESTS, []):
        # Somebody else's browser: the number and how to find it, never the token.
        return _private(
            TemplateResponse(request, "booking/duplicate.html", {"number": ticket.number})
        )
    else:
        messages.info(request, _("You have already sent this request. Here is its ticket."))
    return redirect("ticket", number=ticket.number, token=ticket.token)


@never_cache
@sensitive_post_parameters()
def sign_up_after_csrf_failure(request):
    """The sign-up form again after its CSRF check failed (for instance it was open longer than
    the session): what was typed, files excepted, with a message; nothing is registered."""
    reception_settings = ReceptionSettings.load(request_or_site=request)
    _initial, official = _prefill(request)
    typed = {
        name: value
        for name, value in request.POST.items()
        if name in SignUpForm.base_fields and name not in SignUpForm.NOT_REFILLED
    }
    form = SignUpForm(
        initial=typed,
        language=get_language(),
        restriction_mode=reception_settings.restriction_mode,
        official=official,
    )
    form.dropped_files = set(request.FILES)
    return _form_page(request, form, official, reception_settings, status=403, csrf_failed=True)


def _request_or_404(number, token):
    reception_request = (
        ReceptionRequest.objects.select_related("official", "preferred_day", "preferred_day__venue")
        .filter(number=number, token=token)
        .first()
    )
    if reception_request is None:
        raise Http404
    return reception_request


def ticket_context(reception_request):
    """The official and venue of a request in the active language, for its ticket."""
    localizer = Localizer()
    official, day = reception_request.official, reception_request.preferred_day
    return {
        "official": localizer(official) if official else None,
        "venue": localizer(day.venue) if day else None,
    }


@never_cache
def ticket(request, number, token):
    reception_request = _request_or_404(number, token)
    context = {
        "req": reception_request,
        "tracking_url": request.build_absolute_uri(
            reverse("track", kwargs={"number": number, "token": token})
        ),
        **ticket_context(reception_request),
    }
    return _private(TemplateResponse(request, "booking/ticket.html", context))


@never_cache
def track(request, number, token):
    reception_request = _request_or_404(number, token)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            signup.withdraw(reception_request)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Your request is withdrawn."))
        return redirect("track", number=number, token=token)
    events = list(reception_request.events.all())
    context = {
        "req": reception_request,
        # Each step with its note to the applicant; never who took it or the internal note.
        "events": events,
        "can_withdraw": RequestAction.WITHDRAW in workflow.allowed_actions(reception_request),
        "answer_pending": reception_request.status in ANSWER_PENDING,
        "final_answer": _final_answer(reception_request, events),
        "objection_until": emails.objection_until(reception_request),
        "reception_language": emails.RECEPTION_LANGUAGES.get(reception_request.language, ""),
        **ticket_context(reception_request),
    }
    return _private(TemplateResponse(request, "booking/track.html", context))


# The applicant still waits for the answer (R13): a date and time, or a reasoned refusal.
ANSWER_PENDING = (
    RequestStatus.REGISTERED,
    RequestStatus.UNDER_REVIEW,
    RequestStatus.CORRECTIONS,
    RequestStatus.HEARING,
)


def _final_answer(reception_request, events):
    """R24: the final answer a closed request got: the closing step's note to the applicant
    (the protocol's decision, or the answer once the assignments are carried out)."""
    if reception_request.status != RequestStatus.CLOSED:
        return ""
    closing = (RequestAction.CLOSE, RequestAction.PROTOCOL)
    notes = [event.public_note for event in events if event.action in closing]
    return notes[-1] if notes else ""
