"""What a page shows a reader, and which of it is English of our catalog: the page walk's tools."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import polib

from factorypulse import catalogs

SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
_COUNT = re.compile(r"%\((?:count|counter|number|total)\)[sd]|%d|\{count\}")


class VisibleText(HTMLParser):
    """The text nodes and shown attributes of an HTML page, whitespace collapsed; scripts,
    styles and comments are not shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden_depth = 0
        self.hx_loaded: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden_depth += 1
        values = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.pieces.append(" ".join(values[name].split()))
        # Parts of the page that load themselves as soon as it opens are part of what one sees.
        if values.get("hx-get") and "load" in (values.get("hx-trigger") or ""):
            self.hx_loaded.append(values["hx-get"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.hidden_depth:
            self.pieces.append(text)


def parse(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    return parser


class EnglishSources:
    """The catalog's English source strings whose Vietnamese differs (or is missing): seen on a
    Vietnamese page, each is a string left untranslated."""

    def __init__(self, catalog: polib.POFile):
        self.exact: set[str] = set()
        self.contained: list[str] = []
        self.patterns: list[tuple[str, re.Pattern]] = []
        for entry in catalog:
            if entry.obsolete:
                continue
            translated = catalogs.translations(entry) if catalogs.is_translated(entry) else []
            for english in filter(None, (entry.msgid, entry.msgid_plural)):
                if english in translated:
                    continue  # the same in both languages: a code, a name, "OK"
                self._add(" ".join(english.split()))

    def _add(self, english: str) -> None:
        if not re.search(r"[A-Za-z]{2}", _PLACEHOLDER.sub("", english)):
            return  # nothing English in it ("%(a)s · %(b)s")
        literal_letters = len(re.findall(r"[A-Za-z]", _PLACEHOLDER.sub("", english)))
        if _PLACEHOLDER.search(english) and literal_letters >= 5:
            # ("%(status)s by %(name)s" alone would match any sentence with "by" in it: a
            # pattern needs a few words of its own to say the text is ours.)
            pattern = ""
            for position, part in enumerate(re.split(f"({_PLACEHOLDER.pattern})", english)):
                if position % 2 == 0:
                    pattern += re.escape(part)
                elif _COUNT.fullmatch(part):
                    pattern += r"[\d.,]+"  # a count is a number, whatever the language
                else:
                    pattern += "(?:.+?)"
            self.patterns.append((english, re.compile(pattern, re.DOTALL)))
        elif len(english.split()) >= 4:
            # Inside a longer text only from four words on: a short phrase of ours ("from the
            # customer") also turns up in the factory's own texts ("Rev C from the customer
            # portal").
            self.contained.append(english)
        self.exact.add(english)

    def found_in(self, pieces: list[str]) -> set[str]:
        """The English source strings the pieces show: a piece that is one of them, holds one of
        four words or more, or matches one with its placeholders filled."""
        found = set()
        for piece in pieces:
            if piece in self.exact:
                found.add(piece)
            found.update(english for english in self.contained if english in piece)
            found.update(english for english, pattern in self.patterns if pattern.fullmatch(piece))
        return found
