"""Reading a scanned PDF (pages that are pictures, without a text layer) with Tesseract OCR.

Each page is rendered to a picture (Poppler's `pdftoppm`), its table rules are found in the
picture (long runs of dark pixels, across or down) and painted over, and Tesseract reads the
words with Thai and English (`tesseract … -l tha+eng tsv`: each word with its box and how sure
Tesseract is of it). What comes back is, per page, words and rules in PDF points, the same
things the text-layer reader takes from a PDF, so that tables and paragraphs are put back
together by the same code (pdf.py).

Needs the programs `tesseract` (with the Thai data: Debian `tesseract-ocr-tha`) and `pdftoppm`
(Debian `poppler-utils`); `available()` says whether they are there.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

DPI = 300
LOW_CONFIDENCE = 60          # Tesseract's confidence (0–100) under which a word is listed for checking
_POINT = 72 / DPI
_DARK = 170                  # grey level (0 black – 255 white) under which a block of a rule is dark
_BLOCK = 12                  # pixels averaged together when looking for long runs
_MIN_RULE = 12               # blocks: a rule is at least _MIN_RULE * _BLOCK pixels long (about 1.2 cm)
_TIMEOUT = 300


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float


@dataclass
class ScannedPage:
    number: int
    width: float                                   # points
    height: float
    words: list[Word] = field(default_factory=list)
    horizontal: list[tuple[float, float, float]] = field(default_factory=list)   # (y, x from, x to)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)     # (x, y from, y to)


def available() -> bool:
    """Tesseract with its Thai data, and pdftoppm."""
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    try:
        found = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return "tha" in found.stdout.split()


def read_scanned(raw: bytes) -> list[ScannedPage]:
    """The words and rules of every page of a scanned PDF. Raises OSError or
    subprocess.SubprocessError when a program fails."""
    from PIL import Image

    pages = []
    with tempfile.TemporaryDirectory(prefix="prongsai-ocr-") as tmp:
        folder = Path(tmp)
        (folder / "in.pdf").write_bytes(raw)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(folder / "in.pdf"), str(folder / "page")],
                       check=True, capture_output=True, timeout=_TIMEOUT)
        for number, picture in enumerate(sorted(folder.glob("page*.png"), key=_page_order), start=1):
            with Image.open(picture) as image:
                grey = image.convert("L")
            page = ScannedPage(number, grey.width * _POINT, grey.height * _POINT)
            page.horizontal, page.vertical = _rules(grey)
            cleaned = folder / f"clean-{number}.png"
            _without_rules(grey, page).save(cleaned)
            page.words = _words(cleaned)
            pages.append(page)
    return pages


def _page_order(path: Path) -> int:
    digits = "".join(ch for ch in path.stem if ch.isdigit())
    return int(digits or 0)


# --- rules ---------------------------------------------------------------------------------------

def _runs(values: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each run of at least _MIN_RULE dark values."""
    runs, start = [], None
    for i, value in enumerate(values + [255]):
        if value < _DARK and start is None:
            start = i
        elif value >= _DARK and start is not None:
            if i - start >= _MIN_RULE:
                runs.append((start, i))
            start = None
    return runs


def _rules(grey) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal and vertical rules of a page picture, in points. A block of _BLOCK pixels along
    the line is dark only when most of it is: letters do not make runs that long."""
    from PIL import Image

    width, height = grey.size
    across = grey.resize((max(1, width // _BLOCK), height), Image.BOX)
    down = grey.resize((width, max(1, height // _BLOCK)), Image.BOX)
    horizontal, vertical = [], []
    pixels = across.load()
    for y in range(height):
        for a, b in _runs([pixels[x, y] for x in range(across.width)]):
            horizontal.append((y * _POINT, a * _BLOCK * _POINT, b * _BLOCK * _POINT))
    pixels = down.load()
    for x in range(width):
        for a, b in _runs([pixels[x, y] for y in range(down.height)]):
            vertical.append((x * _POINT, a * _BLOCK * _POINT, b * _BLOCK * _POINT))
    return horizontal, vertical


def _without_rules(grey, page: ScannedPage):
    """The picture with its rules painted white: Tesseract reads them as letters ('|', '_') otherwise."""
    from PIL import ImageDraw

    clean = grey.copy()
    draw = ImageDraw.Draw(clean)
    for y, a, b in page.horizontal:
        draw.line([(a / _POINT, y / _POINT), (b / _POINT, y / _POINT)], fill=255, width=3)
    for x, a, b in page.vertical:
        draw.line([(x / _POINT, a / _POINT), (x / _POINT, b / _POINT)], fill=255, width=3)
    return clean


# --- words ---------------------------------------------------------------------------------------

def _words(picture: Path) -> list[Word]:
    found = subprocess.run(["tesseract", str(picture), "stdout", "-l", "tha+eng", "--psm", "3", "tsv"],
                           check=True, capture_output=True, timeout=_TIMEOUT)
    rows = list(csv.DictReader(io.StringIO(found.stdout.decode("utf-8", "replace")), delimiter="\t",
                               quoting=csv.QUOTE_NONE))
    # Tesseract gives Thai letter by letter; each takes its line's box top to bottom, so that the
    # letters of a line (and the marks above and below them) stay together as one line of text
    lines = {_line_key(row): row for row in rows if row.get("level") == "4"}
    words: list[Word] = []
    previous_key = None
    for row in rows:
        text = (row.get("text") or "").strip()
        if not text or row.get("level") != "5":
            continue
        key = _line_key(row)
        line = lines.get(key, row)
        left, right = int(row["left"]), int(row["left"]) + int(row["width"])
        height = int(line["height"])
        word = Word(text, left * _POINT, right * _POINT, int(line["top"]) * _POINT,
                    (int(line["top"]) + height) * _POINT, float(row["conf"]))
        # letters closer than a third of the line's height are one word (Thai loses some real spaces here)
        if words and key == previous_key and word.x0 - words[-1].x1 < height * _POINT / 3:
            joined = words[-1]
            joined.text += text
            joined.x1 = max(joined.x1, word.x1)
            joined.confidence = min(joined.confidence, word.confidence)
        else:
            words.append(word)
        previous_key = key
    return words


def _line_key(row: dict) -> tuple:
    return row.get("page_num"), row.get("block_num"), row.get("par_num"), row.get("line_num")
