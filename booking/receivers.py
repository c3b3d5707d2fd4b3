"""What happens when snippets and settings that reception days show are saved, wherever from
(admin, shell, demo): the days' SEQUENCE rises through ``booking.domain.days`` so that
subscribed calendars replace the text they keep (RFC 5546); and an official's old addresses
(their page under every schedule page, their feed) keep answering after a slug change, as
permanent redirects; and the page cache (``portal.cache``) forgets exactly the pages, feeds and
open data that show what changed, in both languages. Connected in ``BookingConfig``."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.redirects.models import Redirect

from booking.domain import days
from booking.enums import PLACE_HOLDING_STATUSES
from booking.models import (
    Official,
    Organisation,
    ReceptionDay,
    ReceptionRequest,
    ReceptionSettings,
    Venue,
)
from pages.models import SchedulePage
from portal import cache

# The fields of each model that reception-day events show.
SHOWN_FIELDS = {
    Venue: ("name", "address", "room"),
    Official: ("full_name", "position", "reception_phone", "reception_email", "organisation_id"),
    Organisation: ("name", "short_name", "phone", "email"),
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
    instance._shown_fields_changed = False
    instance._old_slug = None
    if raw or instance.pk is None:
        return
    fields = SHOWN_FIELDS[sender]
    extra = ("slug",) if sender is Official else ()
    stored = sender.objects.filter(pk=instance.pk).values(*fields, *extra).first()
    if stored is None:
        return
    instance._shown_fields_changed = any(stored[name] != getattr(instance, name) for name in fields)
    if extra and stored["slug"] != instance.slug:
        instance._old_slug = stored["slug"]


def _touch_days(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "_shown_fields_changed", False):
        ON_CHANGE[sender](instance)


def _route(slug):
    return f"/official/{slug}/"


def _keep_old_addresses(sender, instance, raw=False, **kwargs):
    old_slug = getattr(instance, "_old_slug", None)
    if not raw and old_slug:
        redirect_old_slug(instance, old_slug)


def redirect_old_slug(official, old_slug):
    """Permanent redirects from *official*'s addresses with *old_slug* to the current ones: the
    page under each live schedule page (by page and route, so that it follows the page if it
    moves) and the feed in each language (to the address by translation key, which never
    changes). Redirects to the old slug's page are brought along, so none goes round twice."""
    Redirect.objects.filter(redirect_page_route_path=_route(old_slug)).update(
        redirect_page_route_path=_route(official.slug)
    )
    for page in SchedulePage.objects.live().specific():
        site_id, _root, page_path = page.get_url_parts()
        if page_path is None:
            continue
        old_path = Redirect.normalise_path(page_path + _route(old_slug).lstrip("/"))
        new_path = Redirect.normalise_path(page_path + _route(official.slug).lstrip("/"))
        Redirect.objects.filter(old_path=new_path, redirect_page=page).delete()
        Redirect.objects.update_or_create(
            old_path=old_path,
            site_id=site_id,
            defaults={
                "redirect_page": page,
                "redirect_page_route_path": _route(official.slug),
                "redirect_link": "",
                "is_permanent": True,
                "automatically_created": True,
            },
        )
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            old_path = reverse("feed_official_by_slug", kwargs={"slug": old_slug})
            target = reverse("feed_official", kwargs={"key": official.translation_key})
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old_path),
            site=None,
            defaults={
                "redirect_page": None,
                "redirect_page_route_path": "",
                "redirect_link": target,
                "is_permanent": True,
                "automatically_created": True,
            },
        )


def _forget(official_keys):
    """Forget the lists of days and the pages and feeds of the officials with translation keys
    *official_keys* (both languages share the key)."""
    cache.invalidate(cache.DAYS, *(cache.official_tag(key) for key in official_keys))


def _forget_officials(official_ids):
    _forget(
        Official.objects.filter(pk__in=[pk for pk in official_ids if pk]).values_list(
            "translation_key", flat=True
        )
    )


