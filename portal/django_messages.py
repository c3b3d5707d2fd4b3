"""Django's own messages that a visitor can meet on this site but Django's Kazakh catalogue
leaves untranslated. Listed here so that ``make messages`` keeps them in ``locale/``, where the
project's catalogue (first in ``LOCALE_PATHS``) supplies them in both languages.

Nothing imports this module: the marks below are for extraction only."""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # django.utils.dates.WEEKDAYS_ABBR (the "D" date format: the staff's list of reception days):
    # Django's Kazakh catalogue has them wrong ("Tue" as "Сб", Saturday's own abbreviation).
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
    # django.core.validators.EmailValidator (the sign-up form's e-mail)
    gettext_noop("Enter a valid email address."),
    # django.core.validators.ProhibitNullCharactersValidator (every text field)
    gettext_noop("Null characters are not allowed."),
    # django.core.validators.MaxLengthValidator (every text field with max_length)
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    # django.forms.FileField "max_length" (a file field of a form: the sign-up form's documents)
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "max",
    ),
]
