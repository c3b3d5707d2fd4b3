"""The outbox: every message the portal sends is first a row here, written in the transaction of
the change that causes it (``booking.domain.notifications``). A django-q2 task sends due rows,
retrying with a growing back-off; staff see every row in the admin and can resend.

A row keeps only what sending needs: what kind of message, about which request (and which step
of its history), to which address or phone, in which language. The text is rendered when it is
sent, from the templates, in that language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MessageKind(models.TextChoices):
    TICKET = "ticket", pgettext_lazy("message", "Registered: the ticket")
    UPDATE = "update", pgettext_lazy("message", "A step of the workflow")
    DAY_CHANGED = "day_changed", pgettext_lazy("message", "Reception day moved or cancelled")
    REMINDER = "reminder", pgettext_lazy("message", "Reminder the working day before")
    SURVEY = "survey", pgettext_lazy("message", "Satisfaction survey")
    FIND = "find", pgettext_lazy("message", "Tracking link asked for")
    DIGEST = "digest", pgettext_lazy("message", "Deadlines digest to the reception office")
    FINAL_LIST = "final_list", pgettext_lazy("message", "Final list of a day to the official")
    DAY_CANCELLED_ALERT = (
        "day_cancelled_alert",
        pgettext_lazy("message", "Day with applicants cancelled: alert to the office"),
    )


class MessageChannel(models.TextChoices):
    EMAIL = "email", pgettext_lazy("message channel", "E-mail")
    SMS = "sms", pgettext_lazy("message channel", "SMS")


class MessageStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("message status", "Pending")
    SENT = "sent", pgettext_lazy("message status", "Sent")
    FAILED = "failed", pgettext_lazy("message status", "Failed")


class SendError(models.TextChoices):
    """Why an attempt failed, in words that never carry an address or a name."""

    UNREACHABLE = "unreachable", pgettext_lazy("send error", "The mail server could not be reached")
    REFUSED = "refused", pgettext_lazy("send error", "The mail server refused the message")
    RECIPIENT = "recipient", pgettext_lazy("send error", "The mail server refused the recipient")
    AUTH = "auth", pgettext_lazy("send error", "The mail server refused the portal's login")
    TEMPLATE = "template", pgettext_lazy("send error", "The message could not be composed")
    NO_RECIPIENT = "no_recipient", pgettext_lazy("send error", "No address or phone to send to")
    GAVE_UP = "gave_up", pgettext_lazy("send error", "Not sent within the retry period")
    OTHER = "other", pgettext_lazy("send error", "Sending failed")


class OutboxQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=MessageStatus.PENDING)

    def failed(self):
        return self.filter(status=MessageStatus.FAILED)

    def due(self, now):
        """Pending rows whose next attempt has come and that no worker holds right now."""
        return (
            self.pending()
            .filter(next_attempt_at__lte=now)
            .filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now))
        )

    def overdue(self, since):
        """Pending rows created before *since*: they should have gone by now."""
        return self.pending().filter(created_at__lt=since)


class OutboxMessage(models.Model):
    kind = models.CharField(_("message"), max_length=30, choices=MessageKind.choices)
    channel = models.CharField(
        _("channel"), max_length=10, choices=MessageChannel.choices, default=MessageChannel.EMAIL
    )
    reception_request = models.ForeignKey(
        "booking.ReceptionRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("sign-up request"),
    )
    event = models.ForeignKey(
        "booking.RequestEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request history entry"),
    )
    day = models.ForeignKey(
        "booking.ReceptionDay",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reception day"),
    )
    # An applicant's e-mail or phone, or an office's e-mail: personal data, shown to nobody
    # in the outbox screen and blanked with the request's other data after the retention period.
    recipient = models.CharField(max_length=254, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=2)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MessageStatus.choices,
        default=MessageStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    # A worker holds the row until then: another one (the same task delivered twice) skips it.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(
        _("reason of the failure"), max_length=20, choices=SendError.choices, blank=True
    )
    # The mail server's reply code (550, 421…), never its text: that may name the recipient.
    error_code = models.PositiveSmallIntegerField(_("server reply code"), null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
