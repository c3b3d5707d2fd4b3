"""What the chrome of every page shows (the visitor's home, the main menu, the breadcrumbs and
the page in each language), loaded once per request, in one query when a Wagtail page is shown.

Wagtail's own helpers (``root_page.localized``, ``get_ancestors()``, ``get_translations()``,
``public()``) each cost one or two queries, and the chrome called them several times a page."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction, Site

STEPLEN = Page.steplen


def restricted():
    """True for a page under a view restriction (on it or above it): Wagtail's ``public()`` in
    the same query instead of one that first loads every restriction."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


def public(queryset):
    """*queryset* without the pages a view restriction hides (as Wagtail's ``public()``)."""
    return queryset.alias(_restricted=restricted()).filter(_restricted=False)


@dataclass
class Navigation:
    root: Page | None = None
    menu: list = field(default_factory=list)
    ancestors: list = field(default_factory=list)
    translations: list | None = None


def _build(request, page):
    site = Site.find_for_request(request)
    if site is None:
        return Navigation()
    site_root = site.root_page
    depth = site_root.depth
    if isinstance(page, Page) and page.pk and page.depth >= depth:
        root_path = page.path[: STEPLEN * depth]
        # Breadcrumbs show the ancestors below the tree's root (depth 1), as get_ancestors()[1:].
        ancestor_paths = [page.path[: STEPLEN * level] for level in range(2, page.depth)]
        rows = list(
            Page.objects.annotate(restricted=restricted())
            .filter(
                Q(path__in=[root_path, *ancestor_paths])
                | Q(depth=depth + 1, path__startswith=root_path, live=True, show_in_menus=True)
                | Q(translation_key=page.translation_key, live=True)
            )
            .select_related("locale")
            .order_by("path")
        )
        root = next((row for row in rows if row.path == root_path), None)
        if root is not None and root.translation_key == site_root.translation_key:
            return Navigation(
                root=root,
                menu=[
                    row
                    for row in rows
                    if row.depth == depth + 1
                    and row.path.startswith(root_path)
                    and row.live
                    and row.show_in_menus
                    and not row.restricted
                ],
                ancestors=[row for row in rows if row.path in ancestor_paths],
                translations=[
                    row for row in rows if row.translation_key == page.translation_key and row.live
                ],
            )
    # No page shown (a form, search, an error), or one outside the visitor's language's tree.
    root = site_root.localized
    menu = public(root.get_children().live().in_menu()).only(
        "title", "url_path", "locale_id", "path", "depth"
    )
    return Navigation(root=root, menu=list(menu))


def navigation(request, page=None):
    """The ``Navigation`` of *request*, showing *page*; built on the first call, then kept on
    the request (every later call, whatever its *page*, gets the same)."""
    memo = getattr(request, "_portal_navigation", None)
    if memo is None:
        memo = request._portal_navigation = _build(request, page)
    return memo


class ViewRestrictionsInOneQuery:
    """A page mixin: Wagtail's ``get_view_restrictions()`` (the restrictions on this page and
    the pages above it, an alias's taken from its source) in one query instead of two; Wagtail
    calls it on every page it serves."""

    def get_view_restrictions(self):
        paths = [self.path[: STEPLEN * level] for level in range(1, self.depth + 1)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()
