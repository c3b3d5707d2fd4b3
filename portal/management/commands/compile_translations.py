from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/*.po into .mo files with polib, so setting up needs no "
        "GNU gettext tools. Refuses catalogues with untranslated or fuzzy entries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-incomplete",
            action="store_true",
            help="Compile even if a catalogue has untranslated or fuzzy entries.",
        )

    def handle(self, *args, allow_incomplete=False, **options):
        problems = []
        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                untranslated = catalogue.untranslated_entries()
                fuzzy = catalogue.fuzzy_entries()
                if untranslated or fuzzy:
                    problems.append(
                        f"{po_path}: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy"
                    )
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        for problem in problems:
            self.stderr.write(problem)
        if problems and not allow_incomplete:
            raise CommandError("Every interface string must be translated in kk and ru.")
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
