"""Content-Security-Policy: strict on the public site, relaxed only where the Wagtail admin
needs it.

The public site's policy is ``CONTENT_SECURITY_POLICY`` (no inline script, style or event
handler: static/js/ binds every button). The Wagtail admin and its previews, under
``/admin/``, still run inline scripts and styles and ``eval``; they get ``PORTAL_ADMIN_CSP``
instead. A view that sets its own policy with django-csp's decorators keeps it.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path.startswith(ADMIN_PREFIX):
            parts.config = settings.PORTAL_ADMIN_CSP
        return parts
