"""The schedule as open data (CSV and JSON), in the visitor's language; the fields are described
in ``docs/open-data.md``."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from booking.interfaces.responses import PUBLIC_CACHE_CONTROL

FIELDS = [
    "id",
    "date",
    "start",
    "end",
    "organisation",
    "official",
    "position",
    "venue",
    "address",
    "mode",
    "kind",
    "status",
    "status_reason",
    "moved_to",
    "phone",
    "email",
    "official_url",
]


def records(rows, request):
    """One flat record per schedule row, in the active language."""
    for row in rows:
        day = row.day
        yield {
            "id": str(day.public_id),
            "date": day.date.isoformat(),
            "start": f"{day.start_time:%H:%M}",
            "end": f"{day.end_time:%H:%M}",
            "organisation": row.organisation.name,
            "official": row.official.full_name,
            "position": row.official.position,
            "venue": row.venue.name,
            "address": row.venue.full_address,
            "mode": row.mode,
            "kind": day.kind,
            "status": day.status,
            "status_reason": day.change_reason,
            "moved_to": str(row.moved_to.public_id) if row.moved_to else "",
            "phone": row.phone,
            "email": row.email,
            "official_url": request.build_absolute_uri(row.official_url),
        }


def download_name(slug, extension):
    return f"reception-schedule-{translation.get_language()}-{slug}.{extension}"


def csv_response(rows, request, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Alike for every visitor: cached (``portal.cache``), compressed; a restricted page's is not.
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.DictWriter(response, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(records(rows, request))
    return response


def json_response(rows, request, filename):
    body = {
        "language": translation.get_language(),
        "generated_at": timezone.now(),
        "title": _("Reception schedule"),
        "fields": FIELDS,
        "days": list(records(rows, request)),
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    return response
