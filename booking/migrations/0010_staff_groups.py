"""The staff roles of the reception portal as groups (issue 9, item 6): the reception office
works requests; editors keep officials, venues, schedules and pages; the press office sees the
schedule to cover it; administrators do everything. Editors and the press office get no
permission on requests, so they never see an applicant's personal data (R30). Safe to run on a
database where the groups exist: it only adds what is missing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACCESS_ADMIN = ("wagtailadmin", "access_admin")
SCHEDULE_MODELS = (
    "organisation",
    "official",
    "venue",
    "receptionday",
    "schedulerule",
    "workingdayoverride",
)


def codenames(actions, models):
    return [("booking", f"{action}_{model}") for model in models for action in actions]


GROUPS = {
    "Қабылдау бөлмесі (Приёмная)": [
        ACCESS_ADMIN,
        ("booking", "view_receptionrequest"),
        ("booking", "register_request"),
        ("booking", "process_request"),
        *codenames(["view"], SCHEDULE_MODELS),
        ("booking", "change_receptionday"),
    ],
    "Редакторлар (Редакторы)": [
        ACCESS_ADMIN,
        *codenames(["add", "change", "delete", "view"], SCHEDULE_MODELS),
        ("booking", "change_receptionsettings"),
        ("wagtailcore", "add_page"),
        ("wagtailcore", "change_page"),
        ("wagtailcore", "publish_page"),
    ],
    "Баспасөз қызметі (Пресс-служба)": [
        ACCESS_ADMIN,
        *codenames(["view"], SCHEDULE_MODELS),
    ],
    "Әкімшілер (Администраторы)": [
        ACCESS_ADMIN,
        *codenames(["add", "change", "delete", "view"], SCHEDULE_MODELS),
        ("booking", "view_receptionrequest"),
        ("booking", "register_request"),
        ("booking", "process_request"),
        ("booking", "change_receptionsettings"),
        ("wagtailcore", "add_page"),
        ("wagtailcore", "change_page"),
        ("wagtailcore", "publish_page"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "view_user"),
    ],
}
# Page permissions are granted on the root page, so they cover both languages' trees.
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def create_groups(apps, schema_editor):
    # Permissions are made after all migrations; make them now for the ones named here.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    for name, wanted in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                continue
            if codename in PAGE_PERMISSIONS:
                if root is not None:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root, permission=permission
                    )
            else:
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0009_deadline_settings"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
