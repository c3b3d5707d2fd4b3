"""A logging filter that keeps applicants' personal data out of every log line (R30), the task
worker's included, before any formatter sees the record.

The mail server's replies are the usual leak: an SMTP error carries the recipient's address and
often their name ("550 5.1.1 <aigerim@…>: user Aigerim S. unknown"), as bytes inside the
exception's text. The filter replaces such an exception with its class and reply code, blanks
any server reply quoted in a message, and applies ``portal.logs.redact`` (addresses, phones,
IINs, tracking tokens) to the message itself.
"""

import logging
import re
import smtplib

from portal.logs import redact

# b'…' or b"…": how smtplib's errors quote the server's reply in their text.
SERVER_TEXT = re.compile(r"""b(['"]).*?(?<!\\)\1""")


def _smtp_summary(error):
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({reply[0] for reply in error.recipients.values()})
        code = ",".join(str(each) for each in codes)
    return f"{type(error).__name__}{f' {code}' if code else ''}"


def _server_replies(error):
    """The texts the mail server sent in *error*: wherever they are repeated, they go too."""
    replies = []
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [reply[1] for reply in error.recipients.values()]
    elif isinstance(error, smtplib.SMTPResponseException):
        replies = [error.smtp_error]
    texts = [r.decode(errors="replace") if isinstance(r, bytes) else str(r) for r in replies]
    return [text for text in texts if text.strip()]


class PersonalDataFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        if record.exc_info and isinstance(record.exc_info[1], smtplib.SMTPException):
            for reply in _server_replies(record.exc_info[1]):
                message = message.replace(reply, "[server reply]")
            message = f"{message} [{_smtp_summary(record.exc_info[1])}]"
            record.exc_info = None
            record.exc_text = None
        record.msg = redact(SERVER_TEXT.sub("[server reply]", message))
        record.args = None
        return True
