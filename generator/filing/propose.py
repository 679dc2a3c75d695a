"""One proposal per document: item(s), heading, date, fiscal year, period and attachment path."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import thai
from ..catalogue import Catalogue, CatalogueItem
from ..timewindow import in_fiscal_year, window_problem
from .read import Text, documents_in, read_document
from .recognise import Choice, recognise
from .when import When, heading_of, time_of, with_time_row

CHECK_OCR = "ปานกลาง"   # what is read from a picture is never sure: staff compare it with the file


@dataclass
class Filing:
    source: Path
    text: Text
    heading: str
    when: When
    choice: Choice
    file: str = ""                 # files/<year>/… the attachment will have
    digest: str = ""               # sha256 of the file's bytes: the document's identity
    duplicate_of: str = ""         # the file (relative to the folder) with the same bytes, filed instead
    window: str = ""               # why the document is outside its item's time window, or ""

    @property
    def items(self) -> list[CatalogueItem]:
        return [score.item for score in self.choice.items]

    @property
    def filed(self) -> bool:
        return bool(self.choice.items) and not self.duplicate_of

    @property
    def skipped(self) -> bool:
        return self.text.source == "skipped"

    @property
    def title(self) -> str:
        if self.heading:
            return self.heading
        return f"{self.source.stem} (อ่านเนื้อหาไม่ได้ ตั้งชื่อจากชื่อไฟล์ ให้แก้เป็นชื่อเอกสาร)"

    @property
    def why(self) -> list[str]:
        return [word for score in self.choice.items for word in score.why]


@dataclass
class Proposal:
    year: int
    folder: Path
    filings: list[Filing] = field(default_factory=list)

    @property
    def filed(self) -> list[Filing]:
        return [f for f in self.filings if f.filed]

    @property
    def unplaced(self) -> list[Filing]:
        return [f for f in self.filings if not f.filed and not f.skipped and not f.duplicate_of]

    @property
    def skipped(self) -> list[Filing]:
        return [f for f in self.filings if f.skipped]

    @property
    def duplicates(self) -> list[Filing]:
        return [f for f in self.filings if f.duplicate_of]


def file_one(path: Path, catalogue: Catalogue) -> Filing:
    text = read_document(path)
    if text.source == "skipped":
        return Filing(path, text, "", time_of("", ""), Choice([], [], "ต่ำ"))
    heading = with_time_row(heading_of(text.lines), text.lines)
    when = time_of(heading, text.body) if text.lines else time_of("", "")
    if text.source != "text":
        when = _with_name(when, path)
    choice = recognise(catalogue, heading, text.body, path.name)
    if text.source != "text" and choice.sure == "สูง":
        choice.sure = CHECK_OCR
    filing = Filing(path, text, heading, when, choice)
    filing.window = _window(filing, catalogue.ita_year)
    return filing


def _window(filing: Filing, ita_year: int) -> str:
    """The first chosen item whose time window the document misses, with why (as readiness says it)."""
    for item in filing.items:
        if item.period == "first_half_current_fy" and in_fiscal_year(filing.when.document, ita_year,
                                                                    year_from=item.year_from):
            continue   # one month of the half year: the other months are other documents
        problem = window_problem(filing.when.document, item.period, ita_year, item.year_from)
        if problem:
            return f"{item.code}: {problem}"
    return ""


def digest_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _with_name(when: When, path: Path) -> When:
    """A scan: what OCR could not read (or everything, without OCR) from the file's name, which
    staff often write as the document's title and date ("ประกาศ No Gift 15 ต.ค. 68.jpg")."""
    # "สขร1 กุมภาพันธ์ 2570": a number glued to a word is part of the word, not a day
    name = re.sub(r"(?<=[ก-๙])(?<![๐-๙])[0-9๐-๙]{1,2}(?![0-9๐-๙])", "", re.sub(r"[-_]+", " ", path.stem))
    named = time_of(name, name)
    said_time = when.period or when.fiscal_year
    if when.date and said_time:
        return when
    title = when.document.title
    combined = time_of(title if said_time else f"{title} {name}".strip(), when.date_text or named.date_text)
    combined.document.title = title
    return combined


