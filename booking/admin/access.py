"""Who may open the booking app's staff screens. A refusal is a plain 403 in the admin's look:
Wagtail's admin turns a ``PermissionDenied`` into a redirect to the dashboard, which hides
that the screen exists but was refused."""

from functools import wraps

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def forbidden(request):
    return TemplateResponse(
        request, "booking/admin/403.html", {"title": _("Access denied")}, status=403
    )


def requires(permission):
    """The view answers 403 to a user without *permission*."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return checked

    return decorator
