"""Build the site search index from rendered page HTML.

The index is one compact JSON file, fetched by the browser on the first search only
(see ``generator/theme/assets/search/search.js``).  It holds, for every page, its URL, its
title and its sections (anchor, heading, text), with the text kept as the reader saw
it (Thai digits and all) so that result snippets can be cut from it.

Thai is written without spaces, so we mark word boundaries found by PyThaiNLP's
``newmm`` segmenter with U+200B ZERO WIDTH SPACE inside Thai runs.  The browser
uses those marks only to *rank* (a whole-word hit beats a hit inside a longer
word); it *matches* by substring, so a word inside a compound is still found
(ทุจริต in การทุจริต, โปร่งใส in ความโปร่งใส) and the query never has to be
segmented the same way as the text.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

ZWSP = "\u200b"
INDEX_VERSION = 2
ROW_START, ROW_END = "\x1e", "\x1f"  # table-row marks inside a section's parts
ROW_LABEL_MAX = 90

_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")  # Thai letters and marks (not Thai digits)
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Elements whose text is never indexed.
_SKIP = {"script", "style", "svg", "template", "noscript", "button", "select"}
# Elements that end a run of text: their text is never glued to the next one.
_BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody",
          "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "section",
          "article", "aside", "details", "summary", "figure", "figcaption", "br", "hr",
          "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav", "main", "form",
          "fieldset", "legend", "img"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def clean_text(text: str) -> str:
    """NFC, invisible characters removed, runs of spaces collapsed (newlines kept)."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text)


@lru_cache(maxsize=65536)
def _segment_run(run: str) -> str:
    from pythainlp.tokenize import word_tokenize

    words = [w for w in word_tokenize(run, engine="newmm", keep_whitespace=False) if w]
    return ZWSP.join(words)


def mark_thai_words(text: str) -> str:
    """Insert U+200B between the Thai words of every Thai run of ``text``."""
    return _THAI_RUN.sub(lambda m: _segment_run(m.group(0)) if len(m.group(0)) > 1 else m.group(0), text)


@dataclass
class Section:
    anchor: str
    heading: str
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return self.lines_and_rows()[0]

    def lines_and_rows(self) -> tuple[str, list[list]]:
        """The text (one line per block or cell) and its table rows as
        ``[first line, last line, label]``, so that a result can name the row
        (measure, item, project) in which a word was found."""
        lines: list[str] = []
        rows: list[list] = []
        start = None
        for raw in "".join(self.parts).split("\n"):
            if ROW_START in raw:
                start = len(lines)
            ended = ROW_END in raw
            line = raw.replace(ROW_START, "").replace(ROW_END, "").strip()
            if line:
                lines.append(line)
            if ended and start is not None:
                # rows of three cells or more (a key/value row names itself)
                if len(lines) - start >= 3:
                    rows.append([start, len(lines) - 1, _row_label(lines[start:])])
                start = None
        return "\n".join(lines), rows


def _row_label(cells: list[str]) -> str:
    """A row's name: its first cell, with the second when the first is only a
    number or a code (``1``, ``O12``)."""
    label = cells[0]
    if len(label) <= 4 and len(cells) > 1:
        label = f"{label} {cells[1]}"
    label = " ".join(clean_text(label).split())
    return label if len(label) <= ROW_LABEL_MAX else label[:ROW_LABEL_MAX - 1].rstrip() + "…"


class _ContentParser(HTMLParser):
    """Split Material/MkDocs page content at headings that carry an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", "")]
        self.h1: str | None = None
        self._skip = 0
        self._heading: tuple[str, str | None, list[str]] | None = None
        self._headerlink = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _SKIP:
            self._skip += 1
            return
        if self._skip:
            return
        cls = (a.get("class") or "").split()
        if tag == "a" and "headerlink" in cls:
            self._headerlink += 1
            return
        if tag in _HEADINGS:
            self._heading = (tag, a.get("id"), [])
            return
        if tag == "tr":
            self._emit("\n" + ROW_START)
        if tag in _BLOCK:
            self._emit("\n")
        elif tag in ("td", "th"):
            self._emit(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag == "a" and self._headerlink:
            self._headerlink -= 1
            return
        if tag in _HEADINGS and self._heading and self._heading[0] == tag:
            _, hid, parts = self._heading
            self._heading = None
            text = " ".join(clean_text("".join(parts)).split())
            if tag == "h1" and self.h1 is None:
                self.h1 = text
            elif hid and tag != "h1":
                self.sections.append(Section(hid, text))
            elif text:
                self._emit("\n" + text + "\n")
            return
        if tag == "tr":
            self._emit(ROW_END + "\n")
        if tag in _BLOCK:
            self._emit("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr", "img"):
            self._emit("\n")

    def handle_data(self, data):
        if self._skip or self._headerlink:
            return
        if self._heading is not None:
            self._heading[2].append(data)
        else:
            self._emit(data.replace("\n", " "))

    def _emit(self, s: str) -> None:
        self.sections[-1].parts.append(s)


def page_entry(url: str, title: str, html: str, boost: float = 1.0, part: str = "") -> dict:
    """One page of the index: ``{"u", "t", "p", "s": [[anchor, heading, text, rows?], ...]}``.

    ``title`` is plain text (not HTML); ``part`` names the part of the site the page
    belongs to (``แผนป้องกันการทุจริต › มิติที่ 1 …``); ``rows`` are the table rows
    of a section as ``[first line, last line, label]``."""
    p = _ContentParser()
    p.feed(html)
    p.close()
    title = " ".join(clean_text(title or p.h1 or "").split())
    sections = []
    for i, sec in enumerate(p.sections):
        text, rows = sec.lines_and_rows()
        text = clean_text(text)
        if i == 0 and not text and len(p.sections) > 1:
            continue
        entry_sec = [sec.anchor, mark_thai_words(sec.heading), mark_thai_words(text)]
        if rows:
            entry_sec.append(rows)
        sections.append(entry_sec)
    entry = {"u": url, "t": mark_thai_words(title), "s": sections}
    if part:
        entry["p"] = " ".join(clean_text(part).split())
    if boost and boost != 1.0:
        entry["b"] = round(float(boost), 3)
    return entry


def dump_index(pages: list[dict], thesaurus: list[list] | None = None) -> str:
    data: dict = {"v": INDEX_VERSION, "pages": pages}
    if thesaurus:
        data["th"] = thesaurus
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
