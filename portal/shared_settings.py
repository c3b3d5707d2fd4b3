"""Settings rows (Wagtail's ``BaseGenericSetting``: the portal's and the reception office's)
read from the shared cache: every page reads them, and they change a few times a year. Saving
one forgets the cached copy at once and again when the transaction commits, so no node keeps
an old one (a copy read between the save and the commit is forgotten too)."""

from django.core.cache import cache
from django.db import transaction


class SharedCacheSetting:
    """Put before ``BaseGenericSetting`` in a settings model's bases."""

    @classmethod
    def _shared_key(cls):
        return f"setting:{cls._meta.label_lower}"

    @classmethod
    def _get_or_create(cls):
        key = cls._shared_key()
        found = cache.get(key)
        if found is None:
            found = super()._get_or_create()
            cache.set(key, found, None)
        return found

    @classmethod
    def forget(cls):
        cache.delete(cls._shared_key())

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.forget()
        transaction.on_commit(self.forget)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget()
        transaction.on_commit(self.forget)
        return result
