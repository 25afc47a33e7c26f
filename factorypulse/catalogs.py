"""The translation catalogs: extract, fill from fragments, check and compile, with Python only.

`python -m factorypulse.catalogs compile` writes every `locale/*/LC_MESSAGES/*.mo` from its `.po`
(polib, no system gettext). `make install`, `make run` and `make test` run it, so a fresh machine
has compiled catalogs without installing anything. The `.mo` files are not committed: several
branches change the catalog at once, and binary files cannot be merged; the `.po` text can.

`python -m factorypulse.catalogs messages` (`make messages`) is what a developer or the lead runs
after adding strings or merging branches: Django's makemessages (GNU gettext's xgettext, needed
only here and in the catalog test) brings the catalog in line with the code, guesses marked fuzzy
are emptied rather than trusted, obsolete entries are dropped, empty translations are filled from
`locale/<lang>/fragments/*.po` (each branch writes its new translations there, so branches never
edit the same lines of the catalog), what is still untranslated is listed, and it compiles.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
LANGUAGES = ("vi",)
DOMAINS = ("django", "djangojs")
# What makemessages must not read: other people's code, tests (their strings are not shown to
# users), and collected or vendored static files. Folders starting with "." (.venv, .data) are
# skipped by makemessages itself.
IGNORED = ("tests/*", "staticfiles/*", "static/vendor/*", "node_modules/*", "docs/*", "bin/*")
# What the catalog test copies to extract the msgids of the code as it is.
SOURCE_PARTS = ("manage.py", "apps", "factorypulse", "templates", "static/js")
HEADER = {
    "Project-Id-Version": "Factory Pulse",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

_PYTHON_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[sdifr]")
_BRACE_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")


def catalog_path(language: str, domain: str = "django", suffix: str = "po") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.{suffix}"


def entry_key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def placeholders(text: str) -> list[str]:
    """The `%(name)s`, `%s` and `{name}` markers of a string, sorted: a translation must carry the
    same ones, or the page fails (a KeyError) or shows a raw marker."""
    python = [match.group(0) for match in _PYTHON_PLACEHOLDER.finditer(text)]
    python = [re.sub(r"[-#0 +]*\d*(?:\.\d+)?(?=[sdifrx]$)", "", mark) for mark in python]
    brace = [f"{{{name}}}" for name in _BRACE_PLACEHOLDER.findall(text)]
    return sorted(python + brace)


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    """A message per translation whose markers differ from its English source."""
    problems = []
    english = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    expected = placeholders(english[0])
    # A plural's singular may leave the count out ("one day"), the plural may not.
    allowed = {tuple(placeholders(text)) for text in english}
    for text in translations(entry):
        if not text:
            continue
        found = placeholders(text)
        if tuple(found) not in allowed:
            problems.append(f"{entry.msgid!r}: {expected} in English, {found} in {text!r}")
    return problems


@dataclass
class FillReport:
    filled: int = 0
    cleared_fuzzy: int = 0
    untranslated: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def fragment_translations(language: str) -> dict[tuple[str | None, str], polib.POEntry]:
    """Translated entries of `locale/<language>/fragments/*.po`, by context and msgid. When two
    fragments disagree the later file (by name) wins; `messages` reports the disagreement."""
    found: dict[tuple[str | None, str], polib.POEntry] = {}
    for path in sorted((LOCALE_DIR / language / "fragments").glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags or not is_translated(entry):
                continue
            found[entry_key(entry)] = entry
    return found


def fill_catalog(catalog: polib.POFile, fragments: dict) -> FillReport:
    """Clear fuzzy guesses, drop obsolete entries, fill empty translations from the fragments."""
    report = FillReport()
    for entry in list(catalog):
        if entry.obsolete:
            catalog.remove(entry)
    for entry in catalog:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            report.cleared_fuzzy += 1
        source = fragments.get(entry_key(entry))
        if source is None:
            pass
        elif not is_translated(entry):
            if entry.msgid_plural:
                entry.msgstr_plural = dict(source.msgstr_plural) or {0: source.msgstr}
            else:
                entry.msgstr = source.msgstr or source.msgstr_plural.get(0, "")
            report.filled += 1
        elif translations(entry) != translations(source):
            report.disagreements.append(entry.msgid)
        if not is_translated(entry):
            report.untranslated.append(entry.msgid)
    catalog.metadata.update(HEADER)
    catalog.metadata_is_fuzzy = False  # gettext ignores a fuzzy header, and its plural rule
    catalog.header = "Factory Pulse in Vietnamese. Edit msgstr here or in ../fragments/*.po."
    return report


def compile_catalogs(locale_dir: Path = LOCALE_DIR, *, force: bool = False) -> list[Path]:
    """Write each `.mo` whose `.po` is newer (or every one with `force`). Fuzzy and empty entries
    are left out, so an unfinished translation shows English rather than a guess."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def run_makemessages(root: Path, language: str, *, keep_catalog: bool = True) -> None:
    """Django's makemessages in `root` for both domains (one subprocess: it needs settings)."""
    python = sys.executable
    base = [python, "manage.py", "makemessages", "-l", language, "--no-location", "--no-obsolete"]
    base += [f"--ignore={pattern}" for pattern in IGNORED]
    for domain_args in (["-d", "django"], ["-d", "djangojs"]):
        subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [*base, *domain_args],
            cwd=root,
            check=True,
            capture_output=True,
        )


