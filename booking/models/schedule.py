"""Reception days and the schedule rules that create them, with the QuerySets that say what a
caller means (``ReceptionDay.objects.active().published()``). Changes go through
``booking.domain.days`` and ``booking.domain.rules``; the model only keeps SEQUENCE honest."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from booking.enums import (
    PLACE_HOLDING_STATUSES,
    ChangeReason,
    DayStatus,
    Frequency,
    ReceptionKind,
    ReceptionMode,
    Weekday,
    WeekOfMonth,
)
from booking.models.directory import Official, Venue


def local_zone():
    return ZoneInfo(settings.TIME_ZONE)


class ReceptionDayQuerySet(models.QuerySet):
    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate())

    def in_month(self, year, month):
        return self.filter(date__year=year, date__month=month)

    def active(self):
        """Days that still take place (not cancelled, not moved away)."""
        return self.filter(status=DayStatus.SCHEDULED)

    def published(self):
        """Days of officials in the schedule: an official taken out of it (in the default
        language, where editors keep the schedule) disappears with their days everywhere."""
        taken_out = Official.objects.filter(
            is_active=False, locale__language_code=settings.LANGUAGE_CODE
        ).values("translation_key")
        return self.exclude(official__translation_key__in=taken_out)

    def for_official(self, official):
        return self.filter(official__translation_key=official.translation_key)

    def for_organisation(self, organisation):
        return self.filter(official__organisation__translation_key=organisation.translation_key)

    def for_venue(self, venue):
        return self.filter(venue__translation_key=venue.translation_key)

    def with_places_taken(self):
        """Annotate ``places_taken``: applicants holding a place, counted in the same query."""
        return self.annotate(
            places_taken=models.Count(
                "place_holders", filter=Q(place_holders__status__in=PLACE_HOLDING_STATUSES)
            )
        )

    def for_listing(self):
        return self.select_related(
            "official", "official__organisation", "venue", "moved_to"
        ).order_by("date", "start_time", "official__sort_order", "pk")


class ReceptionDay(models.Model):
    """One official receiving on one date, for a time range, at one venue.

    ``public_id`` never changes (it is the iCal UID); ``sequence`` rises on every change that
    a subscribed calendar must see. Create, edit, cancel or move a day only through
    ``booking.domain.days``."""

    public_id = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="reception_days",
        verbose_name=_("official"),
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="reception_days", verbose_name=_("venue")
    )
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    mode = models.CharField(
        _("mode"), max_length=20, choices=ReceptionMode.choices, default=ReceptionMode.IN_PERSON
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("How many applicants can be received."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReceptionKind.choices, default=ReceptionKind.SCHEDULE
    )
    basis = models.CharField(
        _("basis"),
        max_length=300,
        blank=True,
        help_text=_(
            "For receptions outside the schedule: the instruction and its date; after a meeting "
            "with the population: the meeting (001 p.7, p.9)."
        ),
    )
    status = models.CharField(
        # Translators: whether a reception day is scheduled, cancelled or moved
        _("status"),
        max_length=20,
        choices=DayStatus.choices,
        default=DayStatus.SCHEDULED,
    )
    change_reason = models.CharField(
        _("reason for the change"), max_length=30, choices=ChangeReason.choices, blank=True
    )
    change_note = models.CharField(_("note on the change"), max_length=300, blank=True)
    moved_to = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moved_from",
        verbose_name=_("moved to"),
    )
    rule = models.ForeignKey(
        "booking.ScheduleRule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="days",
        verbose_name=_("created by rule"),
    )
    rule_occurrence = models.DateField(_("rule occurrence"), null=True, blank=True, editable=False)
    edited_by_hand = models.BooleanField(_("edited by hand"), default=False, editable=False)
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True, db_index=True)

    objects = ReceptionDayQuerySet.as_manager()

    panels = [
        FieldPanel("official"),
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("capacity")]),
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("basis")], heading=_("Kind (R04)")),
    ]

    # Fields whose change a subscribed calendar must see (SEQUENCE rises).
    SIGNIFICANT_FIELDS = ("venue_id", "date", "start_time", "end_time", "mode", "status")

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "rule_occurrence"],
                condition=Q(rule__isnull=False),
                name="one_day_per_rule_occurrence",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="day_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.official.full_name} — {self.date:%d.%m.%Y} {self.start_time:%H:%M}"

    def save(self, *args, by_rule=False, **kwargs):
        changed = self.significant_changes()
        if changed:
            self.sequence += 1
            if self.rule_id and not by_rule:
                # The rule no longer owns this day: regeneration leaves it alone.
                self.edited_by_hand = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "sequence",
                    "edited_by_hand",
                    "updated_at",
                }
        super().save(*args, **kwargs)
        self._loaded = {name: getattr(self, name) for name in self.SIGNIFICANT_FIELDS}

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=local_zone())

    @property
    def ends_at(self):
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=local_zone())

    @property
    def is_active(self):
        return self.status == DayStatus.SCHEDULED

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = {
            name: value
            for name, value in zip(field_names, values, strict=True)
            if name in cls.SIGNIFICANT_FIELDS
        }
        return instance

    def significant_changes(self):
        """Names of the fields a calendar must see that differ from what was loaded."""
        loaded = getattr(self, "_loaded", None)
        if self.pk is None or loaded is None:
            return []
        return [name for name, value in loaded.items() if getattr(self, name) != value]


class ScheduleRule(models.Model):
    """A recurring reception of one official ("every second Tuesday 15:00-18:00 at the reception
    office") that creates reception days for a rolling horizon, skipping non-working days."""

    official = models.ForeignKey(
        Official,
        on_delete=models.CASCADE,
        related_name="schedule_rules",
        verbose_name=_("official"),
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="schedule_rules", verbose_name=_("venue")
    )
    frequency = models.CharField(_("repeats"), max_length=20, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(
        # Translators: a rule repeats "every" N weeks or months (the number follows)
        _("every"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 = every week or month, 2 = every other one, and so on."),
    )
    weekday = models.CharField(_("weekday"), max_length=2, choices=Weekday.choices, blank=True)
    week_of_month = models.SmallIntegerField(
        _("week of the month"), choices=WeekOfMonth.choices, null=True, blank=True
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True, help_text=_("1 to 28.")
    )
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    mode = models.CharField(
        _("mode"), max_length=20, choices=ReceptionMode.choices, default=ReceptionMode.IN_PERSON
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=10, validators=[MinValueValidator(1)]
    )
    # Translators: the first date a schedule rule applies ("valid from")
    valid_from = models.DateField(_("from"))
    # Translators: the last date a schedule rule applies ("valid until")
    valid_until = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("official"),
        FieldPanel("venue"),
        MultiFieldPanel(
            [
                FieldPanel("frequency"),
                FieldPanel("interval"),
                FieldRowPanel([FieldPanel("weekday"), FieldPanel("week_of_month")]),
                FieldPanel("day_of_month"),
            ],
            heading=_("When"),
        ),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("capacity")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("schedule rule")
        verbose_name_plural = _("schedule rules")

    def __str__(self):
        return f"{self.official.full_name}: {self.describe()}"

    def to_rrule(self):
        """The RFC 5545 RRULE of this rule, e.g. ``FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU``."""
        if self.frequency == Frequency.WEEKLY:
            parts = ["FREQ=WEEKLY", f"INTERVAL={self.interval}", f"BYDAY={self.weekday}"]
        elif self.frequency == Frequency.MONTHLY_WEEKDAY:
            parts = [
                "FREQ=MONTHLY",
                f"INTERVAL={self.interval}",
                f"BYDAY={self.week_of_month}{self.weekday}",
            ]
        elif self.frequency == Frequency.MONTHLY_DAY:
            parts = ["FREQ=MONTHLY", f"INTERVAL={self.interval}", f"BYMONTHDAY={self.day_of_month}"]
        else:
            parts = []
        return ";".join(parts)

    def describe(self):
        """This rule in words of the active language: "every second Tuesday, 15:00–18:00"."""
        hours = f"{self.start_time:%H:%M}–{self.end_time:%H:%M}" if self.start_time else ""
        weekday = self.get_weekday_display()
        if self.frequency == Frequency.WEEKLY:
            # Translators: a weekly reception, e.g. "every week on Tuesday"
            text = gettext("every week on %(weekday)s") % {"weekday": weekday}
            if self.interval > 1:
                # Translators: e.g. "every 2 weeks on Tuesday"
                text = gettext("every %(n)s weeks on %(weekday)s") % {
                    "n": self.interval,
                    "weekday": weekday,
                }
        elif self.frequency == Frequency.MONTHLY_WEEKDAY:
            # Translators: e.g. "second Tuesday of the month"
            text = gettext("%(week)s %(weekday)s of the month") % {
                "week": WeekOfMonth(self.week_of_month).label if self.week_of_month else "",
                "weekday": weekday,
            }
        elif self.frequency == Frequency.MONTHLY_DAY:
            text = gettext("day %(day)s of each month") % {"day": self.day_of_month}
        else:
            text = ""
        if self.frequency != Frequency.WEEKLY and self.interval and self.interval > 1:
            # Translators: a monthly rule repeated every n months, e.g. "…, every 2 months"
            text = gettext("%(rule)s, every %(n)s months") % {"rule": text, "n": self.interval}
        return f"{text}, {hours}" if hours else text
