from django.db import migrations

TASK = "booking.tasks.extend_schedules"


def create_schedule(apps, schema_editor):
    """Rules create reception days up to the rolling horizon every night."""
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=TASK,
        defaults={"name": "Extend reception schedules", "schedule_type": "D", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0001_initial"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
