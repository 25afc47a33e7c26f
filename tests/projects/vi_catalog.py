"""A scratch Vietnamese catalog for tests: a PO file (this part's fragment) compiled in pure Python
into a folder that a test puts first in LOCALE_PATHS, so pages can be checked in Vietnamese
without the project-wide catalog or GNU gettext installed."""

from __future__ import annotations

import ast
import re
import struct
from pathlib import Path

FRAGMENT = Path(__file__).resolve().parents[2] / "locale" / "vi" / "fragments" / "i17c.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")


def po_entries(path: Path = FRAGMENT) -> list[dict]:
    """The entries of a PO file: dicts with msgctxt, msgid, msgid_plural, msgstr (a list: one
    string, or one per plural form), comments skipped."""
    entries, entry, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, None
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if key.startswith("msgstr"):
                entry["msgstr"][-1] += value
            else:
                entry[key] += value
            continue
        key, _, value = line.partition(" ")
        value = ast.literal_eval(value)
        if key.startswith("msgstr"):
            entry.setdefault("msgstr", []).append(value)
        else:
            entry[key] = value
    return entries


def compile_mo(entries: list[dict], target: Path) -> Path:
    """Write `entries` as a GNU .mo file (what msgfmt makes, without the hash table)."""
    catalog = {}
    for entry in entries:
        key = entry["msgid"]
        if "msgid_plural" in entry:
            key += "\0" + entry["msgid_plural"]
        if "msgctxt" in entry:
            key = entry["msgctxt"] + "\x04" + key
        catalog[key.encode()] = "\0".join(entry["msgstr"]).encode()
    keys = sorted(catalog)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(catalog[key])))
        ids += key + b"\0"
        strs += catalog[key] + b"\0"
    start = 7 * 4 + 16 * len(keys)
    key_table, value_table = [], []
    for key_offset, key_length, value_offset, value_length in offsets:
        key_table += [key_length, start + key_offset]
        value_table += [value_length, start + len(ids) + value_offset]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(
        header
        + struct.pack(f"{len(key_table)}i", *key_table)
        + struct.pack(f"{len(value_table)}i", *value_table)
        + ids
        + strs
    )
    return target


def install_scratch_catalog(folder: Path, path: Path = FRAGMENT) -> Path:
    """`folder`/vi/LC_MESSAGES/django.mo from the PO file at `path`; returns `folder`."""
    compile_mo(po_entries(path), folder / "vi" / "LC_MESSAGES" / "django.mo")
    return folder
