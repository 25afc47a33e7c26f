"""The lower apps in Vietnamese (issue 17, part B): with a catalog compiled from this part's
fragment (`locale/vi/fragments/i17b.po`), a Vietnamese user's approvals queue and the sign-in page
show none of the fragment's English strings, and an approval's notification is worded in its
recipient's language, not in that of the person who asked.

The catalog is compiled here, in Python, into a temporary LOCALE_PATHS: the merged catalog of
`locale/vi/LC_MESSAGES` is another part's work (and its own checks)."""

from __future__ import annotations

import ast
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from apps.notifications.models import Notification
from apps.users.models import Role
from tests.approvals.helpers import ask, by_role, by_user

pytestmark = pytest.mark.django_db(transaction=True)

FRAGMENT = Path(django_settings.BASE_DIR) / "locale" / "vi" / "fragments" / "i17b.po"


def read_po(path: Path) -> list[dict]:
    """The entries of a PO file: msgctxt, msgid, msgid_plural and msgstr (msgstr[0] for plurals)."""
    entries, entry, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            key = "msgstr" if key == "msgstr[0]" else key
            entry[key] = ast.literal_eval(value)
    return entries


def write_mo(entries: list[dict], path: Path) -> None:
    """A GNU .mo file (the format gettext reads) of the entries; like msgfmt, it leaves out the
    untranslated ones (an empty msgstr)."""
    catalog = {}
    for entry in entries:
        if not entry["msgstr"]:
            continue
        original = entry["msgid"]
        if "msgid_plural" in entry:
            original += "\0" + entry["msgid_plural"]
        if "msgctxt" in entry:
            original = entry["msgctxt"] + "\x04" + original
        catalog[original.encode()] = entry["msgstr"].encode()
    keys = sorted(catalog)
    originals_at = 28
    translations_at = originals_at + 8 * len(keys)
    data_at = translations_at + 8 * len(keys)
    table, data = [], b""
    for text in [*keys, *(catalog[key] for key in keys)]:
        table.append((len(text), data_at + len(data)))
        data += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), originals_at, translations_at, 0, data_at)
    path.parent.mkdir(parents=True)
    path.write_bytes(header + b"".join(struct.pack("<2I", *cell) for cell in table) + data)


class _Text(HTMLParser):
    """The text a reader sees: text nodes and the labels of attributes, each stripped."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []

    def handle_data(self, data):
        if data.strip():
            self.texts.append(" ".join(data.split()))

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "alt") and value:
                self.texts.append(value.strip())


def visible_texts(response) -> list[str]:
    parser = _Text()
    parser.feed(response.content.decode())
    return parser.texts


@pytest.fixture
def vietnamese(tmp_path, settings) -> dict[str, str]:
    """The fragment compiled into a temporary LOCALE_PATHS; returns the English strings whose
    translation differs (those must never show on a Vietnamese page)."""
    entries = read_po(FRAGMENT)  # with its header: the charset and Vietnamese's one plural form
    write_mo(entries, tmp_path / "vi" / "LC_MESSAGES" / "django.mo")
    settings.LOCALE_PATHS = [tmp_path]  # the setting_changed handler drops cached catalogs
    return {
        english: entry["msgstr"]
        for entry in entries
        for english in (entry["msgid"], entry.get("msgid_plural"))
        if english and entry["msgstr"] != english
    }


def english_left(texts: list[str], english: dict[str, str]) -> list[str]:
    """Texts of the page that are one of our English strings (placeholders read as anything)."""
    patterns = [
        re.compile("^" + re.sub(r"%\\\(\w+\\\)[sd]", ".+", re.escape(msgid)) + "$")
        for msgid in english
    ]
    return [text for text in texts if any(pattern.match(text) for pattern in patterns)]


def test_the_sign_in_page_is_vietnamese_for_a_vietnamese_browser(client, vietnamese):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi")

    texts = visible_texts(response)
    assert response.status_code == 200
    assert "Đăng nhập" in texts
    assert "Quên mật khẩu?" in texts
    assert english_left(texts, vietnamese) == []


def test_a_vietnamese_users_approvals_queue_is_vietnamese(client, vietnamese, team, project):
    engineer = team[Role.ENGINEERING]
    engineer.preferences = {"language": "vi"}
    engineer.save(update_fields=["preferences"])
    ask(team[Role.SALES], project, by_role(Role.ENGINEERING), title="Báo giá khung phanh")
    ask(
        team[Role.SALES], project, by_user(engineer), title="Chi phí", approval_type="cost_approval"
    )
    client.force_login(engineer)

    response = client.get(reverse("approvals:queue"))

    texts = visible_texts(response)
    assert response.status_code == 200
    for label in ("Phê duyệt", "Duyệt", "Từ chối", "Ủy quyền", "Lịch sử", "Chờ duyệt"):
        assert label in texts, label
    assert "2 phê duyệt" in texts  # a count: Vietnamese has one plural form
    assert "Duyệt báo giá" in response.content.decode()  # the approval's type
    assert english_left(texts, vietnamese) == []


def test_an_approval_is_announced_in_each_recipients_language(vietnamese, team, project):
    sales, engineer, chief = team[Role.SALES], team[Role.ENGINEERING], team["chief"]
    engineer.preferences = {"language": "vi"}
    engineer.save(update_fields=["preferences"])
    chief.preferences = {"language": "en"}
    chief.save(update_fields=["preferences"])

    ask(sales, project, by_user(engineer), title="Khung phanh")
    ask(sales, project, by_user(chief), title="Brake caliper", approval_type="cost_approval")

    assert Notification.objects.get(user=engineer).title == "Cần phê duyệt: Khung phanh"
    assert Notification.objects.get(user=chief).title == "Approval needed: Brake caliper"
