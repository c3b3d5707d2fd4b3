"""What the page cache forgets when Wagtail pages and site settings change, for every page type
(including ones added later): publishing, unpublishing, moving or deleting a page forgets that
page in every language and the pages above it (they list their children); a change that other
pages show (a title or address in menus, breadcrumbs and language switches, a page entering or
leaving the menu or the site) forgets every page. Saving any site setting forgets everything:
the footer and the feeds show them. Connected in ``PortalConfig.ready``."""

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal import cache

# What other pages show of a page: menus, breadcrumbs, lists, language switches.
SHOWN_ELSEWHERE = ("title", "slug", "url_path", "live", "show_in_menus", "search_description")


def forget_page(page, *, elsewhere):
    """Forget *page* in every language and its ancestors; with *elsewhere*, every page."""
    if elsewhere:
        cache.invalidate(cache.SITE)
        return
    keys = [page.translation_key]
    keys += (
        Page.objects.ancestor_of(page).filter(depth__gt=1).values_list("translation_key", flat=True)
    )
    cache.invalidate(*(cache.page_tag(key) for key in keys))


def _remember(sender, instance, raw=False, **kwargs):
    """Before a page's row is saved (publishing saves it): what other pages show of it."""
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    instance._shown_before = (
        Page.objects.filter(pk=instance.pk).values_list(*SHOWN_ELSEWHERE).first()
    )


def _shown_changed(page):
    before = getattr(page, "_shown_before", None)
    now = tuple(getattr(page, name) for name in SHOWN_ELSEWHERE)
    return before is None or before != now


def _published(sender, instance, **kwargs):
    forget_page(instance, elsewhere=_shown_changed(instance))


def _gone(sender, instance, **kwargs):
    """Unpublished, moved or deleted: its address leaves menus, lists and switches."""
    if isinstance(instance, Page):
        forget_page(instance, elsewhere=True)


def _setting_saved(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, BaseGenericSetting | BaseSiteSetting):
        cache.invalidate(cache.SITE)


def connect():
    pre_save.connect(_remember, dispatch_uid="page-cache-remember")
    page_published.connect(_published, dispatch_uid="page-cache-published")
    page_unpublished.connect(_gone, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_gone, dispatch_uid="page-cache-moved")
    post_delete.connect(_gone, dispatch_uid="page-cache-deleted")
    post_save.connect(_setting_saved, dispatch_uid="page-cache-settings")
