"""The press office may add, edit and publish pages under every news index page, and nothing
else; news index pages made later get the same through ``pages.wagtail_hooks``."""

from django.db import migrations

from pages.permissions import grant_press_office


def grant(apps, schema_editor):
    news_index = apps.get_model("pages", "NewsIndexPage")
    for page_id in news_index.objects.values_list("pk", flat=True):
        grant_press_office(page_id, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_news_faq_reports_regulations"),
        ("booking", "0010_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
