"""Build the site search index from rendered page HTML.

The index is one compact JSON file, fetched by the browser on the first search only
(see ``generator/theme/assets/search/search.js``).  It holds, for every page, its URL, its
title and its sections (anchor, heading, text), with the text kept as the reader saw
it (Thai digits and all) so that result snippets can be cut from it.

Thai is written without spaces, so we mark word boundaries found by PyThaiNLP's
``newmm`` segmenter (with its word list loaded fast: ``segmenter.py``) with U+200B ZERO WIDTH SPACE inside Thai runs.  The browser
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
from pathlib import Path

from .. import buildcache, thai
from .segmenter import segmenter_version, thai_word_list

ZWSP = "\u200b"
INDEX_VERSION = 2
ROW_START, ROW_END = "\x1e", "\x1f"  # table-row marks inside a section's parts
ROW_LABEL_MAX = 90

_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")  # Thai letters and marks (not Thai digits)
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
    text = text.translate(thai.ZERO_WIDTH_TABLE)
    return _SPACES.sub(" ", text)


class _SegmentedRuns:
    """The runs of Thai already cut into words, as U+200B-joined text: cutting is most of the
    indexing time, and the same runs come back in every build (and in every organisation's
    site), so the runs are kept in the build cache (generator/buildcache.py) between processes
    and loaded once per process. The key names the segmenter's version: a new PyThaiNLP or a
    new segmenter module never reads old cuts back."""

    KIND = "search-words"
    MAX_RUNS = 500_000  # beyond this the stored runs start afresh rather than grow for ever

    def __init__(self) -> None:
        self.runs: dict[str, str] | None = None
        self.added = 0

    def cut(self, run: str) -> str:
        runs = self.runs if self.runs is not None else self._load()
        words = runs.get(run)
        if words is None:
            words = runs[run] = ZWSP.join(thai_word_list(run))
            self.added += 1
        return words

    def _load(self) -> dict[str, str]:
        stored = buildcache.read_json(self.KIND, segmenter_version())
        usable = isinstance(stored, dict) and all(isinstance(words, str) for words in stored.values())
        self.runs = stored if usable else {}
        return self.runs

    def save(self) -> None:
        """Store the runs cut by this process for the next one (when there are new ones)."""
        if not self.added or self.runs is None:
            return
        stored = buildcache.read_json(self.KIND, segmenter_version())  # another process's runs too
        merged = {**stored, **self.runs} if isinstance(stored, dict) and len(stored) < self.MAX_RUNS else self.runs
        buildcache.write_json(self.KIND, segmenter_version(), merged)
        self.added = 0


_segmented = _SegmentedRuns()


def mark_thai_words(text: str) -> str:
    """Insert U+200B between the Thai words of every Thai run of ``text``."""
    return _THAI_RUN.sub(lambda m: _segmented.cut(m.group(0)) if len(m.group(0)) > 1 else m.group(0), text)


def save_word_boundaries() -> None:
    """Keep the Thai runs this process has cut in the build cache for the next build
    (``dump_index`` calls it: the index is written once per build)."""
    _segmented.save()


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


PAGES_KIND = "search-pages"


def page_entry(url: str, title: str, html: str, boost: float = 1.0, part: str = "", site: str = "") -> dict:
    """One page of the index: ``{"u", "t", "p", "s": [[anchor, heading, text, rows?], ...]}``.

    ``title`` is plain text (not HTML); ``part`` names the part of the site the page
    belongs to (``แผนป้องกันการทุจริต › มิติที่ 1 …``); ``rows`` are the table rows
    of a section as ``[first line, last line, label]``.

    The entry of a page whose content, title, boost and part are those of the last build is
    read back from the build cache (generator/buildcache.py) rather than parsed again: one
    small file per URL of each `site` (a name for the site: the folder of its generated pages,
    as the sites of a portal share one cache), which holds a digest of what the entry was made
    from."""
    if buildcache.folder() is None:
        return _page_entry(url, title, html, boost, part)
    key = buildcache.key_of(_indexer_version(), site, url)
    digest = buildcache.key_of(json.dumps([url, title, boost, part, html], ensure_ascii=False))
    stored = buildcache.read_json(PAGES_KIND, key)
    if isinstance(stored, dict) and stored.get("digest") == digest and isinstance(stored.get("entry"), dict):
        return stored["entry"]
    entry = _page_entry(url, title, html, boost, part)
    buildcache.write_json(PAGES_KIND, key, {"digest": digest, "entry": entry})
    return entry


@lru_cache(maxsize=1)
def _indexer_version() -> str:
    """Changes whenever an entry could come out differently: this module and the segmenter."""
    return buildcache.key_of(segmenter_version(), Path(__file__).read_bytes().hex())


def _page_entry(url: str, title: str, html: str, boost: float, part: str) -> dict:
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
    save_word_boundaries()
    data: dict = {"v": INDEX_VERSION, "pages": pages}
    if thesaurus:
        data["th"] = thesaurus
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
