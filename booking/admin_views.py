"""Staff screens in Wagtail's admin that a snippet's edit form does not give: cancelling and
moving a reception day, a rule's preview, and the reports editors watch."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.models import Locale

from booking import schedule, signup
from booking.admin_forms import CancelDayForm, MoveDayForm
from booking.forms import StaffSignUpForm
from booking.models import (
    Official,
    Organisation,
    ReceptionDay,
    ReceptionRequest,
    ReceptionSettings,
    ScheduleRule,
    Venue,
)


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _days_index():
    return reverse("wagtailsnippets_booking_receptionday:list")


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


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


def cancel_day(request, pk):
    _require(request, "booking.change_receptionday")
    day = get_object_or_404(ReceptionDay.objects.select_related("official", "venue"), pk=pk)
    form = CancelDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schedule.cancel_day(day, form.cleaned_data["reason"], form.cleaned_data["note"])
        except ValidationError as error:
            _apply_errors(form, error)
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


def move_day(request, pk):
    _require(request, "booking.change_receptionday")
    day = get_object_or_404(ReceptionDay.objects.select_related("official", "venue"), pk=pk)
    form = MoveDayForm(request.POST or None, day=day)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new_day = schedule.move_day(
                day,
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                venue=data["venue"],
                reason=data["reason"],
                note=data["note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
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


def rule_preview(request, pk):
    _require(request, "booking.change_schedulerule")
    rule = get_object_or_404(ScheduleRule.objects.select_related("official", "venue"), pk=pk)
    if request.method == "POST":
        result = schedule.generate_days(rule)
        messages.success(
            request,
            generation_message(result),
        )
        return redirect(reverse("booking_rule_preview", args=[rule.pk]))
    existing = {
        day.rule_occurrence: day
        for day in ReceptionDay.objects.filter(rule=rule).select_related("moved_to")
    }
    planned = [(item, existing.get(item.date)) for item in schedule.preview_rule(rule)]
    return TemplateResponse(
        request,
        "booking/admin/rule_preview.html",
        {
            "title": _("Days this rule creates"),
            "rule": rule,
            "rrule": schedule.rule_to_rrule(rule),
            "description": schedule.describe_rule(rule),
            "planned": planned,
        },
    )


def schedule_gaps(request):
    """R03: months in the horizon where an official in the schedule has no reception day."""
    _require(request, "booking.view_receptionday")
    return TemplateResponse(
        request,
        "booking/admin/schedule_gaps.html",
        {"title": _("Months without a reception"), "gaps": schedule.months_without_reception()},
    )


def untranslated(request):
    """Organisations, officials and venues that lack a version in one of the languages."""
    _require(request, "booking.view_official")
    locales = list(Locale.objects.filter(language_code__in=[c for c, _n in settings.LANGUAGES]))
    missing = []
    for model in (Organisation, Official, Venue):
        present = {}
        for key, locale_id in model.objects.values_list("translation_key", "locale_id"):
            present.setdefault(key, set()).add(locale_id)
        incomplete = {key for key, ids in present.items() if len(ids) < len(locales)}
        if not incomplete:
            continue
        for obj in model.objects.filter(translation_key__in=incomplete).select_related("locale"):
            lacking = [loc for loc in locales if loc.pk not in present[obj.translation_key]]
            if obj.locale_id == min(present[obj.translation_key]):
                missing.append((model._meta.verbose_name, obj, lacking))
    return TemplateResponse(
        request,
        "booking/admin/untranslated.html",
        {"title": _("Not yet translated"), "missing": missing},
    )


@sensitive_post_parameters()
def register_request(request):
    """R05: a request that came on paper, orally, by phone, eGov or e-Otinish, registered by
    the reception office through the same domain function as the portal's form."""
    _require(request, "booking.register_request")
    reception_settings = ReceptionSettings.load(request_or_site=request)
    form = StaffSignUpForm(
        request.POST or None,
        request.FILES or None,
        language=settings.LANGUAGE_CODE,
        restriction_mode=reception_settings.restriction_mode,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = signup.submit(
                data,
                channel=data["channel"],
                attachments=data["attachments"],
                actor=request.user,
                now=data["received_at"],
            )
        except signup.DayFull as error:
            form.add_error("preferred_day", error)
        else:
            number = submission.request.number
            if submission.duplicate:
                messages.warning(
                    request,
                    _("This request is already registered as %(number)s.") % {"number": number},
                )
            else:
                messages.success(
                    request, _("Request %(number)s is registered.") % {"number": number}
                )
            return redirect(reverse("wagtailsnippets_booking_receptionrequest:list"))
    return TemplateResponse(
        request,
        "booking/admin/register_request.html",
        {"title": _("Register a request from another channel"), "form": form},
    )


def request_documents(request, pk):
    """The documents of one request, for staff who may see requests."""
    _require(request, "booking.view_receptionrequest")
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


def request_document(request, pk, attachment_id=None):
    """Stream one document as a download; there is no public URL for it."""
    _require(request, "booking.view_receptionrequest")
    reception_request = get_object_or_404(ReceptionRequest, pk=pk)
    if attachment_id is None:
        if not reception_request.authority_document:
            raise Http404
        stored, name = reception_request.authority_document, "authority-document"
        name += PurePath(stored.name).suffix
    else:
        attachment = get_object_or_404(reception_request.attachments, pk=attachment_id)
        stored, name = attachment.file, attachment.original_name
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
