from booking.models.calendar import WorkingDayOverride
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
    "ReceptionSettings",
    "ScheduleRule",
    "Venue",
    "WorkingDayOverride",
]
