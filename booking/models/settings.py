import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from portal.shared_settings import SharedCacheSetting


@register_setting(icon="time")
class ReceptionSettings(SharedCacheSetting, BaseGenericSetting):
    """Numbers a region may set differently; defaults are the ones the law gives."""

    # Working time: Monday to Friday 09:00-18:30, lunch 12:30-14:00 (R31, 003 p.249).
    work_start = models.TimeField(_("working day starts"), default=datetime.time(9, 0))
    work_end = models.TimeField(_("working day ends"), default=datetime.time(18, 30))
    lunch_start = models.TimeField(_("lunch starts"), default=datetime.time(12, 30))
    lunch_end = models.TimeField(_("lunch ends"), default=datetime.time(14, 0))

    # R19 (001 p.14): while restrictive measures are in force, receptions are by video only.
    restriction_mode = models.BooleanField(
        _("restrictive measures in force"),
        default=False,
        help_text=_(
            "While on, every reception is held by video conference only and the public pages "
            "say so (001 p.14)."
        ),
    )
    schedule_horizon_months = models.PositiveSmallIntegerField(
        _("schedule horizon, months"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("How far ahead recurring rules create reception days."),
    )

    # R13 (002 p.29; 001 p.25): the answer with the date and time within 15 working days.
    answer_deadline_days = models.PositiveSmallIntegerField(
        _("answer deadline, working days"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    # R13 (001 p.25): the date and time follow the answer within 2 working days.
    date_notice_days = models.PositiveSmallIntegerField(
        _("date and time notice, working days after the answer"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # R08 (001 p.6; APPK art. 63): "a reasonable deadline" to correct a request; the law gives
    # no number, so the office sets it.
    corrections_days = models.PositiveSmallIntegerField(
        _("deadline to correct a request, working days"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    # R10 (003 p.195): forwarded to the competent body within 3 working days of arrival.
    forwarding_days = models.PositiveSmallIntegerField(
        _("forwarding to the competent body, working days"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # R11 (001 p.22; 002 p.26): reference information 5 working days before the reception.
    reference_days_before = models.PositiveSmallIntegerField(
        _("reference information, working days before the reception"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
    )
    # R14 (001 p.26): the applicant is told of an extension within 3 working days.
    extension_notice_days = models.PositiveSmallIntegerField(
        _("extension notice, working days"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # R15 (001 p.28): the draft refusal goes out at least 3 working days before the decision.
    hearing_days = models.PositiveSmallIntegerField(
        _("hearing before a refusal, working days"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(15)],
    )
    feed_past_days = models.PositiveSmallIntegerField(
        _("past days kept in calendar feeds"),
        default=90,
        validators=[MaxValueValidator(366)],
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("work_start"),
                FieldPanel("work_end"),
                FieldPanel("lunch_start"),
                FieldPanel("lunch_end"),
            ],
            heading=_("Working hours (R31, 003 p.249)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("restriction_mode"),
                FieldPanel("schedule_horizon_months"),
                FieldPanel("feed_past_days"),
            ],
            heading=_("Schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("answer_deadline_days"),
                FieldPanel("date_notice_days"),
                FieldPanel("corrections_days"),
                FieldPanel("forwarding_days"),
                FieldPanel("reference_days_before"),
                FieldPanel("extension_notice_days"),
                FieldPanel("hearing_days"),
            ],
            heading=_("Deadlines of a request (001 p.6, p.22, p.25, p.26, p.28; 003 p.195)"),
        ),
    ]

    class Meta:
        verbose_name = _("reception settings")

    def clean(self):
        super().clean()
        if not (self.work_start < self.lunch_start < self.lunch_end < self.work_end):
            raise ValidationError(
                _("Working hours must run: start, lunch start, lunch end, end — in that order.")
            )
