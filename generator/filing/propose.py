"""One proposal per document: item(s), heading, date, fiscal year, period and attachment path."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import thai
from ..catalogue import Catalogue, CatalogueItem
from .read import Text, documents_in, read_document
from .recognise import Choice, recognise
from .when import When, heading_of, time_of


@dataclass
class Filing:
    source: Path
    text: Text
    heading: str
    when: When
    choice: Choice
    file: str = ""                 # files/<year>/… the attachment will have

    @property
    def items(self) -> list[CatalogueItem]:
        return [score.item for score in self.choice.items]

    @property
    def filed(self) -> bool:
        return bool(self.choice.items)

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
        return [f for f in self.filings if not f.filed]


def file_one(path: Path, catalogue: Catalogue) -> Filing:
    text = read_document(path)
    heading = heading_of(text.lines)
    when = time_of(heading, text.body) if text.lines else time_of("", "")
    if text.source != "text":
        when = _with_name(when, path)
    choice = recognise(catalogue, heading, text.body, path.name)
    return Filing(path, text, heading, when, choice)


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


def propose(folder: Path, catalogue: Catalogue, taken: set[str] | None = None) -> Proposal:
    """`taken`: attachment paths (files/…) already used in the data folder."""
    proposal = Proposal(catalogue.ita_year, folder)
    used = set(taken or ())
    for path in documents_in(folder):
        filing = file_one(path, catalogue)
        if filing.filed:
            filing.file = attachment_path(filing, catalogue.ita_year, used)
            used.add(filing.file)
        proposal.filings.append(filing)
    return proposal


def attachment_path(filing: Filing, year: int, used: set[str]) -> str:
    """files/<year>/<o-number>-<name>.<ext>: the name in ASCII from the file's own name where it
    has one, else the signing date (o11-2570-02-05.pdf); a clash gets -2, -3 …"""
    slug = filing.items[0].slug
    stem = re.sub(r"[^a-z0-9]+", "-", filing.source.stem.lower()).strip("-")
    stem = re.sub(rf"^{slug}-", "", stem)
    if len(re.sub(r"[^a-z]", "", stem)) < 3:   # a Thai name: the signing date (BE) names it instead
        day = filing.when.date
        year = filing.when.effective_fiscal_year
        stem = (f"{thai.be_year(day.year)}-{day:%m-%d}" if day else f"fy{year}" if year else "document")
    suffix = filing.source.suffix.lower()
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
            record = {"source": str(filing.source.relative_to(proposal.folder)),
                      "item": filing.items[0].key, "code": filing.items[0].code}
            if len(filing.items) > 1:
                record["also"] = [item.key for item in filing.items[1:]]
            record.update({"sure": filing.choice.sure, "why": filing.why})
            record.update(entry(filing))
            filed.append(record)
        else:
            unplaced.append({"source": str(filing.source.relative_to(proposal.folder)), "title": filing.title,
                             "closest": [f"{s.item.code} {s.item.title}" for s in filing.choice.closest],
                             **({"problem": filing.text.problem} if filing.text.problem else {})})
    return {"ita_year": proposal.year, "documents": filed, "unplaced": unplaced}
