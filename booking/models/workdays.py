from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from booking.enums import OverrideKind
from portal.i18n import localized_value


class WorkingDayOverride(index.Indexed, models.Model):
    """A day the government's decree makes different from the holidays package: a day off moved
    to another date, or a Saturday or Sunday made a working day."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OverrideKind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    decree = models.CharField(
        _("decree"),
        max_length=200,
        blank=True,
        help_text=_("The act that moves the day, e.g. a government decree's number and date."),
    )

    panels = [
        FieldPanel("date"),
        FieldPanel("kind"),
        FieldPanel("name_kk"),
        FieldPanel("name_ru"),
        FieldPanel("decree"),
    ]
    search_fields = [index.SearchField("name_kk"), index.SearchField("name_ru")]

    class Meta:
        ordering = ["date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")

    def __str__(self):
        return f"{self.date:%d.%m.%Y} — {self.name}"

    @property
    def name(self):
        return localized_value(self, "name")
