"""Who may open the booking app's staff screens. A refusal is a plain 403 in the admin's look:
Wagtail's admin turns a ``PermissionDenied`` into a redirect to the dashboard, which hides
that the screen exists but was refused."""

from functools import wraps

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.permission_policies import ModelPermissionPolicy

# Who may see requests (and what is written about them, such as their outgoing messages).
VIEW_REQUESTS = "booking.view_receptionrequest"


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


class OnlyForTheOffice:
    """A view mixin: staff who may not view requests get 403 on every view of the viewset
    (requests and their outgoing messages), before Wagtail's own check (which would
    redirect)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_REQUESTS):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class ChangedOnlyThroughDomainPolicy(ModelPermissionPolicy):
    """Rows written only by ``booking.domain`` (sign-up, workflow, outbox), never by editing:
    the admin may view them, not add, edit or delete them. Viewing needs *view_permission*
    when given (the outbox is seen by whoever may see requests), else the model's own."""

    def __init__(self, model, view_permission=None, **kwargs):
        super().__init__(model, **kwargs)
        self.view_permission = view_permission

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if self.view_permission:
            return user.has_perm(self.view_permission)
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
