"""Wagtail's own starting data, named for this portal's staff (issue 15): the root page and
root collection were "Root", the placeholder home page "Welcome to your new Wagtail site!",
the default groups "Editors" and "Moderators" and the default
workflow "Moderators approval" — English on every Kazakh and Russian admin screen that lists
them. Names are data, in both languages as the staff roles are ("kk (ru)"). Wagtail's
"Editors" group duplicates the portal's editors role: removed when nobody belongs to it."""

from django.db import migrations

ROOT = "Түбір (Корень)"
WELCOME = "Welcome to your new Wagtail site!"
RENAMED_GROUPS = {"Moderators": "Модераторлар (Модераторы)"}
APPROVAL = {"Moderators approval": "Модераторлардың мақұлдауы (Одобрение модераторов)"}


def rename(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT, draft_title=ROOT)
    # Wagtail's placeholder home page (the demo replaces it; the site history keeps its title).
    welcome = "Қош келдіңіз (Добро пожаловать)"
    Page.objects.filter(depth=2, title=WELCOME).update(title=welcome, draft_title=welcome)
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT)
    Group = apps.get_model("auth", "Group")
    for old, new in RENAMED_GROUPS.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    Group.objects.filter(name="Editors", user__isnull=True).delete()
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for old, new in APPROVAL.items():
        Workflow.objects.filter(name=old).update(name=new)
        Task.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_portal_settings_updated_at"),
        ("booking", "0010_staff_groups"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
