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
- running text: wrapped lines joined back into paragraphs, a blank line where
  the gap is wider than a line; pages separated by a blank line;
- running headers, footers and page numbers (the same text at the top or bottom
  of most pages) dropped.

A PDF without a text layer (a scan) is refused with a Thai message that says
how to add one with OCR.
"""

from __future__ import annotations

import bisect
import dataclasses
import io
import re
import subprocess
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problems
from .common import MAX_INPUT_BYTES, SourceText, is_page_number, join_text, read_source, squash

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
    open_cuts = _browser_made(document)
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
            page = Page(number, layout.width, layout.height, unmapped=device.unmapped, open_cuts=open_cuts)
            _collect(layout, page, LTChar, (LTRect, LTLine, LTCurve), LTFigure)
            pages.append(page)
    except Exception:
        problems.error(shown, None, "-", f"อ่าน PDF ได้ถึงหน้า {len(pages)} แล้วพบส่วนที่เสีย ให้บันทึกเป็น PDF ใหม่ หรือบันทึกเป็น .docx")
        return None
    return pages


def _browser_made(document) -> bool:
    """Browsers (Chromium's Skia, Firefox) leave a row cut by a page break open at the top of the
    next page; word processors draw its rule again, so there a cut row is told by its empty first cell."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in getattr(document, "info", None) or []:
        try:
            producer = resolve1(info.get("Producer")) if isinstance(info, dict) else None
            text = decode_text(producer) if isinstance(producer, bytes) else str(producer or "")
        except Exception:
            continue
        if re.search(r"Skia|Chrom|Mozilla|Firefox|cairo|Qt", text, re.I):
            return True
    return False


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


def _first_chunk_width(line: Line) -> float:
    """The width of what the line starts with up to its first space: the least that a
    wrapping program would have moved to this line."""
    ordered = sorted(line.clusters, key=lambda c: c.x0)
    end = ordered[0].x1
    for c in ordered:
        if not c.text.strip() or c.x0 - end > 0.22 * c.size:
            break
        end = c.x1
    return end - ordered[0].x0


def _wraps_into(above: Line, below: Line, right_edge: float) -> bool:
    """`below` is the rest of `above`'s paragraph, wrapped: it does not start a list item, and
    its first word would not have fitted in the room `above` leaves before the edge."""
    if _LIST_START.match(below.text):
        return False
    return right_edge - above.x1 < _first_chunk_width(below) + 0.5 * above.size


def _cell_text(clusters: list[Cluster], right_edge: float) -> str:
    """A cell's lines joined back into its paragraphs."""
    paragraphs: list[str] = []
    previous: Line | None = None
    lines = _lines(clusters)
    # in a cell written as a list, every paragraph starts with its mark: other lines are wrapped
    listed = len(lines) > 1 and any(_LIST_START.match(line.text) for line in lines)
    for line in lines:
        text = line.text
        if previous is not None and (listed and not _LIST_START.match(text)
                                     or _wraps_into(previous, line, right_edge)):
            paragraphs[-1] = join_text(paragraphs[-1], text)
        else:
            paragraphs.append(text)
        previous = line
    if len(paragraphs) <= 1:
        return paragraphs[0] if paragraphs else ""
    return " ".join(f"<p>{p}</p>" for p in paragraphs)


def _cell_padding(grid: Grid, clusters: list[Cluster]) -> float:
    """The room a table leaves between a cell's rule and its text (the least, over its cells, by
    which text stands off the left rule; the right side has the same): where wrapped lines end."""
    gaps = [c.x0 - max(x for x in grid.xs if x <= c.x0 + 0.5) for c in clusters if c.x0 + 0.5 >= grid.xs[0]]
    return min(max(min(gaps, default=2.0), 2.0), 8.0)


def _table_rows(grid: Grid, clusters: list[Cluster]) -> list[str]:
    rows: list[str] = []
    columns = len(grid.xs) - 1
    padding = _cell_padding(grid, clusters)
    for top, bottom in zip(grid.ys, grid.ys[1:]):
        if bottom - top < 3:
            continue
        inside = [c for c in clusters if top <= (c.top + c.bottom) / 2 < bottom]
        if not inside:
            continue
        bounds = grid.boundaries_in(top, bottom)
        cells = [""] * columns
        for left, right in zip(bounds, bounds[1:]):
            x0, x1 = grid.xs[left], grid.xs[right]
            mine = [c for c in inside if x0 <= (c.x0 + c.x1) / 2 < x1]
            cells[left] = _cell_text(mine, x1 - padding).replace("\t", " ")
        if any(cells):
            rows.append("\t".join(cells))
    return rows


# --- running text ----------------------------------------------------------------------------

@dataclass
class Block:
    top: float
    lines: list[str]
    table: Grid | None = None
    source: Line | None = None


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
        rows = _table_rows(grid, mine)
        if rows:
            blocks.append(Block(grid.ys[0], rows, table=grid))
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
    margins: dict[int, float] = {}
    floors: dict[int, float] = {}
    for page, blocks in zip(pages, blocks_by_page):
        for b in blocks:
            right = b.source.x1 if b.source is not None else b.table.box[2] if b.table is not None else 0.0
            margins[round(page.width)] = max(margins.get(round(page.width), 0.0), right)
        for b in (b for b in blocks if b.source is not None):
            floors[round(page.height)] = max(floors.get(round(page.height), 0.0), b.source.bottom)
    return _Layout(pitch, margins, floors)


class _Flow:
    """The lines being written, page after page, and what the previous page ended with."""

    def __init__(self, layout: _Layout):
        self.layout = layout
        self.out: list[str] = []
        self.last_table: Grid | None = None              # the table the previous page ended with
        self.carried: tuple[Line, float] | None = None   # the line of text it ended with, and its margin

    def page(self, page: Page, blocks: list[Block]) -> None:
        right = self.layout.margins.get(round(page.width), page.width)
        previous: Block | None = None
        for block in blocks:
            self._block(block, previous, page, right)
            previous = block
        self.last_table = blocks[-1].table if blocks else None
        self.carried = None
        floor = self.layout.floors.get(round(page.height), page.height) - 1
        if blocks and blocks[-1].source is not None and blocks[-1].source.bottom + self.layout.pitch > floor:
            self.carried = (blocks[-1].source, right)
        self._blank_line()      # a page break leaves a blank line, as the parsers expect

    def _block(self, block: Block, previous: Block | None, page: Page, right: float) -> None:
        if previous is None and (self._paragraph_goes_on(block) or self._table_goes_on(block, page)):
            return
        if block.table:
            self._blank_line()
            self.out += block.lines
            self.out.append("")
        elif previous is not None and previous.source is not None and _continues(previous.source, block.source, right):
            self.out[-1] = join_text(self.out[-1], block.lines[0])
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

    def _paragraph_goes_on(self, block: Block) -> bool:
        """A paragraph going on from the previous page: one paragraph again."""
        if block.source is None or self.carried is None or not self._after_page_break() \
                or not _wraps_into(self.carried[0], block.source, self.carried[1]):
            return False
        self.out.pop()
        self.out[-1] = join_text(self.out[-1], block.lines[0])
        return True

    def _table_goes_on(self, block: Block, page: Page) -> bool:
        """The table goes on from the previous page with the rest of a row cut by the page break:
        no rule above it (browsers), or nothing in its first column (word processors, which draw
        the rule again): one row again."""
        if not block.table or not _same_table(self.last_table, block.table) or not self._after_page_break():
            return False
        if not (block.table.open_top or not page.open_cuts and len(self.out) > 1
                and _rest_of_cut_row(self.out[-2], block.lines[0])):
            return False
        self.out.pop()
        rows = list(block.lines)
        if "\t" in self.out[-1]:
            self.out[-1] = _join_rows(self.out[-1], rows.pop(0))
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


# a cell holding only an amount or a dash: one line that a page break cannot have cut
_WHOLE_AMOUNT = re.compile(r"[-–—]|[\d๐-๙][\d๐-๙,]*(?:\.[\d๐-๙]+)?(?:\s*บาท)?")


def _same_table(above: Grid | None, below: Grid) -> bool:
    return above is not None and len(above.xs) == len(below.xs) \
        and all(abs(a - b) < 3 for a, b in zip(above.xs, below.xs))


def _paragraphs_of(cell: str) -> list[str]:
    found = re.findall(r"<p>(.*?)</p>", cell)
    return found or ([cell] if cell else [])


def _join_rows(above: str, below: str) -> str:
    """A table row cut by a page break, put back together cell by cell."""
    joined = []
    for a, b in zip(above.split("\t"), below.split("\t")):
        top, rest = _paragraphs_of(a), _paragraphs_of(b)
        if top and rest and not _LIST_START.match(rest[0]):
            top[-1] = join_text(top[-1], rest.pop(0))
        paragraphs = top + rest
        joined.append(paragraphs[0] if len(paragraphs) == 1 else " ".join(f"<p>{p}</p>" for p in paragraphs))
    return "\t".join(joined)


def _continues(above: Line, below: Line, right: float) -> bool:
    """`below` is the wrapped rest of `above`'s paragraph: `above` runs to the right margin,
    the lines are one line apart and `below` does not start a list item."""
    return below.top - above.bottom < 0.9 * above.size and _wraps_into(above, below, right)


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