def _saves_only(kwargs, fields):
    """True when the save writes named fields, none of *fields*: what they hold stays."""
    update_fields = kwargs.get("update_fields")
    return update_fields is not None and not set(update_fields) & set(fields)


def _remember_day(sender, instance, raw=False, **kwargs):
    """Before a day is saved: the official it belonged to (a day given to another official
    leaves the first one's page)."""
    instance._stored_official_id = None
    if _saves_only(kwargs, ("official", "official_id")):
        return
    if not raw and instance.pk is not None:
        instance._stored_official_id = (
            ReceptionDay.objects.filter(pk=instance.pk)
            .values_list("official_id", flat=True)
            .first()
        )


def _day_changed(sender, instance, raw=False, **kwargs):
    """A day created, edited, cancelled, moved or deleted: the schedule, feeds and open data,
    and its official's page and feed."""
    if not raw:
        _forget_officials({instance.official_id, getattr(instance, "_stored_official_id", None)})


def _place(status, day_id):
    """The day whose place a request in *status* holds, or None."""
    return day_id if status in PLACE_HOLDING_STATUSES else None


def _remember_place(sender, instance, raw=False, **kwargs):
    instance._stored_place = None
    if _saves_only(kwargs, ("status", "preferred_day", "preferred_day_id")):
        # The place stays what it is (a deadline or a note saved): nothing to read or forget.
        instance._stored_place = _place(instance.status, instance.preferred_day_id)
        return
    if not raw and instance.pk is not None:
        stored = (
            ReceptionRequest.objects.filter(pk=instance.pk)
            .values_list("status", "preferred_day_id")
            .first()
        )
        instance._stored_place = _place(*stored) if stored else None


def _place_changed(sender, instance, raw=False, **kwargs):
    """A place taken or freed (sign-up, withdrawal, a workflow step, a moved or cancelled day):
    the places left that the days' lists and their officials' pages show
    (``booking.domain.capacity`` counts the same places). Any other edit of a request shows
    nowhere public."""
    if raw:
        return
    before = getattr(instance, "_stored_place", None)
    after = (
        None
        if kwargs.get("signal") is post_delete
        else _place(instance.status, instance.preferred_day_id)
    )
    if before == after:
        return
    _forget(
        ReceptionDay.objects.filter(pk__in=[pk for pk in (before, after) if pk]).values_list(
            "official__translation_key", flat=True
        )
    )


def _directory_changed(sender, instance, raw=False, **kwargs):
    """An official's edit shows on their page and feed and in every list of days; an
    organisation's or venue's on everything drawn from the directory."""
    if raw:
        return
    if sender is Official:
        cache.invalidate(cache.DAYS, cache.official_tag(instance.translation_key))
    else:
        cache.invalidate(cache.BOOKING)


def _request_deleted(sender, instance, **kwargs):
    instance._stored_place = _place(instance.status, instance.preferred_day_id)
    _place_changed(sender, instance, signal=post_delete)


def connect_page_cache():
    pre_save.connect(_remember_day, sender=ReceptionDay, dispatch_uid="cache-day-before")
    post_save.connect(_day_changed, sender=ReceptionDay, dispatch_uid="cache-day-saved")
    post_delete.connect(_day_changed, sender=ReceptionDay, dispatch_uid="cache-day-deleted")
    pre_save.connect(_remember_place, sender=ReceptionRequest, dispatch_uid="cache-place-before")
    post_save.connect(_place_changed, sender=ReceptionRequest, dispatch_uid="cache-place-saved")
    post_delete.connect(
        _request_deleted, sender=ReceptionRequest, dispatch_uid="cache-place-deleted"
    )
    for model in (Official, Organisation, Venue):
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                _directory_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-{name}"
            )


def connect():
    connect_page_cache()
    for model in SHOWN_FIELDS:
        pre_save.connect(_remember_change, sender=model, dispatch_uid=f"shown-{model.__name__}")
        post_save.connect(_touch_days, sender=model, dispatch_uid=f"touch-{model.__name__}")
    post_save.connect(_keep_old_addresses, sender=Official, dispatch_uid="official-old-slug")
