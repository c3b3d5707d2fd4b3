"""Settings of the real task worker in ``test_outbox_qcluster``: the test settings, with mail
written to files the test reads (the worker is another process: no shared locmem outbox)."""

import os

from portal.settings.test import *  # noqa: F403 (settings modules extend by star import)

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["OUTBOX_TEST_MAIL_DIR"]
