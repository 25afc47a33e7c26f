"""The committed Vietnamese catalog, for tests that read pages or notifications in Vietnamese: the
same .po that `make install` compiles (factorypulse/catalogs.py), compiled here too so a test run
without make reads the current translations."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from factorypulse import catalogs

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")


def compiled_locale_dir() -> Path:
    """The locale folder with its .mo files up to date (for `settings.LOCALE_PATHS`)."""
    catalogs.compile_catalogs()
    return catalogs.LOCALE_DIR


def vietnamese_entries() -> list[polib.POEntry]:
    return [
        entry
        for entry in polib.pofile(str(catalogs.catalog_path("vi")))
        if entry.msgid and not entry.obsolete
    ]


def english_to_vietnamese() -> dict[str, str]:
    """Our English strings whose Vietnamese differs, with that Vietnamese."""
    return {
        english: catalogs.translations(entry)[0]
        for entry in vietnamese_entries()
        if catalogs.is_translated(entry)
        for english in filter(None, (entry.msgid, entry.msgid_plural))
        if english not in catalogs.translations(entry)
    }
