"""The outbox screen: every message the portal sent, is sending or failed to send, for the
reception office (staff who may view requests). Each row shows what it is, about which request,
its status, attempts, next attempt and the reason of a failure (never an address: the recipient
is not shown at all); a failed or lost message is sent again with "Resend"."""

import django_filters
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from booking.admin.access import VIEW_REQUESTS, OnlyForTheOffice, requires
from booking.domain import notifications
from booking.models import MessageChannel, MessageKind, MessageStatus, OutboxMessage


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("status"), choices=MessageStatus.choices
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("message"), choices=MessageKind.choices)
    channel = django_filters.ChoiceFilter(
        label=gettext_lazy("channel"), choices=MessageChannel.choices
    )

    class Meta:
        model = OutboxMessage
        fields = ["status", "kind", "channel"]


def _request_number(message):
    return message.reception_request.number if message.reception_request_id else "—"


def _reason(message):
    if not message.error:
        return ""
    reason = message.get_error_display()
    return f"{reason} ({message.error_code})" if message.error_code else reason


class OutboxIndexView(OnlyForTheOffice, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("reception_request")

    @property
    def columns(self):
        return [
            Column("created_at", label=gettext_lazy("created"), sort_key="created_at"),
            Column("kind", label=gettext_lazy("message"), accessor="get_kind_display"),
            Column("request", label=gettext_lazy("sign-up request"), accessor=_request_number),
            Column("channel", label=gettext_lazy("channel"), accessor="get_channel_display"),
            Column("status", label=gettext_lazy("status"), accessor="get_status_display"),
            Column("attempts", label=gettext_lazy("attempts")),
            Column("next_attempt_at", label=gettext_lazy("next attempt")),
            Column("sent_at", label=gettext_lazy("sent")),
            Column("error", label=gettext_lazy("reason of the failure"), accessor=_reason),
        ]

    def get_list_more_buttons(self, instance):
        return [
            MenuItem(
                _("Resend"),
                url=reverse("booking_outbox_resend", args=[instance.pk]),
                icon_name="resubmit",
            )
        ]


class OutboxViewSet(ModelViewSet):
    model = OutboxMessage
    name = "outbox"
    icon = "mail"
    menu_label = gettext_lazy("Outbox")
    add_to_admin_menu = True
    menu_order = 192
    index_view_class = OutboxIndexView
    filterset_class = OutboxFilterSet
    form_fields = ["kind"]  # never used: the policy allows no add or edit
    inspect_view_enabled = False
    copy_view_enabled = False


@requires(VIEW_REQUESTS)
def resend(request, pk):
    """Confirm, then put the message back in the queue to be sent now."""
    message = get_object_or_404(OutboxMessage.objects.select_related("reception_request"), pk=pk)
    if request.method == "POST":
        notifications.resend(message)
        messages.success(request, _("The message is queued to be sent again."))
        return redirect("outbox:index")
    return TemplateResponse(
        request,
        "booking/admin/outbox_resend.html",
        {"title": _("Resend the message"), "message": message, "number": _request_number(message)},
    )


def urls():
    return [path("reception/outbox/<int:pk>/resend/", resend, name="booking_outbox_resend")]
