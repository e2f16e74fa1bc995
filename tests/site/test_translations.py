"""
The site's own text in Chinese (Simplified), Malay and Tamil (locale/*/LC_MESSAGES): every
string `make messages` found is translated, keeps its placeholders, and is compiled.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [to_locale(code) for code, name in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalogue(locale):
    return polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))


def translations(entry):
    """An entry's translations: its one msgstr, or each plural form's."""
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_each_language_but_english_has_a_catalogue():
    assert TRANSLATED == ["zh_Hans", "ms", "ta"]
    for locale in TRANSLATED:
        assert (LOCALE / locale / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_string_is_translated(locale):
    untranslated = [
        entry.msgid
        for entry in catalogue(locale)
        if not entry.obsolete and not all(text.strip() for text in translations(entry))
    ]

    assert untranslated == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_no_translation_is_left_fuzzy(locale):
    po = catalogue(locale)

    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_translation_keeps_its_placeholders(locale):
    def placeholders(text):
        return set(PLACEHOLDER.findall(text))

    broken = [
        (entry.msgid, text)
        for entry in catalogue(locale)
        for text in translations(entry)
        if placeholders(text) != placeholders(entry.msgid + entry.msgid_plural)
    ]

    assert broken == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_compiled_catalogue_is_the_current_one(locale):
    """`make messages` compiles the .mo files; a .po edited without it fails here."""
    po = catalogue(locale)
    mo = polib.mofile(str(LOCALE / locale / "LC_MESSAGES" / "django.mo"))

    def entries(catalogue):
        return {
            (entry.msgid, entry.msgid_plural): tuple(translations(entry))
            for entry in catalogue
            if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
        }

    assert entries(mo) == entries(po)
