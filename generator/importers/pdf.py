"""Read a PDF with a text layer into the importers' text shape.

The text parsers read one line per paragraph and one tab-separated line per
table row (a cell's paragraphs as <p>…</p>), with a blank line where the
document leaves one. A PDF has none of that: it has glyphs at positions and
ruling lines. This module rebuilds the shape from the page geometry:

- text from pdfminer.six, honouring /ActualText: browsers and LibreOffice draw
  a Thai cluster such as ดำ or ที่ with substituted glyphs that have no Unicode
  of their own and put the real text in /ActualText; without it marks are lost
  ("ที " for ที่) or doubled ("ดำา");
- Thai put right: ํ+า → ำ, tone marks after the vowel above, the private-use
  glyphs of old Thai fonts mapped back to ordinary characters;
- tables from the ruling lines: columns are the vertical lines, rows the
  horizontal ones, a cell without its vertical line spans columns;
- running text and cells: a line is the wrapped rest of the line above when its
  first word would not have fitted in the room left there (the room a centred
  line had is the column's width less its own; Thai words told with PyThaiNLP's
  dictionary where the printer breaks lines between Thai words, the whole run of
  text up to the next space where it breaks only at spaces, as fpdf2 and
  ReportLab do); a blank line where the gap is wider than a line; pages
  separated by a blank line; a table row cut by a page break put back together;
- running headers, footers and page numbers (the same text at the top or bottom
  of most pages) dropped.

A PDF without a text layer (a scan) is refused with a Thai message that says
how to add one with OCR.
"""

from __future__ import annotations

import bisect
import dataclasses
import io
import math
import re
import subprocess
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problems
from .common import MAX_INPUT_BYTES, SourceText, is_page_number, is_thai_letter, join_text, read_source, squash

MAX_PAGES = 600
_COMBINING = set(chr(c) for c in [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_UPPER_LOWER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"
# The private-use glyphs of Thai fonts made for Windows before OpenType (shifted marks,
# consonants without their tail), as text extraction finds them.
_PUA = {0xF700: "\u0e10", 0xF701: "\u0e34", 0xF702: "\u0e35", 0xF703: "\u0e36", 0xF704: "\u0e37",
        0xF705: "\u0e48", 0xF706: "\u0e49", 0xF707: "\u0e4a", 0xF708: "\u0e4b", 0xF709: "\u0e4c",
        0xF70A: "\u0e48", 0xF70B: "\u0e49", 0xF70C: "\u0e4a", 0xF70D: "\u0e4b", 0xF70E: "\u0e4c",
        0xF70F: "\u0e0d", 0xF710: "\u0e31", 0xF711: "\u0e4d", 0xF712: "\u0e47", 0xF713: "\u0e48",
        0xF714: "\u0e49", 0xF715: "\u0e4a", 0xF716: "\u0e4b", 0xF717: "\u0e4c", 0xF718: "\u0e38",
        0xF719: "\u0e39", 0xF71A: "\u0e3a"}
_LIST_START = re.compile(r"^\s*(?:[-–•●▪*]|\(?[\d๐-๙]{1,2}(?:\.[\d๐-๙]{1,2})*\s*[.)](?![\d๐-๙])"
                         r"|(?:1?[\d]|๑?[๐-๙])\.[\d๐-๙]{1,2}\s)")    # '2.1 …', not a figure such as '87.50 คะแนน'


def normalise_thai(text: str) -> str:
    """Thai as a keyboard would have typed it, from the glyph text of a PDF."""
    text = text.translate(_PUA).replace("\x00", "")
    text = re.sub(r"\(cid:\d+\)", "", text)
    # SARA AM drawn as NIKHAHIT + SARA AA (a tone mark may sit between them), or doubled
    text = re.sub(f"\u0e4d([{_TONES}]?)\u0e32", "\\1\u0e33", text)
    text = re.sub(f"([{_TONES}]?)\u0e33\u0e32", "\\1\u0e33", text)
    # a tone mark is typed after the vowel above or below the same consonant
    text = re.sub(f"([{_TONES}])([{_UPPER_LOWER_VOWELS}])", r"\2\1", text)
    return text


# --- glyphs and rules of one page ---------------------------------------------------------------

@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Segment:
    """A ruling line: horizontal (at y, from a to b) or vertical (at x, from a to b)."""
    at: float
    a: float
    b: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    horizontal: list[Segment] = field(default_factory=list)
    vertical: list[Segment] = field(default_factory=list)
    unmapped: int = 0
    open_cuts: bool = False     # a row cut by a page break goes on without a rule above it (browsers)
    producer: str = ""          # the program that made the PDF
    wrapping: Wrapping = field(default_factory=lambda: Wrapping())


@dataclass
class Wrapping:
    """How the document's printer wraps lines, as its glyphs show it (the same on every page)."""
    space_em: float = 0.3           # the width of a space, in font sizes
    draws_wrap_spaces: bool = False  # the space a line was wrapped at is drawn at the line's end
    breaks_inside_thai: bool = True  # it cuts a line between Thai words where no space is (a dictionary)


@dataclass(frozen=True)
class Column:
    """Where the lines of a column of text (the page's, or a table cell's) start and end."""
    left: float
    right: float

    @property
    def width(self) -> float:
        return self.right - self.left


def _device_class():
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    class ActualTextAggregator(PDFPageAggregator):
        """Collects glyphs as they are drawn; a marked span with /ActualText replaces the
        text of the glyphs drawn inside it (the first glyph carries it, the others none)."""

        unmapped = 0

        def begin_tag(self, tag, props=None):
            actual = None
            try:
                if isinstance(props, dict) and "ActualText" in props:
                    value = resolve1(props["ActualText"])
                    actual = decode_text(value) if isinstance(value, bytes) else str(value)
            except Exception:   # a damaged property list: keep the glyphs' own text
                actual = None
            self._spans = getattr(self, "_spans", [])
            self._spans.append((actual, self.cur_item, len(self.cur_item._objs)))

        def end_tag(self):
            spans = getattr(self, "_spans", [])
            if not spans:
                return
            actual, container, start = spans.pop()
            if actual is None or container is not self.cur_item:
                return
            chars = [o for o in container._objs[start:] if isinstance(o, LTChar)]
            if chars:
                chars[0]._text = actual
                # the replaced text covers all the span's glyphs
                chars[0].set_bbox((chars[0].x0, min(c.y0 for c in chars), max(c.x1 for c in chars),
                                   max(c.y1 for c in chars)))
                for char in chars[1:]:
                    char._text = ""

        def handle_undefined_char(self, font, cid):
            self.unmapped += 1
            return ""

    return ActualTextAggregator


def _read_pages(raw: bytes, shown: str, problems: Problems) -> list[Page] | None:
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTLine, LTRect
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(raw)))
    except (PDFEncryptionError, PDFPasswordIncorrect):
        problems.error(shown, None, "-", "PDF นี้ถูกเข้ารหัสหรือตั้งรหัสผ่านไว้ ให้เปิดแล้วพิมพ์/บันทึกเป็น PDF ใหม่ที่ไม่มีรหัสผ่าน")
        return None
    except Exception:
        problems.error(shown, None, "-", "อ่านไฟล์ PDF ไม่ได้ (ไฟล์เสียหรือไม่ใช่ PDF) ให้บันทึกเป็น PDF ใหม่ หรือบันทึกเป็น .docx")
        return None
    producer = _producer(document)
    open_cuts = _browser_made(producer)
    manager = PDFResourceManager(caching=True)
    device_class = _device_class()
    pages: list[Page] = []
    try:
        for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
            if number > MAX_PAGES:
                problems.error(shown, None, "-", f"PDF มีมากกว่า {MAX_PAGES} หน้า ให้แยกเฉพาะส่วนของเอกสารที่จะนำเข้า")
                return None
            device = device_class(manager, pageno=number, laparams=None)
            PDFPageInterpreter(manager, device).process_page(pdf_page)
            layout = device.get_result()
            page = Page(number, layout.width, layout.height, unmapped=device.unmapped, open_cuts=open_cuts,
                        producer=producer)
            _collect(layout, page, LTChar, (LTRect, LTLine, LTCurve), LTFigure)
            pages.append(page)
    except Exception:
        problems.error(shown, None, "-", f"อ่าน PDF ได้ถึงหน้า {len(pages)} แล้วพบส่วนที่เสีย ให้บันทึกเป็น PDF ใหม่ หรือบันทึกเป็น .docx")
        return None
    return pages