def copy_sources(destination: Path, source_root: Path = BASE_DIR) -> Path:
    """The parts of the code that hold strings, copied for an extraction that must not touch the
    real catalog."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "vendor")
    for part in SOURCE_PARTS:
        source = source_root / part
        target = destination / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, target)
    (destination / "locale").mkdir(exist_ok=True)
    return destination


def extracted_entries(source_root: Path, language: str = "vi") -> dict[str, list[polib.POEntry]]:
    """The msgids the code holds now, by domain: makemessages run on a copy of it."""
    result: dict[str, list[polib.POEntry]] = {}
    with tempfile.TemporaryDirectory(prefix="fp-catalog-") as work:
        root = copy_sources(Path(work), source_root)
        run_makemessages(root, language)
        for domain in DOMAINS:
            path = root / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            result[domain] = [entry for entry in polib.pofile(str(path))] if path.exists() else []
    return result


def missing_translations(
    extracted: Iterable[polib.POEntry], catalog: polib.POFile | None
) -> list[str]:
    """Extracted msgids that the committed catalog does not translate."""
    known = {entry_key(entry): entry for entry in catalog or [] if not entry.obsolete}
    missing = []
    for entry in extracted:
        translated = known.get(entry_key(entry))
        if translated is None or not is_translated(translated) or "fuzzy" in translated.flags:
            missing.append(entry.msgid)
    return missing


def command_messages() -> int:
    for language in LANGUAGES:
        run_makemessages(BASE_DIR, language)
        fragments = fragment_translations(language)
        for domain in DOMAINS:
            path = catalog_path(language, domain)
            if not path.exists():
                continue
            catalog = polib.pofile(str(path), wrapwidth=100)
            report = fill_catalog(catalog, fragments)
            catalog.save(str(path))
            print(
                f"{language}/{domain}: {len(catalog)} msgids, {report.filled} filled from "
                f"fragments, {report.cleared_fuzzy} fuzzy guesses cleared, "
                f"{len(report.untranslated)} untranslated"
            )
            for msgid in report.disagreements:
                print(f"  catalog and a fragment disagree (catalog kept): {msgid!r}")
            for msgid in report.untranslated:
                print(f"  untranslated: {msgid!r}")
    for path in compile_catalogs(force=True):
        print(f"compiled {path.relative_to(BASE_DIR)}")
    return 0


def command_compile() -> int:
    compile_catalogs()
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    commands = {"messages": command_messages, "compile": command_compile}
    if len(arguments) != 1 or arguments[0] not in commands:
        print("usage: python -m factorypulse.catalogs {messages|compile}", file=sys.stderr)
        return 2
    return commands[arguments[0]]()


if __name__ == "__main__":
    sys.exit(main())
