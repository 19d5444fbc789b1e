"""The portal's own interface catalogues (locale/): complete, consistent with the code's
placeholders, and compiled (the .mo files Django reads are committed, so a fresh clone serves
every language without gettext installed; `make messages` extracts and compiles them)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
# %(name)s, %s, %d and {name}: what formatting fills in, so a translation must keep each one.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


def test_there_is_a_catalogue_for_every_language_but_english():
    languages = {code for code, _name in settings.LANGUAGES} - {"en"}
    assert {path.parts[-3] for path in CATALOGUES} >= languages
    assert {"fr", "es", "ar"} <= {path.parts[-3] for path in CATALOGUES}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))
    assert not catalogue.metadata_is_fuzzy
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []
    assert catalogue.percent_translated() == 100


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_translations_keep_the_placeholders(path):
    wrong = []
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            wanted = _placeholders(entry.msgid_plural)
            # A form may spell its number out ("un document", "وثيقتان") instead of using it.
            for form in entry.msgstr_plural.values():
                if not set(_placeholders(form)) <= set(wanted) or (
                    set(wanted) - set(_placeholders(form)) - {"%d", "%(count)d", "%(counter)s"}
                ):
                    wrong.append((entry.msgid, form))
        elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []


def _entries(catalogue):
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr_plural or entry.msgstr
        for entry in catalogue.translated_entries()
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_the_compiled_catalogue_matches_its_source(path):
    source = _entries(polib.pofile(str(path)))
    compiled = _entries(polib.mofile(str(path.with_suffix(".mo"))))
    assert compiled == source, "run `make messages` to compile the catalogues"
