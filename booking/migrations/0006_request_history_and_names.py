"""A request's history says from which status to which, by what action, who acted and why; the
duplicate hash and the links to a request get names that say what they are."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_history(apps, schema_editor):
    RequestEvent = apps.get_model("booking", "RequestEvent")
    previous = {}
    for event in RequestEvent.objects.order_by("reception_request_id", "at", "pk"):
        before = previous.get(event.reception_request_id)
        if before is None:
            event.action, event.from_status = "register", ""
        elif event.to_status == "withdrawn":
            event.action, event.from_status = "withdraw", before
        else:
            event.action, event.from_status = "day_moved", before
        if event.actor_id:
            event.actor_role = "staff"
        elif event.action == "day_moved":
            event.actor_role = "system"
        else:
            event.actor_role = "applicant"
        event.save(update_fields=["action", "from_status", "actor_role"])
        previous[event.reception_request_id] = event.to_status


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0005_private_documents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("receptionrequest", "fingerprint", "duplicate_key"),
        migrations.RenameField("requestevent", "request", "reception_request"),
        migrations.RenameField("requestevent", "status", "to_status"),
        migrations.RenameField("requestattachment", "request", "reception_request"),
        migrations.AddField(
            model_name="requestevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("register", "Registered"),
                    ("withdraw", "Withdrawn by the applicant"),
                    ("day_moved", "Reception day moved"),
                ],
                default="register",
                max_length=30,
                verbose_name="action",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="requestevent",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("registered", "Registered"),
                    ("under_review", "Under review"),
                    ("scheduled", "Reception date set"),
                    ("refused", "Refused with reasons"),
                    ("not_considered", "Left without consideration"),
                    ("returned", "Returned"),
                    ("withdrawn", "Withdrawn by the applicant"),
                    ("received", "Received at the reception"),
                ],
                max_length=20,
                verbose_name="from",
            ),
        ),
        migrations.AddField(
            model_name="requestevent",
            name="actor_role",
            field=models.CharField(
                choices=[("staff", "Staff member"), ("applicant", "Applicant"), ("system", "System")],
                default="system",
                max_length=20,
                verbose_name="by",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="requestevent",
            name="note",
            field=models.CharField(blank=True, max_length=1000, verbose_name="internal note"),
        ),
        migrations.AlterModelOptions(
            name="requestevent",
            options={
                "ordering": ["at", "pk"],
                "verbose_name": "request history entry",
                "verbose_name_plural": "request history",
            },
        ),
        migrations.AlterField(
            model_name="requestevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="staff member",
            ),
        ),
        migrations.AlterField(
            model_name="requestevent",
            name="to_status",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("under_review", "Under review"),
                    ("scheduled", "Reception date set"),
                    ("refused", "Refused with reasons"),
                    ("not_considered", "Left without consideration"),
                    ("returned", "Returned"),
                    ("withdrawn", "Withdrawn by the applicant"),
                    ("received", "Received at the reception"),
                ],
                max_length=20,
                verbose_name="to",
            ),
        ),
        migrations.RunPython(fill_history, migrations.RunPython.noop),
    ]
