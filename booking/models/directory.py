"""Who receives and where: organisations, their officials, and the venues of receptions. Each is
a translatable snippet: one row per language, sharing a ``translation_key``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from booking.enums import OrganisationKind, VenueKind


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A state body whose officials receive citizens (R33: local and central bodies alike)."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("website"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        # Staff find one in a chooser by the first letters they type.
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class Venue(TranslatableMixin, index.Indexed, models.Model):
    """Where receptions happen: a public reception office or a Citizen Reception Centre, where
    several organisations may receive (R33)."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=VenueKind.choices)
    address = models.CharField(_("address"), max_length=300)
    room = models.CharField(_("room"), max_length=100, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    directions = models.TextField(_("how to get there"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="venues",
        verbose_name=_("organisations receiving here"),
    )
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("address"),
        FieldPanel("room"),
        FieldPanel("map_url"),
        FieldPanel("directions"),
        FieldPanel("accessibility"),
        FieldPanel("organisations"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("address"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name

    @property
    def full_address(self):
        return ", ".join(part for part in (self.address, self.room) if part)


class OfficialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Official(TranslatableMixin, index.Indexed, models.Model):
    """A person who receives citizens by the published schedule."""

    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=300)
    slug = models.SlugField(
        _("address slug"),
        max_length=100,
        allow_unicode=False,
        help_text=_("The official's page address; keep it the same in both languages."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="officials",
        verbose_name=_("organisation"),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    responsibilities = models.TextField(
        _("questions to bring"),
        blank=True,
        help_text=_("What the official is responsible for, in the words citizens would use."),
    )
    reception_phone = models.CharField(_("reception office phone"), max_length=40, blank=True)
    reception_email = models.EmailField(_("reception office e-mail"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in the schedule"), default=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    objects = OfficialQuerySet.as_manager()

    panels = [
        FieldPanel("full_name"),
        FieldPanel("position"),
        FieldPanel("slug"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("responsibilities"),
        FieldRowPanel([FieldPanel("reception_phone"), FieldPanel("reception_email")]),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
    ]
    search_fields = [
        index.SearchField("full_name"),
        index.AutocompleteField("full_name"),
        index.SearchField("position"),
        index.SearchField("responsibilities"),
        index.FilterField("locale_id"),
        index.FilterField("organisation_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "full_name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="official_slug_per_locale")
        ]

    def __str__(self):
        return f"{self.full_name}, {self.position}"
