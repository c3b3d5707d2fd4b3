from booking.models.calendar import WorkingDayOverride
from booking.models.requests import (
    ReceptionRequest,
    RegistrationCounter,
    RequestAttachment,
    RequestEvent,
)
from booking.models.schedule import (
    Official,
    Organisation,
    ReceptionDay,
    ScheduleRule,
    Venue,
)
from booking.models.settings import ReceptionSettings

__all__ = [
    "Official",
    "Organisation",
    "ReceptionDay",
    "ReceptionRequest",
    "ReceptionSettings",
    "RegistrationCounter",
    "RequestAttachment",
    "RequestEvent",
    "ScheduleRule",
    "Venue",
    "WorkingDayOverride",
]