def _producer(document) -> str:
    """The program that made the PDF, as its document information names it ('' if unnamed)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in getattr(document, "info", None) or []:
        try:
            producer = resolve1(info.get("Producer")) if isinstance(info, dict) else None
            text = decode_text(producer) if isinstance(producer, bytes) else str(producer or "")
        except Exception:
            continue
        if text:
            return text
    return ""


def _browser_made(producer: str) -> bool:
    """Browsers (Chromium's Skia, Firefox) leave a row cut by a page break open at the top of the
    next page; word processors draw its rule again, so there a cut row is told by its empty first cell."""
    return bool(re.search(r"Skia|Chrom|Mozilla|Firefox|cairo|Qt", producer, re.I))


def _collect(container, page: Page, char_type, rule_types, figure_type) -> None:
    height = page.height
    for obj in container:
        if isinstance(obj, figure_type):
            _collect(obj, page, char_type, rule_types, figure_type)
        elif isinstance(obj, char_type):
            text = obj.get_text()
            if text:
                page.glyphs.append(Glyph(text, obj.x0, obj.x1, height - obj.y1, height - obj.y0, obj.size))
        elif isinstance(obj, rule_types):
            _add_rule(obj, page)


def _add_rule(obj, page: Page) -> None:
    """Thin rectangles and lines are table rules; a stroked rectangle gives its four sides."""
    x0, x1 = obj.x0, obj.x1
    top, bottom = page.height - obj.y1, page.height - obj.y0
    width, height = x1 - x0, bottom - top
    if height <= 2.5 and width > 2.5:
        page.horizontal.append(Segment((top + bottom) / 2, x0, x1))
    elif width <= 2.5 and height > 2.5:
        page.vertical.append(Segment((x0 + x1) / 2, top, bottom))
    elif width > 2.5 and height > 2.5 and getattr(obj, "stroke", False) and type(obj).__name__ == "LTRect":
        page.horizontal += [Segment(top, x0, x1), Segment(bottom, x0, x1)]
        page.vertical += [Segment(x0, top, bottom), Segment(x1, top, bottom)]


# --- clusters and lines of glyphs --------------------------------------------------------------

@dataclass
class Cluster:
    """A base glyph with the marks drawn after it: the unit that is placed and ordered."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _clusters(glyphs: list[Glyph]) -> list[Cluster]:
    found: list[Cluster] = []
    for g in glyphs:
        if found and (g.text[0] in _COMBINING or g.x1 - g.x0 < 0.05 and g.text.strip()) \
                and abs(g.top - found[-1].top) < found[-1].size:
            found[-1].text += g.text
            continue
        if g.x1 - g.x0 < 0.05 and g.text.strip():
            continue    # marks without their consonant: what a page break cut off the next line
        found.append(Cluster(g.text, g.x0, g.x1, g.top, g.bottom, g.size))
    return found


@dataclass
class Line:
    clusters: list[Cluster]

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.clusters)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.clusters if c.text.strip()) if self.text else self.x0

    @property
    def top(self) -> float:
        return min(c.top for c in self.clusters)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.clusters)

    @property
    def size(self) -> float:
        return statistics.median(c.size for c in self.clusters)

    @property
    def text(self) -> str:
        ordered = sorted(self.clusters, key=lambda c: c.x0)
        parts: list[str] = []
        previous = None
        for c in ordered:
            if previous is not None and c.x0 - previous.x1 > 0.22 * c.size and not c.text.startswith(" ") \
                    and not parts[-1].endswith(" "):
                parts.append(" ")
            parts.append(c.text)
            previous = c
        return normalise_thai(re.sub(r"\s+", " ", "".join(parts)).strip())


def _lines(clusters: list[Cluster]) -> list[Line]:
    """Clusters grouped into lines by their vertical position, top to bottom."""
    lines: list[Line] = []
    for c in sorted(clusters, key=lambda c: (c.bottom, c.x0)):
        middle = (c.top + c.bottom) / 2
        target = next((line for line in reversed(lines[-3:])
                       if line.top - 0.1 * c.size <= middle <= line.bottom + 0.1 * c.size), None)
        if target is None:
            lines.append(Line([c]))
        else:
            target.clusters.append(c)
    lines = [line for line in lines if line.text]
    lines.sort(key=lambda line: line.top)
    return lines


