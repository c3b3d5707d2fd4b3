import datetime

from django.db import migrations
from django.utils import timezone

TASK = "booking.tasks.return_overdue_corrections"


def _next_ten_past_midnight():
    """00:10 in the office's time zone, the first minutes of the day after a deadline."""
    now = timezone.localtime()
    run = now.replace(hour=0, minute=10, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def create_schedule(apps, schema_editor):
    """R08: every morning, requests not corrected by their deadline are returned."""
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=TASK,
        defaults={
            "name": "Return requests not corrected in time",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": _next_ten_past_midnight(),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0011_workflow"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