def propose(folder: Path, catalogue: Catalogue, taken: set[str] | None = None,
            leave_out: set[Path] = frozenset()) -> Proposal:
    """`taken`: attachment paths (files/…) already used in the data folder; `leave_out`: files of
    the folder that are not documents (the proposal file)."""
    proposal = Proposal(catalogue.ita_year, folder)
    used = set(taken or ())
    first_of: dict[str, str] = {}
    for path in documents_in(folder, leave_out):
        digest = digest_of(path)
        shown = path.relative_to(folder).as_posix()
        if digest and digest in first_of:   # the same bytes twice: filed once
            proposal.filings.append(Filing(path, Text(path, source="duplicate"), "", time_of("", ""),
                                           Choice([], [], "ต่ำ"), digest=digest, duplicate_of=first_of[digest]))
            continue
        if digest:
            first_of[digest] = shown
        filing = file_one(path, catalogue)
        filing.digest = digest
        if filing.filed:
            filing.file = attachment_path(filing, catalogue.ita_year, used)
            used.add(filing.file)
        proposal.filings.append(filing)
    return proposal


def attachment_path(filing: Filing, year: int, used: set[str]) -> str:
    """files/<year>/<o-number>-<name>.<ext> under the ITA year's folder (`year`): the name in ASCII
    from the file's own name where it has one, else the signing date (o11-2570-02-05.pdf); a clash
    gets -2, -3 …"""
    return attachment_name(filing.items[0].slug, filing.source, filing.when.date,
                           filing.when.effective_fiscal_year, year, used)


def attachment_name(slug: str, source: Path, day: dt.date | None, fiscal_year: int | None, year: int,
                    used: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-")
    stem = re.sub(rf"^{slug}-", "", stem)
    if len(re.sub(r"[^a-z]", "", stem)) < 3:   # a Thai name: the signing date (BE) names it instead
        stem = (f"{thai.be_year(day.year)}-{day:%m-%d}" if day else f"fy{fiscal_year}" if fiscal_year else "document")
    suffix = source.suffix.lower()
    candidate = f"files/{year}/{slug}-{stem}{suffix}"
    number = 2
    while candidate in used:
        candidate = f"files/{year}/{slug}-{stem}-{number}{suffix}"
        number += 1
    return candidate


def period_text(period: tuple[dt.date, dt.date]) -> str:
    """"ต.ค. 68 - มี.ค. 69", as staff write periods in oit/<year>.yaml."""
    def month(day: dt.date) -> str:
        return f"{thai.MONTHS_ABBR[day.month - 1]} {thai.be_year(day.year) % 100:02d}"
    return f"{month(period[0])} - {month(period[1])}"


def entry(filing: Filing) -> dict:
    """The document as an entry of oit/<year>.yaml `documents:`."""
    record: dict = {"title": filing.title}
    if filing.when.date:
        record["date"] = f"{thai.be_year(filing.when.date.year)}-{filing.when.date:%m-%d}"
    if filing.when.period:
        record["period"] = period_text(filing.when.period)
    elif filing.when.fiscal_year:
        record["fiscal_year"] = filing.when.fiscal_year
    record["file"] = filing.file
    return record


def as_data(proposal: Proposal) -> dict:
    """The proposal file: what each document was taken for and why, for staff to check."""
    filed, unplaced = [], []
    for filing in proposal.filings:
        if filing.filed:
            record = {"source": _shown(filing, proposal),
                      "item": filing.items[0].key, "code": filing.items[0].code}
            if len(filing.items) > 1:
                record["also"] = [item.key for item in filing.items[1:]]
            record.update({"sure": filing.choice.sure, "why": filing.why})
            if filing.text.source != "text":
                record["check"] = "อ่านจากภาพหรือชื่อไฟล์ ให้เปิดไฟล์ตรวจชื่อ วันที่ และช่วงเวลา"
            if filing.window:
                record["window"] = filing.window
            record.update(entry(filing))
            filed.append(record)
        elif not filing.skipped and not filing.duplicate_of:
            unplaced.append({"source": _shown(filing, proposal), "title": filing.title,
                             "closest": [f"{s.item.code} {s.item.title}" for s in filing.choice.closest],
                             **({"problem": filing.text.problem} if filing.text.problem else {})})
    data = {"ita_year": proposal.year, "documents": filed, "unplaced": unplaced}
    if proposal.duplicates:
        data["duplicates"] = [{"source": _shown(f, proposal), "same_as": f.duplicate_of} for f in proposal.duplicates]
    if proposal.skipped:
        data["not_read"] = [{"source": _shown(f, proposal), "problem": f.text.problem} for f in proposal.skipped]
    return data


def _shown(filing: Filing, proposal: Proposal) -> str:
    return filing.source.relative_to(proposal.folder).as_posix()
