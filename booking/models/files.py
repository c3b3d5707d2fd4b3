"""Where applicants' documents are kept: outside the public media folder, under random names,
and given out only through the admin to staff allowed to see requests (R30)."""

import uuid
from pathlib import PurePath

from django.core.files.storage import storages
from django.utils import timezone


def private_storage():
    """``STORAGES["private"]``: a folder outside the public media (PRIVATE_MEDIA_ROOT) or an
    S3-compatible bucket, chosen by configuration (portal/settings/environment.py). No public
    URL either way: the admin's download view streams the file after a permission check."""
    return storages["private"]


# The types uploads are accepted as; the domain names each upload by its detected type.
STORED_SUFFIXES = frozenset({".pdf", ".jpg", ".png"})


def private_upload_to(instance, filename):
    """A random name: the applicant's own file name may hold personal data. The suffix is kept
    only if it is one of the accepted types, so no other extension ever reaches the disk."""
    suffix = PurePath(filename).suffix.lower()
    suffix = suffix if suffix in STORED_SUFFIXES else ""
    return f"requests/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"
