"""Helpers for values stored once per language (``name_kk``, ``name_ru``) outside Wagtail's
translatable models: settings and similar singletons."""

import functools
import hashlib
from pathlib import Path

import django
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


@functools.cache
def catalogue_fingerprint(language):
    """A digest of the compiled translations of *language* (the project's and Django's version),
    read once per process as the process reads its catalogues once: for keys of cached pieces of
    text that a new catalogue must replace."""
    digest = hashlib.sha256(django.get_version().encode())
    for base in settings.LOCALE_PATHS:
        catalogue = Path(base) / language / "LC_MESSAGES" / "django.mo"
        if catalogue.exists():
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:16]
