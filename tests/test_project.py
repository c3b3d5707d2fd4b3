"""Project hygiene that CI checks with the suite: system checks, migrations, catalogues."""

import re
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_system_checks_pass():
    call_command("check", "--fail-level", "WARNING", stdout=StringIO())


def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_interface_catalogue_is_complete(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata["Language"] == language
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert len(catalogue.translated_entries()) > 50


def test_the_readmes_layout_table_names_every_module():
    """The README's layout table matches the tree: every module of the apps is named in it."""
    root = Path(__file__).resolve().parent.parent
    table = (root / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[1]
    table = table.split("\n## ", 1)[0]
    named = set(re.findall(r"`([\w/.]+)`", table))
    missing = []
    for package in ("booking", "pages", "portal"):
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "migrations" in relative or path.name == "__init__.py" or path.name == "apps.py":
                continue
            if relative not in named and not any(
                name.endswith("/") and relative.startswith(name) for name in named
            ):
                missing.append(relative)
    assert missing == []
