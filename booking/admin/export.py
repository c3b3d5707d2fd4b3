"""The applicant's right to their data: one request's full record as a JSON file, for the
office to hand to the applicant who asks (Law 94-V on personal data, art. 24). Only staff who
may view requests download it; anyone else gets the 403 page. The file names every field in
the staff member's language, the history with its notes to the applicant and the documents;
never the tracking token, staff members' names or internal notes."""

import datetime
import json
import logging

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache

from booking.admin.access import VIEW_REQUESTS, requires
from booking.models import ReceptionRequest

logger = logging.getLogger(__name__)

# The office's own bookkeeping: not the applicant's data, or a secret of theirs.
LEFT_OUT = {"id", "token", "duplicate_key", "created_by"}


def _value(instance, field):
    if field.choices:
        return getattr(instance, f"get_{field.name}_display")()
    value = getattr(instance, field.name)
    if field.is_relation:
        return str(value) if value is not None else None
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file: its presence only
        return bool(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def request_record(reception_request):
    """Everything stored about the request for its applicant, labelled, in a plain structure."""
    fields = [
        {
            "field": field.name,
            "label": str(field.verbose_name),
            "value": _value(reception_request, field),
        }
        for field in reception_request._meta.concrete_fields
        if field.name not in LEFT_OUT
    ]
    history = [
        {
            "at": timezone.localtime(event.at).isoformat(),
            "action": event.get_action_display(),
            "status": event.get_to_status_display() if event.to_status else "",
            "note_to_applicant": event.public_note,
        }
        for event in reception_request.events.order_by("at", "pk")
    ]
    documents = [
        {"name": attachment.original_name, "type": attachment.content_type, "size": attachment.size}
        for attachment in reception_request.attachments.order_by("pk")
    ]
    return {
        "registration_number": reception_request.number,
        "exported_at": timezone.localtime().isoformat(),
        "request": fields,
        "history": history,
        "documents": documents,
    }


@never_cache
@requires(VIEW_REQUESTS)
def request_export(request, pk):
    reception_request = get_object_or_404(
        ReceptionRequest.objects.select_related("official", "preferred_day", "requested_day"),
        pk=pk,
    )
    body = json.dumps(request_record(reception_request), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # The registration number only: the applicant's name never goes into a file name or URL.
    response["Content-Disposition"] = (
        f'attachment; filename="request-{reception_request.number}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    logger.info("Request %s exported for its applicant", reception_request.number)
    return response
