"""Template filters of the admin templates the portal overrides (issue 15)."""

from django import template
from wagtail.models import Page

register = template.Library()


@register.filter
def page_permission_label(codename):
    """The translated long name of a page permission ("Add/edit pages you own"), by codename."""
    for permission_codename, _short_label, long_label in Page.permission_types:
        if permission_codename == str(codename):
            return long_label
    return codename
