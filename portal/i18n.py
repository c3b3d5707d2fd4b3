"""Helpers for values stored once per language (``name_kk``, ``name_ru``) outside Wagtail's
translatable models: settings and similar singletons."""

from django.conf import settings
from django.utils.translation import get_language


def current_language():
    """The active language if it is one of the portal's, else the default (Kazakh)."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    codes = [c for c, _ in settings.LANGUAGES]
    return code if code in codes else settings.LANGUAGE_CODE


def localized_value(obj, field):
    """``obj.<field>_<lang>`` for the active language; the value is required in every language,
    so an empty one is shown empty rather than silently replaced by the other language."""
    return getattr(obj, f"{field}_{current_language()}", "")
