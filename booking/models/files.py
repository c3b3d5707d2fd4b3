"""Where applicants' documents are kept: outside the public media folder, under random names,
and given out only through the admin to staff allowed to see requests (R30)."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone


def private_storage():
    # No public URL: the admin's download view streams the file after a permission check.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url="/admin/no-public-url/")


def private_upload_to(instance, filename):
    """A random name: the applicant's own file name may hold personal data."""
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"requests/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"
