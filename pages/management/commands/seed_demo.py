from django.conf import settings
from django.core.management.base import BaseCommand

from pages import demo
from pages.models import HomePage


class Command(BaseCommand):
    help = "Load the bilingual demo content of a fictional region. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the local demo admin account.",
        )

    def handle(self, *args, no_admin=False, **options):
        home = demo.build_site()
        self.stdout.write(
            f"Demo site ready: {HomePage.objects.count()} home pages, "
            f"{home.get_descendants().count()} pages under the Kazakh home page."
        )
        if not no_admin and settings.DEBUG:
            created = demo.ensure_demo_admin()
            state = "created" if created else "exists"
            self.stdout.write(
                f"Demo admin account {state}: log in as admin / admin (local use only)."
            )