# --- tables ----------------------------------------------------------------------------------

def _merge(segments: list[Segment], tolerance: float = 1.5) -> list[Segment]:
    """Collinear pieces of one rule (cell by cell) merged into one segment."""
    lanes: list[list[Segment]] = []
    for s in sorted(segments, key=lambda s: s.at):
        if lanes and s.at - lanes[-1][-1].at <= tolerance:
            lanes[-1].append(s)
        else:
            lanes.append([s])
    merged: list[Segment] = []
    for lane in lanes:
        at = statistics.median(s.at for s in lane)
        start = len(merged)
        for s in sorted(lane, key=lambda s: s.a):
            if len(merged) > start and s.a <= merged[-1].b + 2:
                merged[-1].b = max(merged[-1].b, s.b)
            else:
                merged.append(Segment(at, s.a, s.b))
    return merged


def _positions(values: list[float], tolerance: float = 2.0) -> list[float]:
    result: list[float] = []
    for v in sorted(values):
        if not result or v - result[-1] > tolerance:
            result.append(v)
    return result


@dataclass
class Grid:
    xs: list[float]                 # column boundaries, left to right
    ys: list[float]                 # row boundaries, top to bottom
    vertical: list[Segment]
    open_top: bool = False          # no rule along the top: the rest of a row cut by the page break

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def holds(self, c: Cluster) -> bool:
        x0, top, x1, bottom = self.box
        mx, my = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        return x0 - 1 <= mx <= x1 + 1 and top - 1 <= my <= bottom + 1

    def boundaries_in(self, top: float, bottom: float) -> list[int]:
        """Indexes of the column boundaries drawn across this row band (merged cells lack some)."""
        middle = (top + bottom) / 2
        present = [i for i, x in enumerate(self.xs)
                   if any(abs(v.at - x) <= 2 and v.a - 2 <= middle <= v.b + 2 for v in self.vertical)]
        return sorted(set(present) | {0, len(self.xs) - 1})


def _grids(page: Page) -> list[Grid]:
    grids = []
    for hs, vs in _rule_groups(_merge(page.horizontal), _merge(page.vertical)):
        # a table cut by a page break has no rule along the cut, and some tables have no
        # outer side rules: the ends of the rules bound the table too
        xs = _positions([v.at for v in vs] + [min(h.a for h in hs), max(h.b for h in hs)] if hs else [])
        ys = _positions([h.at for h in hs] + [min(v.a for v in vs), max(v.b for v in vs)] if vs else [])
        if len(xs) >= 2 and len(ys) >= 2 and xs[-1] - xs[0] > 20 and ys[-1] - ys[0] > 8:
            open_top = min(h.at for h in hs) - ys[0] > 2
            grids.append(Grid(xs, ys, vs, open_top))
    return sorted(grids, key=lambda g: g.ys[0])


