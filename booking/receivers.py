"""What happens when snippets and settings that reception days show are saved, wherever from
(admin, shell, demo): the days' SEQUENCE rises through ``booking.domain.days`` so that
subscribed calendars replace the text they keep (RFC 5546). Connected in ``BookingConfig``."""

from django.db.models.signals import post_save, pre_save

from booking.domain import days
from booking.models import Official, Organisation, ReceptionSettings, Venue

# The fields of each model that reception-day events show.
SHOWN_FIELDS = {
    Venue: ("name", "address", "room"),
    Official: ("full_name", "position"),
    Organisation: ("name", "short_name"),
    ReceptionSettings: ("restriction_mode",),
}
ON_CHANGE = {
    Venue: days.venue_changed,
    Official: days.official_changed,
    Organisation: days.organisation_changed,
    ReceptionSettings: lambda _settings: days.restriction_mode_changed(),
}


def _remember_change(sender, instance, raw=False, **kwargs):
    """Before saving: does the row differ from the stored one in a field events show?"""
    if raw or instance.pk is None:
        instance._shown_fields_changed = False
        return
    fields = SHOWN_FIELDS[sender]
    stored = sender.objects.filter(pk=instance.pk).values(*fields).first()
    instance._shown_fields_changed = stored is not None and any(
        stored[name] != getattr(instance, name) for name in fields
    )


def _touch_days(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "_shown_fields_changed", False):
        ON_CHANGE[sender](instance)


def connect():
    for model in SHOWN_FIELDS:
        pre_save.connect(_remember_change, sender=model, dispatch_uid=f"shown-{model.__name__}")
        post_save.connect(_touch_days, sender=model, dispatch_uid=f"touch-{model.__name__}")
