"""Staff screens in Wagtail's admin that a snippet's edit form does not give: cancelling and
moving a reception day, a rule's preview, registering a request from another channel and an
applicant's documents. Thin: every change is a call to ``booking.domain``."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from booking.admin.access import VIEW_REQUESTS, requires
from booking.admin.forms import (
    CancelDayForm,
    MoveDayForm,
    StaffSignUpForm,
    apply_errors,
)
from booking.domain import days, deadlines, queue, rules, signup
from booking.domain.validators import ALLOWED_UPLOADS, detect_type
from booking.interfaces import emails
from booking.interfaces.views import ticket_context
from booking.models import ReceptionDay, ReceptionRequest, ReceptionSettings, ScheduleRule


def _days_index():
    return reverse("wagtailsnippets_booking_receptionday:list")


def generation_message(result):
    message = _(
        "Reception days created: %(created)s, updated: %(updated)s, cancelled: "
        "%(cancelled)s; non-working days skipped: %(skipped)s."
    ) % vars(result)
    if result.kept:
        message += " " + _(
            "%(kept)s days the rule no longer names are kept because applicants hold places "
            "on them: move or cancel them so that the applicants are told."
        ) % vars(result)
    return message


@requires("booking.change_receptionday")
def cancel_day(request, pk):
    day = get_object_or_404(ReceptionDay.objects.select_related("official", "venue"), pk=pk)
    form = CancelDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            days.cancel_day(
                day, form.cleaned_data["reason"], form.cleaned_data["note"], actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The reception day of %(day)s is cancelled.") % {"day": day}
            )
            return redirect(_days_index())
    return TemplateResponse(
        request,
        "booking/admin/day_action.html",
        {
            "title": _("Cancel a reception day"),
            "day": day,
            "form": form,
            "submit_label": _("Cancel the reception day"),
        },
    )


@requires("booking.change_receptionday")
def move_day(request, pk):
    day = get_object_or_404(ReceptionDay.objects.select_related("official", "venue"), pk=pk)
    form = MoveDayForm(request.POST or None, day=day)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new_day = days.move_day(
                day,
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                venue=data["venue"],
                reason=data["reason"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The reception is moved to %(day)s.") % {"day": new_day})
            return redirect(_days_index())
    return TemplateResponse(
        request,
        "booking/admin/day_action.html",
        {
            "title": _("Move a reception day"),
            "day": day,
            "form": form,
            "submit_label": _("Move the reception day"),
        },
    )


@requires("booking.change_schedulerule")
def rule_preview(request, pk):
    rule = get_object_or_404(ScheduleRule.objects.select_related("official", "venue"), pk=pk)
    if request.method == "POST":
        result = rules.generate_days(rule)
        messages.success(
            request,
            generation_message(result),
        )
        return redirect(reverse("booking_rule_preview", args=[rule.pk]))
    existing = {
        day.rule_occurrence: day
        for day in ReceptionDay.objects.filter(rule=rule).select_related("moved_to")
    }
    planned = [(item, existing.get(item.date)) for item in rules.preview_rule(rule)]
    return TemplateResponse(
        request,
        "booking/admin/rule_preview.html",
        {
            "title": _("Days this rule creates"),
            "rule": rule,
            "rrule": rule.to_rrule(),
            "description": rule.describe(),
            "planned": planned,
        },
    )


@requires("booking.register_request")
@sensitive_post_parameters()
def register_request(request):
    """R05: a request that came on paper, orally, by phone, eGov or e-Otinish, registered by
    the reception office through the same domain function as the portal's form."""
    reception_settings = ReceptionSettings.load(request_or_site=request)
    form = StaffSignUpForm(
        request.POST or None,
        request.FILES or None,
        language=settings.LANGUAGE_CODE,
        restriction_mode=reception_settings.restriction_mode,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submission = signup.submit(
            data,
            channel=data["channel"],
            attachments=data["attachments"],
            actor=request.user,
            now=data["received_at"],
        )
        reception_request = submission.reception_request
        if submission.duplicate:
            messages.warning(
                request,
                _("This request is already registered as %(number)s.")
                % {"number": reception_request.number},
            )
        else:
            messages.success(
                request,
                _("Request %(number)s is registered.") % {"number": reception_request.number},
            )
        # The ticket to print or read out to the applicant, with the tracking link.
        return redirect("booking_request_ticket", reception_request.pk)
    return TemplateResponse(
        request,
        "booking/admin/register_request.html",
        {"title": _("Register a request from another channel"), "form": form},
    )


@requires(VIEW_REQUESTS)
def request_documents(request, pk):
    """The documents of one request, for staff who may see requests."""
    reception_request = get_object_or_404(ReceptionRequest, pk=pk)
    return TemplateResponse(
        request,
        "booking/admin/request_documents.html",
        {
            "title": _("Documents of request %(number)s") % {"number": reception_request.number},
            "req": reception_request,
            "attachments": reception_request.attachments.all(),
        },
    )


@requires(VIEW_REQUESTS)
def request_document(request, pk, attachment_id=None):
    """Stream one document as a download; there is no public URL for it. Served with the type
    its content shows and a matching file name, never the type the applicant's name implies."""
    reception_request = get_object_or_404(ReceptionRequest, pk=pk)
    if attachment_id is None:
        if not reception_request.authority_document:
            raise Http404
        handle = reception_request.authority_document.open("rb")
        content_type, stem = detect_type(handle), "authority-document"
    else:
        attachment = get_object_or_404(reception_request.attachments, pk=attachment_id)
        handle = attachment.file.open("rb")
        content_type = attachment.content_type
        stem = PurePath(attachment.original_name).stem or "document"
    extension = ALLOWED_UPLOADS.get(content_type)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem}.{extension}" if extension else stem,
        content_type=content_type if extension else "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(VIEW_REQUESTS)
def request_ticket(request, pk):
    """The applicant's ticket, in the applicant's language, for the reception office to print
    or read out after registering a paper, oral or phone request (R32)."""
    reception_request = get_object_or_404(
        ReceptionRequest.objects.select_related("official", "preferred_day__venue"), pk=pk
    )
    with translation.override(reception_request.language):
        tracking_url = emails.tracking_url(reception_request)
        context = ticket_context(reception_request)
        title = _("Ticket of request %(number)s") % {"number": reception_request.number}
    return TemplateResponse(
        request,
        "booking/admin/request_ticket.html",
        {
            "title": title,
            "req": reception_request,
            "tracking_url": tracking_url,
            "ticket_language": reception_request.language,
            **context,
        },
    )


@requires(VIEW_REQUESTS)
def day_applicants(request, pk):
    """R12, R16: the final list of a day's applicants in the order they are received (out of
    turn first, then by arrival), printable for the official; ready the working day before."""
    day = get_object_or_404(ReceptionDay.objects.select_related("official", "venue"), pk=pk)
    return TemplateResponse(
        request,
        "booking/admin/day_applicants.html",
        {
            "title": _("Applicants of %(day)s") % {"day": day},
            "day": day,
            "applicants": queue.applicants_of(day),
            "list_due": deadlines.final_list_due(day.date),
        },
    )
