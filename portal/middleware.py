"""A limit on the size of a request's body, checked before anything reads it."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig


class RequestBodyLimitMiddleware:
    """Refuse a body larger than ``PORTAL_MAX_REQUEST_BODY`` bytes by its Content-Length,
    before the CSRF check parses it and spools its files to disk. Django's own
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves file data out; the reverse proxy's limit
    (``client_max_body_size``) should match. ``portal.views.bad_request`` answers with the
    translated 413 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.PORTAL_MAX_REQUEST_BODY:
            raise RequestDataTooBig("Request body exceeded PORTAL_MAX_REQUEST_BODY.")
        return self.get_response(request)
