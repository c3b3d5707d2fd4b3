"""The press office publishes coverage of receptions and nothing else (R27; R30: it never sees
requests): add, edit and publish permissions on the news index pages only."""

from django.apps import apps as django_apps

PRESS_OFFICE = "Баспасөз қызметі (Пресс-служба)"
NEWS_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_press_office(page_id, apps=django_apps):
    """Let the press office add, edit and publish pages under the news index *page_id*.

    Takes the app registry so that a migration can call it with its historical models."""
    group = apps.get_model("auth", "Group").objects.filter(name=PRESS_OFFICE).first()
    if group is None:
        return
    permission_model = apps.get_model("auth", "Permission")
    page_permission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in NEWS_PERMISSIONS:
        permission = permission_model.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission is not None:
            page_permission.objects.get_or_create(
                group=group, page_id=page_id, permission=permission
            )
