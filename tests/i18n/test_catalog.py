"""The Vietnamese catalog against the code: every msgid the code holds now (extracted by
makemessages from a copy of the sources, so the committed catalog cannot hide a new string) has a
Vietnamese translation, none fuzzy, with the same placeholders as its English."""

import gettext
import shutil
from pathlib import Path

import polib
import pytest

from factorypulse import catalogs

LANGUAGE = "vi"


def committed(domain="django"):
    path = catalogs.catalog_path(LANGUAGE, domain)
    return polib.pofile(str(path)) if path.exists() else None


@pytest.fixture(scope="module")
def extracted():
    return catalogs.extracted_entries(catalogs.BASE_DIR, LANGUAGE)


@pytest.mark.parametrize("domain", catalogs.DOMAINS)
def test_every_string_of_the_code_has_a_vietnamese_translation(extracted, domain):
    missing = catalogs.missing_translations(extracted[domain], committed(domain))

    assert not missing, (
        f"{len(missing)} msgids of the code have no Vietnamese translation in {domain}.po "
        "(run `make messages`, then translate them there or in locale/vi/fragments/):\n"
        + "\n".join(f"  {msgid!r}" for msgid in missing)
    )


@pytest.mark.parametrize("domain", catalogs.DOMAINS)
def test_no_translation_is_fuzzy_and_every_placeholder_is_kept(domain):
    catalog = committed(domain)
    entries = [entry for entry in catalog or [] if not entry.obsolete]

    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    problems = [problem for entry in entries for problem in catalogs.placeholder_problems(entry)]

    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_a_new_english_string_without_translation_is_caught(tmp_path):
    """The check above on a copy of the code with one string added that nobody translated."""
    catalogs.copy_sources(tmp_path)
    (tmp_path / "apps" / "core" / "untranslated_probe.py").write_text(
        "from django.utils.translation import gettext\n\n"
        "PROBE = gettext('A sentence added without its Vietnamese')\n"
    )
    template = tmp_path / "templates" / "untranslated_probe.html"
    template.write_text('{% load i18n %}{% translate "A label nobody translated" %}\n')

    extracted = catalogs.extracted_entries(tmp_path, LANGUAGE)
    missing = catalogs.missing_translations(extracted["django"], committed())

    assert "A sentence added without its Vietnamese" in missing
    assert "A label nobody translated" in missing
    assert "My settings" not in missing  # translated in the committed catalog


def test_the_check_refuses_a_changed_placeholder_and_a_fuzzy_entry():
    renamed = polib.POEntry(msgid="Due %(when)s", msgstr="Hạn %(khi)s", flags=["python-format"])
    dropped = polib.POEntry(msgid="{count} files", msgstr="tệp", flags=["brace-format"])
    kept = polib.POEntry(
        msgid="%(count)d day ago",
        msgid_plural="%(count)d days ago",
        msgstr_plural={0: "%(count)d ngày trước"},
        flags=["python-format"],
    )
    fuzzy = polib.POEntry(msgid="Save", msgstr="Lưu", flags=["fuzzy"])

    assert catalogs.placeholder_problems(renamed)
    assert catalogs.placeholder_problems(dropped)
    assert catalogs.placeholder_problems(kept) == []
    assert catalogs.missing_translations([fuzzy], [fuzzy]) == ["Save"]


def fragment(path: Path, entries) -> None:
    po = polib.POFile()
    po.extend(entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def test_messages_clears_fuzzy_guesses_drops_obsolete_and_fills_from_fragments(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    fragment(
        tmp_path / "vi" / "fragments" / "i17b.po",
        [
            polib.POEntry(msgid="Approvals", msgstr="Phê duyệt"),
            polib.POEntry(msgid="Quality control", msgstr="Kiểm soát chất lượng"),
            polib.POEntry(msgid="Not sure", msgstr="Không chắc", flags=["fuzzy"]),
        ],
    )
    catalog = polib.POFile()
    catalog.extend(
        [
            polib.POEntry(msgid="Approvals", msgstr=""),
            polib.POEntry(msgid="Quality control", msgstr="Chất lượng", flags=["fuzzy"]),
            polib.POEntry(msgid="Not sure", msgstr=""),
            polib.POEntry(msgid="Gone", msgstr="Đã bỏ", obsolete=True),
        ]
    )

    report = catalogs.fill_catalog(catalog, catalogs.fragment_translations("vi"))

    by_msgid = {entry.msgid: entry for entry in catalog}
    assert by_msgid["Approvals"].msgstr == "Phê duyệt"
    assert by_msgid["Quality control"].msgstr == "Kiểm soát chất lượng"
    assert "fuzzy" not in by_msgid["Quality control"].flags
    assert "Gone" not in by_msgid
    assert report.untranslated == ["Not sure"]
    assert (report.filled, report.cleared_fuzzy) == (2, 1)
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_the_compiled_catalog_is_the_committed_po(tmp_path):
    """What `make install` builds with polib is what gettext reads: every translation of the
    committed catalog comes out of the compiled one."""
    target = tmp_path / LANGUAGE / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(catalogs.catalog_path(LANGUAGE), target / "django.po")

    written = catalogs.compile_catalogs(tmp_path, force=True)
    with (target / "django.mo").open("rb") as compiled:
        translation = gettext.GNUTranslations(compiled)

    assert written == [target / "django.mo"]
    translated = [entry for entry in committed() if catalogs.is_translated(entry)]
    assert translated
    for entry in translated:
        if entry.msgid_plural:
            assert (
                translation.ngettext(entry.msgid, entry.msgid_plural, 5) == (entry.msgstr_plural[0])
            )
        elif entry.msgctxt:
            assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid
