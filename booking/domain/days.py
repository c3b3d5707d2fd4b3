"""The one owner of every change of a reception day: created by hand or by a rule, edited,
cancelled, moved, and touched when something it shows changes elsewhere.

A day keeps its UID for life; every change a subscribed calendar must see raises its SEQUENCE
(the model raises it when a significant field changes; ``touch()`` raises it when the text an
event shows changes without the day itself changing). A day that was ever published is never
deleted but cancelled, so that calendars are told (RFC 5545 STATUS:CANCELLED). A day that
applicants hold places on keeps its date, time, official and venue unless it is *moved*, which
takes them along and tells them (R20; 001 p.16).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from booking.domain import capacity, notifications, workflow
from booking.domain.workdays import WorkingCalendar
from booking.enums import OPEN_STATUSES, ChangeReason, DayStatus, RequestAction
from booking.models import MessageKind, ReceptionDay

# What only *move* may change on a day that applicants hold places on.
HELD_FIELDS = ("official", "venue", "date", "start_time", "end_time")
HELD_MESSAGE = gettext_lazy(
    "Applicants hold places on this day: use “Move” to change its date, time, official or "
    "venue, so that they are taken along and told."
)


def validate_day(day, calendar=None):
    """Refuse a day that ends before it starts, falls on a non-working day, overlaps another
    reception of the same official, or has fewer places than applicants already hold."""
    errors = {}
    if day.start_time and day.end_time and day.end_time <= day.start_time:
        errors["end_time"] = _("The reception must end after it starts.")
    if day.date and day.status == DayStatus.SCHEDULED:
        calendar = calendar or WorkingCalendar.from_db()
        if not calendar.is_working_day(day.date):
            errors["date"] = _("%(date)s is not a working day (%(reason)s).") % {
                "date": date_format(day.date, "SHORT_DATE_FORMAT"),
                "reason": calendar.non_working_reason(day.date),
            }
    if errors:
        raise ValidationError(errors)
    complete = day.official_id and day.date and day.start_time and day.end_time
    if complete and day.status == DayStatus.SCHEDULED:
        clash = (
            ReceptionDay.objects.active()
            .filter(
                official__translation_key=day.official.translation_key,
                date=day.date,
                start_time__lt=day.end_time,
                end_time__gt=day.start_time,
            )
            .exclude(pk=day.pk)
            .first()
        )
        if clash:
            raise ValidationError(
                _("This official already receives %(start)s–%(end)s on that day.")
                % {"start": f"{clash.start_time:%H:%M}", "end": f"{clash.end_time:%H:%M}"}
            )
    if day.pk and day.capacity is not None:
        taken = capacity.places_taken(day)
        if day.capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)s applicants already hold a place on this day; "
                        "places cannot be fewer."
                    )
                    % {"taken": taken}
                }
            )


def validate_edit(day, stored=None):
    """On top of ``validate_day``: an edit may not change what applicants holding a place were
    told (date, time, official, venue); that is what *move* is for. *stored* is the day as
    saved, read here unless the caller holds it already."""
    if day.pk is None:
        return
    stored = stored or ReceptionDay.objects.get(pk=day.pk)
    if not capacity.places_taken(stored):
        return
    changed = {
        name: HELD_MESSAGE
        for name in HELD_FIELDS
        if getattr(day, f"{name}_id", getattr(day, name, None))
        != getattr(stored, f"{name}_id", getattr(stored, name, None))
    }
    if changed:
        raise ValidationError(changed)


@transaction.atomic
def save_day(day):
    """Create or edit a day by hand (the admin): validated, then saved; SEQUENCE rises by
    itself when a significant field changed, and a rule no longer owns a day edited by hand."""
    stored = capacity.lock_day(day) if day.pk is not None else None
    validate_edit(day, stored)
    validate_day(day)
    day.save()
    return day


def deletable(day):
    """Only a day never published may be deleted: one of an official out of the schedule that
    no request names. Every other day is cancelled instead, so that calendars see it go."""
    if day.place_holders.exists():
        return False
    return not ReceptionDay.objects.published().filter(pk=day.pk).exists()


def _check_reason(reason):
    if reason not in ChangeReason.values:
        raise ValidationError(_("Choose the reason for the change."))


@transaction.atomic
def cancel_day(day, reason, note="", *, by_rule=False, actor=None):
    """Cancel *day* (R20): it stays published, marked cancelled, with its reason; its
    applicants are told and go back to the queue for a new date."""
    _check_reason(reason)
    day = capacity.lock_day(day)
    if day.status != DayStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled reception day can be cancelled."))
    day.status = DayStatus.CANCELLED
    day.change_reason = reason
    day.change_note = note
    day.save(by_rule=by_rule)
    _send_back_to_the_queue(day, actor)
    return day


def _send_back_to_the_queue(day, actor):
    """R20 (001 p.16): the applicants of a cancelled day are told, and their requests go back
    to the reception office's queue marked "needs a new date", keeping their place in order
    (the queue orders by arrival; nothing about that changes)."""
    holders = day.place_holders.select_for_update().filter(status__in=OPEN_STATUSES)
    told = []
    for reception_request in holders:
        reception_request.preferred_day = None
        reception_request.requested_day = day
        reception_request.needs_new_date = True
        reception_request.save(update_fields=["preferred_day", "requested_day", "needs_new_date"])
        with translation.override(reception_request.language):
            public_note = _(
                "The reception of %(date)s is cancelled. The reception office will propose "
                "another date."
            ) % {"date": date_format(day.date, "j E Y").lower()}
        event = workflow.record(
            reception_request, RequestAction.DAY_CANCELLED, actor=actor, public_note=public_note
        )
        notifications.to_applicant(reception_request, MessageKind.DAY_CHANGED, event)
        told.append(reception_request.number)
    notifications.day_cancelled_alert(day, told)


@transaction.atomic
def move_day(day, *, date, start_time, end_time, venue=None, reason, note="", actor=None):
    """Move *day* to another date or time (R20). The old day stays, marked moved and pointing to
    the new one, so calendars and applicants see both; the new day is a reception of its own,
    and the applicants holding a place keep it there and are told."""
    _check_reason(reason)
    day = capacity.lock_day(day)
    if day.status != DayStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled reception day can be moved."))
    new_day = ReceptionDay(
        official=day.official,
        venue=venue or day.venue,
        date=date,
        start_time=start_time,
        end_time=end_time,
        mode=day.mode,
        capacity=day.capacity,
        kind=day.kind,
        basis=day.basis,
    )
    # Validate the new day as if the old one were already gone (it may overlap itself).
    day.status = DayStatus.MOVED
    day.change_reason = reason
    day.change_note = note
    day.save()
    holders = list(day.place_holders.select_for_update().filter(status__in=OPEN_STATUSES))
    new_day.capacity = max(new_day.capacity, len(holders))
    new_day.full_clean()
    validate_day(new_day)
    new_day.save()
    day.moved_to = new_day
    day.save(update_fields=["moved_to", "updated_at"])
    for reception_request in holders:
        reception_request.preferred_day = new_day
        reception_request.save(update_fields=["preferred_day"])
        with translation.override(reception_request.language):
            public_note = _("The reception is moved to %(date)s, %(start)s.") % {
                "date": date_format(new_day.date, "j E Y").lower(),
                "start": f"{new_day.start_time:%H:%M}",
            }
        event = workflow.record(
            reception_request, RequestAction.DAY_MOVED, actor=actor, public_note=public_note
        )
        notifications.to_applicant(reception_request, MessageKind.DAY_CHANGED, event)
    return new_day


def create_from_rule(rule, occurrence):
    """A new day for one occurrence of *rule*."""
    return ReceptionDay.objects.create(
        official=rule.official,
        venue=rule.venue,
        date=occurrence,
        start_time=rule.start_time,
        end_time=rule.end_time,
        mode=rule.mode,
        capacity=rule.capacity,
        rule=rule,
        rule_occurrence=occurrence,
    )


def follow_rule(day, rule):
    """Bring a day the rule still owns in line with *rule*; true if anything changed. Never
    fewer places than applicants already hold; a day the rule had cancelled comes back."""
    fields = ("official_id", "venue_id", "start_time", "end_time", "mode", "capacity", "status")
    before = [getattr(day, name) for name in fields]
    day.official, day.venue = rule.official, rule.venue
    day.start_time, day.end_time = rule.start_time, rule.end_time
    day.mode, day.capacity = rule.mode, max(rule.capacity, capacity.places_taken(day))
    if day.status == DayStatus.CANCELLED:
        day.status, day.change_reason = DayStatus.SCHEDULED, ""
    if before == [getattr(day, name) for name in fields]:
        return False
    day.save(by_rule=True)
    return True


def touch(days):
    """Raise SEQUENCE and the modification time of *days* (a queryset) whose events show
    something that changed elsewhere (a venue's name or address, restriction mode), so that
    calendars following RFC 5546 replace the text they keep. Past days are left as they were
    held. Returns how many days were touched."""
    today = timezone.localdate()
    return days.filter(date__gte=today).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )


def venue_changed(venue):
    """A venue's name, room or address changed: its upcoming days show it (LOCATION)."""
    return touch(ReceptionDay.objects.filter(venue__translation_key=venue.translation_key))


def official_changed(official):
    """An official's name or position changed: their upcoming days show it (SUMMARY)."""
    return touch(ReceptionDay.objects.filter(official__translation_key=official.translation_key))


def organisation_changed(organisation):
    """An organisation's name changed: its officials' upcoming days show it (DESCRIPTION)."""
    return touch(
        ReceptionDay.objects.filter(
            official__organisation__translation_key=organisation.translation_key
        )
    )


def restriction_mode_changed():
    """Restrictive measures switched on or off: every upcoming day's mode and place change."""
    return touch(ReceptionDay.objects.all())
