"""The booking app's data, split by subject. Rules live in ``booking.domain``, not here."""

from booking.models.directory import Official, Organisation, Venue
from booking.models.outbox import (
    MessageChannel,
    MessageKind,
    MessageStatus,
    OutboxMessage,
    SendError,
)
from booking.models.requests import (
    Assignment,
    ReceptionRequest,
    RegistrationCounter,
    RequestAttachment,
    RequestEvent,
)
from booking.models.schedule import ReceptionDay, ScheduleRule
from booking.models.settings import ReceptionSettings
from booking.models.workdays import WorkingDayOverride

__all__ = [
    "Assignment",
    "MessageChannel",
    "MessageKind",
    "MessageStatus",
    "Official",
    "Organisation",
    "OutboxMessage",
    "ReceptionDay",
    "ReceptionRequest",
    "ReceptionSettings",
    "RegistrationCounter",
    "RequestAttachment",
    "RequestEvent",
    "ScheduleRule",
    "SendError",
    "Venue",
    "WorkingDayOverride",
]
