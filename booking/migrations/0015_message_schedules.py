import datetime

from django.db import migrations
from django.utils import timezone

# Each task once, whatever runs this migration again: get_or_create by the task's path.
SCHEDULES = (
    # Retries, and messages whose task a stopped worker lost.
    ("booking.tasks.send_due_messages", "Send due messages", "I", 1, None),
    # The working day before: reminders to applicants, survey links (R28).
    ("booking.tasks.send_reminders", "Reminders and survey links", "D", None, (10, 0)),
    # Digests of close deadlines and the day's final lists to the officials' offices (R12).
    ("booking.tasks.send_staff_digests", "Deadline digests and final lists", "D", None, (8, 30)),
    # Personal data of requests finished longer ago than PORTAL_RETENTION_DAYS.
    ("booking.tasks.purge_personal_data", "Erase personal data after retention", "D", None, (2, 0)),
)


def _next(at):
    now = timezone.localtime()
    if at is None:
        return now
    run = now.replace(hour=at[0], minute=at[1], second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for func, name, schedule_type, minutes, at in SCHEDULES:
        Schedule.objects.get_or_create(
            func=func,
            defaults={
                "name": name,
                "schedule_type": schedule_type,
                "minutes": minutes,
                "repeats": -1,
                "next_run": _next(at),
            },
        )


def remove_schedules(apps, schema_editor):
    funcs = [func for func, *_rest in SCHEDULES]
    apps.get_model("django_q", "Schedule").objects.filter(func__in=funcs).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0014_outbox"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
