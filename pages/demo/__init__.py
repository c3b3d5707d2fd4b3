"""Build the bilingual demo site. Every function here can run again without duplicating anything:
what already exists is left as it is (editors may have changed it)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale, Page, Site

from pages.demo import booking as booking_demo
from pages.demo import content as demo_content
from pages.demo import requests as demo_requests
from pages.demo import sections as demo_sections
from pages.models import HomePage, PortalSettings, SchedulePage, StandardPage

HOME_SLUG = "home"  # Wagtail's placeholder; ours are "home-kk" and "home-ru" (siblings under root).


def ensure_locales():
    """One Locale for each portal language, Kazakh first."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def _stream(body):
    return [{"type": block_type, "value": value} for block_type, value in body]


def _publish(page):
    page.save_revision().publish()
    return page


def _translate(page, locale, fields):
    """The translation of *page* into *locale*, created and published from *fields* if missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        if existing.alias_of_id is None:
            return existing.specific
        # The synced tree made an alias; replace it by a real translation.
        existing.delete()
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    return _publish(translated)


def _page_fields(spec):
    return {
        "title": spec["title"],
        "intro": spec["intro"],
        "body": _stream(spec["body"]),
    }


def ensure_home_pages():
    """The Kazakh home page as the default site's root, and its Russian translation.

    Replaces Wagtail's placeholder "Welcome" page (a plain Page created by Wagtail's own initial
    migration) on a fresh database; any other root page is kept."""
    locales = ensure_locales()
    root = Page.get_first_root_node()
    if root is None:
        # A database emptied by `flush` (transactional tests) lacks the root Wagtail's own
        # migration creates; make it the same way.
        root = Page.add_root(title="Түбір (Корень)", slug="root", locale=locales["kk"])
    home = HomePage.objects.filter(depth=2, locale=locales["kk"]).first()
    if home is None:
        fields = _page_fields(demo_content.HOME["kk"])
        home = root.add_child(
            instance=HomePage(slug=HOME_SLUG + "-kk", locale=locales["kk"], **fields)
        )
        _publish(home)
        placeholder = Page.objects.filter(depth=2, slug=HOME_SLUG, content_type__model="page")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        elif placeholder.filter(pk=site.root_page_id).exists():
            site.root_page = home
            site.save()
        for page in placeholder:
            if page.numchild == 0:
                page.delete()
        home.refresh_from_db()
    _translate(
        home,
        locales["ru"],
        {**_page_fields(demo_content.HOME["ru"]), "slug": "home-ru"},
    )
    return home


def ensure_standard_pages(home):
    locales = ensure_locales()
    for spec in demo_content.PAGES:
        page = home.get_children().filter(slug=spec["slug"]).first()
        if page is None:
            page = home.add_child(
                instance=StandardPage(
                    slug=spec["slug"], show_in_menus=True, **_page_fields(spec["kk"])
                )
            )
            _publish(page)
        _translate(
            page.specific,
            locales["ru"],
            {**_page_fields(spec["ru"]), "slug": spec["slug"], "show_in_menus": True},
        )


SCHEDULE = {
    "kk": {
        "title": "Қабылдау кестесі",
        "intro": (
            "Облыс әкімдігінің, басқармалардың, Ақжар қаласы әкімдігінің және орталық "
            "органдардың аумақтық бөлімшелері басшыларының азаматтарды жеке қабылдау кестесі."
        ),
    },
    "ru": {
        "title": "График приёма",
        "intro": (
            "График личного приёма граждан руководителями акимата области, управлений, акимата "
            "города Акжар и территориальных подразделений центральных органов."
        ),
    },
}


def ensure_schedule_page(home):
    locales = ensure_locales()
    page = home.get_children().filter(slug="schedule").first()
    if page is None:
        page = home.add_child(
            instance=SchedulePage(slug="schedule", show_in_menus=True, **SCHEDULE["kk"])
        )
        _publish(page)
    return _translate(
        page.specific,
        locales["ru"],
        {**SCHEDULE["ru"], "slug": "schedule", "show_in_menus": True},
    )


def ensure_portal_settings():
    portal = PortalSettings.load()
    if not portal.region_name_kk:
        for name, value in demo_content.PORTAL_SETTINGS.items():
            setattr(portal, name, value)
        portal.save()
    return portal


def ensure_demo_admin(username="admin", password="admin"):
    """A superuser for local use only; returns True if it was created now."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        return False
    # With a name: Wagtail's account form asks for one before it saves the preferences.
    user_model.objects.create_superuser(
        username,
        "admin@altyntau.example.kz",
        password,
        first_name="Айгерім",
        last_name="Демо",
    )
    return True


@transaction.atomic
def build_site():
    """The whole demo: settings, home pages, the schedule page and its schedule, text pages,
    sign-up requests in every state of the workflow, the FAQ, the legal basis, news covering
    held reception days and a published quarterly report."""
    ensure_portal_settings()
    home = ensure_home_pages()
    ensure_schedule_page(home)
    ensure_standard_pages(home)
    booking_demo.build_schedule()
    demo_requests.build_requests()
    locales = ensure_locales()
    for build in (
        demo_sections.ensure_faq,
        demo_sections.ensure_regulations,
        demo_sections.ensure_news,
        demo_sections.ensure_reports,
    ):
        build(home, locales, _publish, _translate)
    return home
