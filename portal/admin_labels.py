"""Labels Wagtail 8.0.1 shows without passing them through gettext, made translatable (issue 15:
the staff side in the state language). Each is an upstream omission, named here so that an
upgrade can drop the line once Wagtail translates it itself."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form; its password field had no label, so Django made "Password" from
    the field's name (``WAGTAILADMIN_USER_LOGIN_FORM``)."""

    password = forms.CharField(
        label=_("Password"),
        widget=WagtailLoginForm.base_fields["password"].widget,
        strip=False,
    )


def translate_wagtail_labels():
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.contrib.simple_translation.models import SimpleTranslation
    from wagtail.models import Locale, Site
    from wagtail.sites.views import IndexView as SitesIndexView
    from wagtail.users.forms import PagePermissionsForm

    # The sites listing's columns are named by attribute ("Port", "Site name", "Root page").
    for column in SitesIndexView.columns:
        if column.name in {"port", "site_name", "root_page"}:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
    # The page choosers of a group's page permissions and of a workflow's pages: "Page" was
    # made from the field's name.
    PagePermissionsForm.base_fields["page"].label = _("Page")
    WorkflowPageForm.base_fields["page"].label = _("Page")
    # Locale and SimpleTranslation have no verbose names; Django made "locale", "locales",
    # "simple translation" from the
    # class names (the group screen lists the translation permission).
    SimpleTranslation._meta.verbose_name = _("translation")
    SimpleTranslation._meta.verbose_name_plural = _("translations")
    Locale._meta.verbose_name = _("locale")
    Locale._meta.verbose_name_plural = _("locales")