def _rule_groups(horizontal: list[Segment], vertical: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """Connected groups of crossing rules (one per table): (horizontal rules, vertical rules)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if h.a - 2 <= v.at <= h.b + 2 and v.a - 2 <= h.at <= v.b + 2:
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(v)
    return list(groups.values())


# --- where a line was wrapped ---------------------------------------------------------------
#
# A wrapping program moves a word to the next line only when it does not fit in the room left
# on the line: a line whose first word would have fitted on the line above starts a paragraph
# of its own. The room is what the line leaves before the column's right edge, or for a centred
# line the column's width less its own. Thai is written without spaces between words: where the
# printer cuts lines between Thai words (it has a Thai dictionary), a Thai line's first word is
# told with PyThaiNLP's dictionary (the one the search index uses, loaded only when it is
# needed); where it cuts only at spaces, its first word is all it starts with up to a space.


# Printers that cut a line between two Thai words where no space is (with a dictionary, as
# word processors and browsers do), and those that cut lines only at spaces (PDF libraries
# without a Thai dictionary: a run of Thai letters too long for what is left of the line goes
# whole to the next).
_DICTIONARY_PRINTERS = re.compile(r"LibreOffice|OpenOffice|Microsoft|\bWord\b|Skia|Chrom|Mozilla|Firefox|cairo"
                                  r"|\bQt\b|Quartz|Acrobat|Distiller|Google|WPS", re.I)
_SPACE_PRINTERS = re.compile(r"fpdf|ReportLab|TCPDF|jsPDF|Prawn|dompdf", re.I)


def _wrapping(pages: list[Page]) -> Wrapping:
    """The width of a space, whether the printer draws the space it wrapped a line at (as
    LibreOffice does when it fits, browsers never, or as the glyphs show it: a space drawn last
    on a line, the next glyph drawn on the next line) and whether it cuts lines between Thai words."""
    widths: list[float] = []
    producer = pages[0].producer if pages else ""
    draws = bool(re.search(r"LibreOffice|OpenOffice", producer))
    cuts_inside_thai = 0    # lines ending with a Thai letter and no drawn space near the right edge,
    for page in pages:      # going on with a Thai letter at the next line
        glyphs = page.glyphs
        edge = max((g.x1 for g in glyphs if g.text.strip()), default=page.width)
        for before, space, after in zip(glyphs, glyphs[1:], glyphs[2:]):
            cuts_inside_thai += _cut_between_thai_letters(before, space, edge)
            if space.text.isspace() and space.size > 0:
                widths.append((space.x1 - space.x0) / space.size)
                draws = draws or _space_drawn_at_a_wrap(before, space, after)
        if len(widths) > 2000 and draws and cuts_inside_thai >= 2:
            break
    usual = statistics.median(widths) if widths else 0.3
    return Wrapping(min(max(usual, 0.15), 0.6), draws, _breaks_inside_thai(producer, draws, cuts_inside_thai))


def _space_drawn_at_a_wrap(before: Glyph, space: Glyph, after: Glyph) -> bool:
    """`space` is drawn last on its line, after a glyph of it, and `after` starts the next line."""
    on_line = abs(before.top - space.top) < 0.3 * space.size and before.x1 <= space.x0 + 0.5
    return on_line and not before.text.isspace() and after.top > space.bottom - 0.2 * space.size \
        and after.x0 < space.x0


def _cut_between_thai_letters(last: Glyph, first: Glyph, edge: float) -> bool:
    """`last` ends a line near the right edge with a Thai letter and `first` starts the next line
    with one: without a space between them where the printer would have drawn it."""
    size = last.size or 1.0
    return is_thai_letter(last.text[:1]) and is_thai_letter(first.text[:1]) and edge - last.x1 < 1.5 * size \
        and first.top > last.bottom - 0.2 * size and first.top - last.bottom < size and first.x0 < last.x0 - 5 * size


def _breaks_inside_thai(producer: str, draws_wrap_spaces: bool, cuts_inside_thai: int) -> bool:
    """Whether the printer cuts lines between Thai words where there is no space: as its glyphs
    show it (it draws the space it wraps a line at, yet lines near the edge end between Thai
    letters without one), else as the program that made the PDF is known to; otherwise only what
    every printer does is assumed: a line is cut at a space."""
    if draws_wrap_spaces and cuts_inside_thai >= 2:
        return True
    if _SPACE_PRINTERS.search(producer):
        return False
    return bool(_DICTIONARY_PRINTERS.search(producer))


def _ends_with_space(line: Line) -> bool:
    return not max(line.clusters, key=lambda c: c.x1).text.strip()


def _needs_space(above: Line, below: Line, room: float, wrapping: Wrapping) -> bool:
    """Whether `below`'s first word would have needed a space before it on the line above: where
    the printer drew one there, or cuts lines only at spaces; not between Thai letters (a line is
    cut between Thai words); not where the printer draws the space it wraps at and there was room
    for it but none is drawn (cut inside a word, as in a narrow cell); else a line is wrapped at a
    space."""
    if _ends_with_space(above) or not wrapping.breaks_inside_thai:
        return True
    if _thai_meets_thai(above.text, below.text):
        return False
    return not (wrapping.draws_wrap_spaces and room >= wrapping.space_em * above.size)


def _thai_meets_thai(left: str, right: str) -> bool:
    """`left` ends and `right` starts with a Thai letter."""
    return bool(left) and bool(right) and is_thai_letter(left[-1]) and is_thai_letter(right[0])


def _first_chunk(line: Line) -> list[Cluster]:
    """What the line starts with up to its first space: the clusters a wrapping program moved
    together unless it could cut them between Thai words."""
    ordered = sorted(line.clusters, key=lambda c: c.x0)
    chunk = [ordered[0]]
    for c in ordered[1:]:
        if not c.text.strip() or c.x0 - chunk[-1].x1 > 0.22 * c.size:
            break
        chunk.append(c)
    return chunk


def _first_word_fits(line: Line, room: float, wrapping: Wrapping, before: str = "", after: str = "") -> bool:
    """Whether the least a wrapping program could have moved to `line` fits in `room`: its first
    chunk, or where the chunk starts with Thai and the printer cuts lines between Thai words, its
    first dictionary word. `before` is the run of Thai letters the line above ends with and
    `after` the one the next line starts with: a word that goes on from the line above, or onto
    the next line, was not moved whole."""
    chunk = _first_chunk(line)
    start = chunk[0].x0
    if chunk[0].x1 - start > room:
        return False
    fits = chunk[-1].x1 - start <= room
    if fits and not before and not after or not wrapping.breaks_inside_thai:
        return fits
    run = _thai_run(chunk)
    if len(run) < 2 and not before:
        return fits
    whole_line = len(chunk) == len(run) == sum(1 for c in line.clusters if c.text.strip())
    end = _first_word_end(run, before, after if whole_line else "")
    if end == math.inf:
        return False
    return fits or end is not None and end - start <= room


def _thai_run(chunk: list[Cluster]) -> list[Cluster]:
    """The clusters of Thai letters the chunk starts with."""
    run: list[Cluster] = []
    for c in chunk:
        if not is_thai_letter(c.text[:1]):
            break
        run.append(c)
    return run


def _first_word_end(run: list[Cluster], before: str, after: str) -> float | None:
    """Where the first word of a run of Thai letters ends, as PyThaiNLP's segmenter cuts it after
    the letters before it: infinity where the line break cuts a word in two of which a piece is
    no word (the word goes on from the line above, or this line is all one word going on onto
    the next); None where the run is one word, starts with one the dictionary does not know (a
    name, or the rest of a word cut at the line break, as 'ซ' of เฟ|ซบุ๊ก), or is its first word
    and a word cut at the line's end (as มี | การกระจา | ยอำนาจ: the printer did not cut where
    the dictionary does, so what it moved cannot be told)."""
    if not run:
        return None
    ends, prefix = [], ""          # the length of the typed text up to the end of each cluster
    for c in run:
        prefix += c.text
        ends.append(len(normalise_thai(prefix)))
    text = normalise_thai(prefix)
    first, rest = _word_after(before + text + after, len(before))
    if first is None:
        return math.inf
    if after and _word_after(text + after, len(text), strict=True)[0] is None:
        if len(first) >= len(text):
            return math.inf
        if len(first) + len(rest) >= len(text):
            return None     # its first word, then one cut at its end: the printer did not cut where we do
    # the run cut where the dictionary knows both sides ('อบ|จ' of อบจ. is not a cut)
    if not (_is_word(first) and _is_word(rest)):
        return None
    # and not inside a longer word it starts with (a printer's dictionary may hold ประเทศไทย)
    length = max([len(first)] + [len(w) for w in _longest_words(text)])
    if length in ends[:-1] and _longest_words(text[length:]):
        return run[ends.index(length)].x1
    return None


def _longest_words(text: str) -> list[str]:
    from ..search.segmenter import thai_words

    return thai_words().prefixes(text)[-1:]


def _is_word(text: str) -> bool:
    from ..search.segmenter import thai_words

    return text in thai_words()


def _word_after(text: str, at: int, strict: bool = False) -> tuple[str | None, str]:
    """The word that starts at offset `at` of `text` as PyThaiNLP cuts it into words, and the
    word after it; (None, '') where the cut runs a word across `at` and, unless `strict`, a
    piece of it is no word (a compound such as งาน|ประจำ can be two words at a paragraph's end)."""
    from ..search.segmenter import thai_word_list

    words = thai_word_list(text)
    position = 0
    for index, word in enumerate(words):
        if position < at < position + len(word):
            head, tail = text[position:at], text[at:position + len(word)]
            if strict or not (_is_word(head) and _is_word(tail)):
                return None, ""
            return tail, words[index + 1] if index + 1 < len(words) else ""
        if position == at:
            return word, words[index + 1] if index + 1 < len(words) else ""
        position += len(word)
    return "", ""


_FIT_TOLERANCE = 0.2    # in font sizes


def _wraps_into(above: Line, below: Line, column: Column, wrapping: Wrapping, after: Line | None = None) -> bool:
    """`below` is the rest of `above`'s paragraph, wrapped: it does not start a list item, and
    its first word would not have fitted in the room `above` leaves (after a space, where the two
    would need one). `after` is the line below `below`, if any."""
    if _LIST_START.match(below.text):
        return False
    room = _room(above, below, column)
    if _WHOLE_AMOUNT.fullmatch(above.text) and _WHOLE_AMOUNT.fullmatch(below.text):
        first = _first_chunk(below)[0]
        if first.x1 - first.x0 <= room:
            return False    # amounts one under the other in a column sized to the widest, not one cut
    if _needs_space(above, below, room, wrapping):
        room -= wrapping.space_em * above.size
    # a printer lays out in finer units than the glyph widths say, and the edge is measured:
    # a word that would have fitted only within a fifth of the font size is not taken to have
    return not _first_word_fits(below, room - _FIT_TOLERANCE * above.size, wrapping,
                                _thai_letters_between(above, below, at_end=True),
                                _thai_letters_between(below, after, at_end=False) if after is not None else "")


def _room(above: Line, below: Line, column: Column) -> float:
    """The room `above` left for more words: up to the column's right edge; in a centred or
    right-aligned paragraph (the two lines placed alike) the column's width less the line's, as
    the printer filled the line before placing it."""
    room = column.right - above.x1
    if _centred(above, column) and _centred(below, column) and _ink_x0(above) - column.left > above.size \
            or _right_aligned(above, column) and _right_aligned(below, column):
        return max(room, column.width - (above.x1 - _ink_x0(above)))
    return room


def _ink_x0(line: Line) -> float:
    """Where the line's first drawn glyph starts (an indent drawn as spaces is not text)."""
    return min((c.x0 for c in line.clusters if c.text.strip()), default=line.x0)


def _centred(line: Line, column: Column) -> bool:
    middle = (_ink_x0(line) + line.x1) / 2
    return abs(middle - (column.left + column.right) / 2) <= 0.25 * line.size


def _right_aligned(line: Line, column: Column) -> bool:
    """Ends at the right edge and starts past the first third of the column (a line that starts
    nearer the left is taken for an indented paragraph's, which ends there when it is full)."""
    return abs(column.right - line.x1) <= 0.25 * line.size and _ink_x0(line) - column.left > column.width / 3


def _thai_letters_between(upper: Line, lower: Line, at_end: bool) -> str:
    """Where `upper` ends and `lower` starts with Thai letters and no space is drawn between
    them, the Thai letters `upper` ends with (at_end) or those `lower` starts with: a word the
    line break may have cut."""
    left, right = upper.text, lower.text
    if not _thai_meets_thai(left, right) or _ends_with_space(upper):
        return ""
    if at_end:
        return re.search(r"[\u0e01-\u0e4e]{1,40}$", left).group()
    return re.match(r"[\u0e01-\u0e4e]{1,40}", right).group()


def _join_wrapped(text: str, above: Line, below: str, column: Column, wrapping: Wrapping) -> str:
    """`text` (ending with line `above`) and `below`, the rest of its paragraph on the next line.
    Where the printer draws the space it wraps at, the glyphs say whether there was one: a line
    cut inside a word with room left for a space ('๒' | '๐,๐๐๐' in a narrow cell) has none. A
    printer that cuts lines only at spaces cut at one, unless a run of text without a space was
    wider than the column (the line is that run alone, cut where the column ends)."""
    if _ends_with_space(above):
        return text.rstrip() + " " + below.lstrip()
    if wrapping.draws_wrap_spaces and column.right - above.x1 >= wrapping.space_em * above.size:
        return text.rstrip() + below.lstrip()
    if not wrapping.breaks_inside_thai and text.strip() and below.strip() \
            and not (" " not in above.text and column.width - (above.x1 - _ink_x0(above)) < above.size):
        return text.rstrip() + " " + below.lstrip()
    return join_text(text, below)


@dataclass
class CellLines:
    """The lines of one cell of a table row, where its wrapped lines start and end, and where
    the row ends."""
    lines: list[Line]
    column: Column
    row_bottom: float

    def runs_to_the_bottom(self) -> bool:
        """Its text goes down to the bottom of the row, as where a page break cut the row: no
        room for another line below its last."""
        return bool(self.lines) and self.row_bottom - self.lines[-1].bottom < self.lines[-1].size


_DASHES = ("-", "–", "—")


def _cell_text(cell: CellLines, wrapping: Wrapping) -> str:
    """A cell's lines joined back into its paragraphs."""
    paragraphs: list[str] = []
    previous: Line | None = None
    lines = cell.lines
    # in a cell written as a list, every paragraph starts with its mark: other lines are wrapped
    # (a dash alone is an amount column's "none", not a mark)
    listed = len(lines) > 1 and any(_LIST_START.match(line.text) and line.text.strip() not in _DASHES
                                    for line in lines)
    for index, line in enumerate(lines):
        text = line.text
        after = lines[index + 1] if index + 1 < len(lines) else None
        if previous is not None and (listed and not _LIST_START.match(text)
                                     or _wraps_into(previous, line, cell.column, wrapping, after)):
            paragraphs[-1] = _join_wrapped(paragraphs[-1], previous, text, cell.column, wrapping)
        else:
            paragraphs.append(text)
        previous = line
    return _cell_paragraphs(paragraphs)


def _cell_paragraphs(paragraphs: list[str]) -> str:
    if len(paragraphs) <= 1:
        return paragraphs[0] if paragraphs else ""
    return " ".join(f"<p>{p}</p>" for p in paragraphs)


def _cell_padding(grid: Grid, clusters: list[Cluster]) -> float:
    """The room a table leaves between a cell's rule and its text (the least, over its cells, by
    which text stands off the left rule; the right side has the same): where wrapped lines end."""
    gaps = [c.x0 - max(x for x in grid.xs if x <= c.x0 + 0.5) for c in clusters if c.x0 + 0.5 >= grid.xs[0]]
    return min(max(min(gaps, default=2.0), 2.0), 8.0)


def _table_rows(grid: Grid, clusters: list[Cluster], wrapping: Wrapping) -> list[tuple[str, list[CellLines]]]:
    """The table's rows, each as its tab-separated text and the lines of its cells (by column,
    empty where a merged cell covers the column)."""
    rows: list[tuple[str, list[CellLines]]] = []
    columns = len(grid.xs) - 1
    padding = _cell_padding(grid, clusters)
    for top, bottom in zip(grid.ys, grid.ys[1:]):
        if bottom - top < 3:
            continue
        inside = [c for c in clusters if top <= (c.top + c.bottom) / 2 < bottom]
        if not inside:
            continue
        bounds = grid.boundaries_in(top, bottom)
        cells = [CellLines([], Column(grid.xs[i] + padding, grid.xs[i + 1] - padding), bottom)
                 for i in range(columns)]
        for left, right in zip(bounds, bounds[1:]):
            x0, x1 = grid.xs[left], grid.xs[right]
            cells[left] = CellLines(_lines([c for c in inside if x0 <= (c.x0 + c.x1) / 2 < x1]),
                                    Column(x0 + padding, x1 - padding), bottom)
        texts = [_cell_text(cell, wrapping).replace("\t", " ") for cell in cells]
        if any(texts):
            rows.append(("\t".join(texts), cells))
    return rows


# --- running text ----------------------------------------------------------------------------

@dataclass
class Block:
    top: float
    lines: list[str]
    table: Grid | None = None
    source: Line | None = None
    first_cells: list[CellLines] | None = None   # a table's first and last rows, cell by cell
    last_cells: list[CellLines] | None = None


def _page_blocks(page: Page) -> list[Block]:
    clusters = _clusters(page.glyphs)
    grids = _grids(page)
    blocks: list[Block] = []
    free = []
    for c in clusters:
        grid = next((g for g in grids if g.holds(c)), None)
        if grid is None:
            free.append(c)
    for grid in grids:
        mine = [c for c in clusters if grid.holds(c)]
        rows = _table_rows(grid, mine, page.wrapping)
        if rows:
            blocks.append(Block(grid.ys[0], [text for text, _ in rows], table=grid,
                                first_cells=rows[0][1], last_cells=rows[-1][1]))
    for line in _lines(free):
        blocks.append(Block(line.top, [line.text], source=line))
    return sorted(blocks, key=lambda b: b.top)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", squash(text))


def _drop_furniture(pages: list[Page], blocks_by_page: list[list[Block]]) -> None:
    """Running headers and footers (the same text in the top or bottom band of most pages,
    numbers aside) and page numbers are dropped."""
    def in_band(block: Block, page: Page) -> bool:
        return not block.table and (block.top < page.height * 0.1 or block.top > page.height * 0.9)

    counts: Counter[str] = Counter()
    for page, blocks in zip(pages, blocks_by_page):
        counts.update({_furniture_key(b.lines[0]) for b in blocks if in_band(b, page)})
    repeated = {key for key, n in counts.items() if key and n >= 2 and n >= 0.5 * len(pages)}
    for page, blocks in zip(pages, blocks_by_page):
        blocks[:] = [b for b in blocks if not (in_band(b, page) and (
            _furniture_key(b.lines[0]) in repeated or is_page_number(b.lines[0])))]


def _text_lines(pages: list[Page], blocks_by_page: list[list[Block]], page_starts: list[int]) -> list[str]:
    """Blocks → the importers' lines: wrapped lines joined into paragraphs, blank lines kept.
    `page_starts` receives the index of each page's first line."""
    flow = _Flow(_layout(pages, blocks_by_page))
    for page, blocks in zip(pages, blocks_by_page):
        page_starts.append(len(flow.out))
        flow.page(page, blocks)
    return flow.out


@dataclass
class _Layout:
    pitch: float                 # the usual distance between two lines of a paragraph
    margins: dict[int, float]    # page width → the right margin of its text
    lefts: dict[int, float]      # page width → the left margin of its text
    floors: dict[int, float]     # page height → the lowest text on pages of that height


def _layout(pages: list[Page], blocks_by_page: list[list[Block]]) -> _Layout:
    pitches = []
    for blocks in blocks_by_page:
        lines = [b.source for b in blocks if b.source is not None]
        pitches += [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 4 * a.size]
    # many paragraphs are one blank line apart: a low percentile, not the median
    pitch = sorted(pitches)[len(pitches) // 20] if pitches else 20.0
    # the right margin of the text: the furthest any line or table of a page of that width reaches
    # (a short document's longest line need not reach it); the lowest text of pages of that
    # height: a page that ends higher had room for another line
    # (a word processor sets a table out to the left by its cells' padding, so that their text
    # lines up with the text around it: the table's right side is short of the margin by as much)
    margins: dict[int, float] = {}
    floors: dict[int, float] = {}
    lefts: dict[int, float] = {}
    for page, blocks in zip(pages, blocks_by_page):
        for b in (b for b in blocks if b.source is not None):
            lefts[round(page.width)] = min(lefts.get(round(page.width), page.width), b.source.x0)
    for page, blocks in zip(pages, blocks_by_page):
        for b in blocks:
            right = 0.0
            if b.source is not None:
                right = b.source.x1
            elif b.table is not None:
                x0, _, x1, _ = b.table.box
                right = x1 + min(max(lefts.get(round(page.width), x0) - x0, 0.0), 10.0)
            margins[round(page.width)] = max(margins.get(round(page.width), 0.0), right)
        for b in (b for b in blocks if b.source is not None):
            floors[round(page.height)] = max(floors.get(round(page.height), 0.0), b.source.bottom)
    return _Layout(pitch, margins, lefts, floors)


class _Flow:
    """The lines being written, page after page, and what the previous page ended with."""

    def __init__(self, layout: _Layout):
        self.layout = layout
        self.out: list[str] = []
        self.last_table: Block | None = None             # the table the previous page ended with
        self.carried: tuple[Line, Column] | None = None  # the line of text it ended with, and its column

    def page(self, page: Page, blocks: list[Block]) -> None:
        right = self.layout.margins.get(round(page.width), page.width)
        column = Column(min(self.layout.lefts.get(round(page.width), 0.0), right), right)
        previous: Block | None = None
        for index, block in enumerate(blocks):
            following = blocks[index + 1].source if index + 1 < len(blocks) else None
            self._block(block, previous, following, page, column)
            previous = block
        self.last_table = blocks[-1] if blocks and blocks[-1].table else None
        self.carried = None
        floor = self.layout.floors.get(round(page.height), page.height) - 1
        if blocks and blocks[-1].source is not None and blocks[-1].source.bottom + self.layout.pitch > floor:
            self.carried = (blocks[-1].source, column)
        self._blank_line()      # a page break leaves a blank line, as the parsers expect

    def _block(self, block: Block, previous: Block | None, following: Line | None, page: Page, column: Column) -> None:
        if previous is None and (self._paragraph_goes_on(block, following, page) or self._table_goes_on(block, page)):
            return
        if block.table:
            self._blank_line()
            self.out += block.lines
            self.out.append("")
        elif previous is not None and previous.source is not None \
                and _continues(previous.source, block.source, column, page.wrapping, following):
            self.out[-1] = _join_wrapped(self.out[-1], previous.source, block.lines[0], column, page.wrapping)
        else:
            if previous is not None and previous.source is not None and self.out and self.out[-1] != "" \
                    and block.top - previous.source.bottom > 0.9 * previous.source.size:
                # room for a line of text between them: the document leaves a blank line
                self.out.append("")
            self.out.append(block.lines[0])

    def _blank_line(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    def _after_page_break(self) -> bool:
        return bool(self.out) and self.out[-1] == ""

    def _paragraph_goes_on(self, block: Block, following: Line | None, page: Page) -> bool:
        """A paragraph going on from the previous page: one paragraph again."""
        if block.source is None or self.carried is None or not self._after_page_break():
            return False
        above, column = self.carried
        if not _wraps_into(above, block.source, column, page.wrapping, following):
            return False
        self.out.pop()
        self.out[-1] = _join_wrapped(self.out[-1], above, block.lines[0], column, page.wrapping)
        return True

    def _table_goes_on(self, block: Block, page: Page) -> bool:
        """The table goes on from the previous page with the rest of a row cut by the page break:
        no rule above it (browsers); or, under the rule word processors draw again, nothing in its
        first column, or a cell's paragraph going on from the cell above: one row again."""
        above = self.last_table
        if not block.table or above is None or not _same_table(above.table, block.table) \
                or not self._after_page_break():
            return False
        if not (block.table.open_top or not page.open_cuts and len(self.out) > 1 and (
                _rest_of_cut_row(self.out[-2], block.lines[0])
                or _cut_inside_a_paragraph(above.last_cells, block.first_cells, page.wrapping))):
            return False
        self.out.pop()
        rows = list(block.lines)
        if "\t" in self.out[-1]:
            self.out[-1] = _join_rows(self.out[-1], rows.pop(0), above.last_cells or [], block.first_cells or [],
                                      page.wrapping)
        self.out += rows
        self.out.append("")
        return True


def _rest_of_cut_row(above: str, below: str) -> bool:
    """`below` (the first row of a page, under a rule drawn again) can be the rest of `above`:
    nothing in its first column, and text only in columns where `above` has text that can go on,
    since a cell's text starts at the top of its row and an amount is never wrapped (a total row
    under a row with empty cells or amounts is a row of its own)."""
    above_cells, below_cells = above.split("\t"), below.split("\t")
    if below_cells[0].strip() or "\t" not in above:
        return False
    return all(a.strip() and not _WHOLE_AMOUNT.fullmatch(a.strip())
               for a, b in zip(above_cells, below_cells) if b.strip())


def _cut_inside_a_paragraph(above: list[CellLines] | None, below: list[CellLines] | None,
                            wrapping: Wrapping) -> bool:
    """`below` (the first row of a page) is the rest of `above` (the last row of the page before)
    cut by the page break: its first cell with text goes on with the paragraph that its column's
    cell above ends with, that cell's text runs to the bottom of its row (a cell that ends higher
    had room for more), and it has text only in columns where `above` has (a cell's text starts
    at the top of its row). A new row's first cell starts a paragraph, or is an item number."""
    if not above or not below or len(above) != len(below):
        return False
    if any(rest.lines and not top.lines for top, rest in zip(above, below)):
        return False
    for top, rest in zip(above, below):
        if rest.lines:
            return top.runs_to_the_bottom() and not _ITEM_NUMBER.fullmatch(rest.lines[0].text) \
                and _wraps_into(top.lines[-1], rest.lines[0], top.column, wrapping, _second(rest.lines))
    return False


_ITEM_NUMBER = re.compile(r"[\d๐-๙]{1,3}(?:\.[\d๐-๙]{1,3})*[.)]?")


# a cell holding only an amount or a dash: one line that a page break cannot have cut
_WHOLE_AMOUNT = re.compile(r"[-–—]|[\d๐-๙][\d๐-๙,]*(?:\.[\d๐-๙]+)?(?:\s*บาท)?")


def _same_table(above: Grid | None, below: Grid) -> bool:
    return above is not None and len(above.xs) == len(below.xs) \
        and all(abs(a - b) < 3 for a, b in zip(above.xs, below.xs))


def _paragraphs_of(cell: str) -> list[str]:
    found = re.findall(r"<p>(.*?)</p>", cell)
    return found or ([cell] if cell else [])


def _join_rows(above: str, below: str, above_cells: list[CellLines], below_cells: list[CellLines],
               wrapping: Wrapping) -> str:
    """A table row cut by a page break, put back together cell by cell: a cell's last paragraph
    and the first of its rest are one where the rest's first line is wrapped from the line above
    (an amount under an amount is a paragraph of its own)."""
    joined = []
    for a, b, upper, lower in zip(above.split("\t"), below.split("\t"), above_cells, below_cells):
        top, rest = _paragraphs_of(a), _paragraphs_of(b)
        if top and rest and upper.lines and lower.lines \
                and _wraps_into(upper.lines[-1], lower.lines[0], upper.column, wrapping, _second(lower.lines)):
            top[-1] = _join_wrapped(top[-1], upper.lines[-1], rest.pop(0), upper.column, wrapping)
        joined.append(_cell_paragraphs(top + rest))
    return "\t".join(joined)


def _second(lines: list[Line]) -> Line | None:
    return lines[1] if len(lines) > 1 else None


def _continues(above: Line, below: Line, column: Column, wrapping: Wrapping, after: Line | None) -> bool:
    """`below` is the wrapped rest of `above`'s paragraph: `above` runs to the right margin,
    the lines are one line apart and `below` does not start a list item."""
    return below.top - above.bottom < 0.9 * above.size and _wraps_into(above, below, column, wrapping, after)


# --- entry points ----------------------------------------------------------------------------

def pdf_lines(raw: bytes, shown: str, problems: Problems) -> list[str] | None:
    """A PDF's text in the importers' shape, or None (with an error) when it has none."""
    found = pdf_text(raw, shown, problems)
    return found[0] if found else None


def pdf_text(raw: bytes, shown: str, problems: Problems) -> tuple[list[str], list[int]] | None:
    """(the PDF's lines in the importers' shape, the index of each page's first line), or None."""
    pages = _read_pages(raw, shown, problems)
    if pages is None:
        return None
    if sum(len(p.glyphs) for p in pages) < 20 * max(1, len(pages)) // 4:
        pages = _scanned_pages(raw, shown, problems)
        if pages is None:
            return None
    wrapping = _wrapping(pages)
    for page in pages:
        page.wrapping = wrapping
    unmapped = sum(p.unmapped for p in pages)
    if unmapped:
        problems.warning(shown, None, "-", f"PDF มีตัวอักษร {unmapped} ตัวที่ไม่บอกว่าเป็นอักษรใด "
                                           "(แบบอักษรที่ฝังไว้ไม่มีตารางแปลง) สระหรือวรรณยุกต์บางตัวอาจหายไป "
                                           "ควรตรวจข้อความในไฟล์ที่ได้ หรือนำเข้าจากไฟล์ Word แทน")
    blocks_by_page = [_page_blocks(p) for p in pages]
    _drop_furniture(pages, blocks_by_page)
    page_starts: list[int] = []
    lines = _text_lines(pages, blocks_by_page, page_starts)
    return lines, page_starts


def _scanned_pages(raw: bytes, shown: str, problems: Problems) -> list[Page] | None:
    """A PDF without a text layer, read by OCR where Tesseract with Thai is installed: its pages as
    the text reader's (a word per glyph), with a warning naming the words OCR was unsure of."""
    from . import ocr

    if not ocr.available():
        problems.error(shown, None, "-", _scanned_message())
        return None
    try:
        scanned = ocr.read_scanned(raw)
    except (OSError, subprocess.SubprocessError) as exc:
        problems.error(shown, None, "-", f"{_scanned_message()} (อ่านด้วย OCR ไม่สำเร็จ: {exc})")
        return None
    pages = [_page_of_scan(s) for s in scanned]
    if sum(len(p.glyphs) for p in pages) < 20:
        problems.error(shown, None, "-", "PDF นี้เป็นภาพที่สแกนมา และอ่านด้วย OCR ไม่ได้ข้อความ ให้นำเข้าจากไฟล์ Word ต้นฉบับ")
        return None
    unsure = [(s.number, w.text) for s in scanned for w in s.words if w.confidence < ocr.LOW_CONFIDENCE]
    listed = ", ".join(f"หน้า {n}: '{t}'" for n, t in unsure[:15]) + (" …" if len(unsure) > 15 else "")
    problems.warning(shown, None, "-",
                     "PDF นี้เป็นภาพที่สแกนมา จึงอ่านข้อความด้วย OCR (Tesseract ภาษาไทย) คำที่อ่านผิดคงไว้ตามที่อ่านได้ "
                     "ตรวจทานไฟล์ที่ได้กับต้นฉบับทุกช่องก่อนเผยแพร่"
                     + (f"; ส่วนที่ OCR ไม่แน่ใจ {len(unsure)} แห่ง: {listed}" if unsure else ""))
    return pages


def _page_of_scan(scanned) -> Page:
    page = Page(scanned.number, scanned.width, scanned.height)
    for w in scanned.words:
        size = max(4.0, (w.bottom - w.top) * 0.8)
        page.glyphs.append(Glyph(normalise_thai(w.text), w.x0, w.x1, w.top, w.bottom, size))
    page.horizontal = [Segment(*rule) for rule in scanned.horizontal]
    page.vertical = [Segment(*rule) for rule in scanned.vertical]
    return page


def _scanned_message() -> str:
    return ("PDF นี้ไม่มีข้อความให้อ่าน (น่าจะเป็นภาพที่สแกนมา) ให้นำเข้าจากไฟล์ Word ต้นฉบับ "
            "หรือติดตั้งโปรแกรม OCR ภาษาไทยแล้วนำเข้าใหม่ (บน Debian/Ubuntu: apt-get install tesseract-ocr-tha "
            "poppler-utils) หรือทำ OCR ให้ PDF มีชั้นข้อความก่อน เช่น ocrmypdf -l tha+eng ไฟล์.pdf ไฟล์-ocr.pdf "
            "(ตรวจคำที่อ่านผิดก่อนเผยแพร่)")


def read_document(path: Path, problems: Problems, shown_as: str | None = None) -> SourceText | None:
    """Like common.read_source, and PDFs with a text layer too."""
    shown = shown_as or str(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        return read_source(path, problems, shown_as)   # says why it cannot be opened
    if b"%PDF-" not in head:
        return read_source(path, problems, shown_as)
    try:
        if Path(path).stat().st_size > MAX_INPUT_BYTES:
            problems.error(shown, None, "-", f"ไฟล์ใหญ่เกิน {MAX_INPUT_BYTES // 1024 // 1024} MB")
            return None
        raw = Path(path).read_bytes()
    except OSError as exc:
        problems.error(shown, None, "-", f"เปิดไฟล์ไม่ได้ ({exc.strerror or exc})")
        return None
    found = pdf_text(raw, shown, problems)
    if found is None:
        return None
    source = SourceText(shown, found[0])
    source.page_starts = found[1]       # read by name_pages()
    return source


def name_pages(source: SourceText, problems: Problems) -> None:
    """A line of a PDF's text means nothing to its reader: each problem about a line of it also
    names the page it is on."""
    starts = getattr(source, "page_starts", None)
    if not starts:
        return
    for index, problem in enumerate(problems.items):
        if problem.file == source.name and problem.line:
            page = bisect.bisect_right(starts, problem.line - 1)
            problems.items[index] = dataclasses.replace(problem, message=f"{problem.message} (PDF หน้า {page})")
