"""What `prongsai file` prints and writes: a Thai table, the proposal file, what --apply did."""

from __future__ import annotations

from .. import thai
from ..importers.write_yaml import dump_yaml
from .apply import Outcome
from .edited import with_check_line
from .propose import Proposal, as_data, period_text


def _cell(text: str) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def _time(filing) -> str:
    when = filing.when
    if when.period:
        return f"ช่วง {period_text(when.period)}"
    year = when.effective_fiscal_year
    shown = f"ปีงบ {year}" if year else "-"
    return shown + (f" ⚠ ไม่ตรงช่วงเวลาของข้อ ({filing.window})" if filing.window else "")


def table(proposal: Proposal) -> str:
    lines = [f"เอกสาร {len(proposal.filings)} ไฟล์ จัดเข้าข้อ OIT ปี {proposal.year} ได้ {len(proposal.filed)} ไฟล์"
             + (f" จัดไม่ได้ {len(proposal.unplaced)} ไฟล์" if proposal.unplaced else "")
             + (f" ไฟล์ซ้ำ {len(proposal.duplicates)} ไฟล์" if proposal.duplicates else "")
             + (f" ไม่ได้อ่าน {len(proposal.skipped)} ไฟล์" if proposal.skipped else ""), "",
             "| เอกสาร | ข้อ | มั่นใจ | เพราะพบคำว่า | ชื่อเอกสาร | ลงวันที่ | ปีงบประมาณ/ช่วง | ไฟล์แนบ |",
             "|---|---|---|---|---|---|---|---|"]
    for filing in proposal.filed:
        codes = " + ".join(item.code for item in filing.items)
        day = thai.thai_date(filing.when.date) if filing.when.date else "ไม่พบ"
        why = ", ".join(f"\"{word}\"" for word in filing.why[:4])
        if filing.text.source == "name":
            why += " (จากชื่อไฟล์ อ่านเนื้อหาไม่ได้ ให้ตรวจ)"
        elif filing.text.source == "ocr":
            why += " (อ่านจากภาพ ให้ตรวจ)"
        lines.append(f"| {_cell(filing.source.name)} | {codes} | {filing.choice.sure} | {_cell(why)} | "
                     f"{_cell(filing.title)} | {day} | {_time(filing)} | {filing.file} |")
    if proposal.unplaced:
        lines += ["", "จัดเข้าข้อไม่ได้ (ให้เจ้าหน้าที่เลือกข้อเอง):"]
        for filing in proposal.unplaced:
            closest = " หรือ ".join(f"{s.item.code} {s.item.title}" for s in filing.choice.closest) or "ไม่มีข้อที่ใกล้เคียง"
            reason = f" ({filing.text.problem})" if filing.text.problem else ""
            lines.append(f"- {filing.source.name}: {filing.heading or 'ไม่พบหัวเรื่อง'}{reason} ข้อที่ใกล้ที่สุด: {closest}")
    if proposal.duplicates:
        lines += ["", "ไฟล์ซ้ำ (เนื้อหาเดียวกันทุกไบต์ จัดเพียงครั้งเดียว):"]
        lines += [f"- {filing.source.name}: ซ้ำกับ {filing.duplicate_of}" for filing in proposal.duplicates]
    if proposal.skipped:
        lines += ["", "ไม่ได้อ่าน:"]
        lines += [f"- {filing.source.name}: {filing.text.problem}" for filing in proposal.skipped]
    return "\n".join(lines)


def proposal_yaml(proposal: Proposal) -> str:
    header = (f"ข้อเสนอการจัดเอกสารเข้าข้อ OIT ปี {proposal.year} (prongsai file)\n"
              "documents: เอกสารที่จัดได้ (item = ข้อ, sure = ความมั่นใจ, why = คำที่ใช้ตัดสิน)\n"
              "unplaced: เอกสารที่จัดไม่ได้ พร้อมสองข้อที่ใกล้ที่สุด (ใส่ item: เพื่อให้ --apply เพิ่มเอกสารนั้น)\n"
              "แก้ item title date period ได้ แล้วสั่ง --apply: โปรแกรมใช้ไฟล์นี้ตามที่แก้ และจะไม่เขียนทับ")
    return with_check_line(dump_yaml(as_data(proposal), header=header))


def outcome_lines(outcome: Outcome) -> list[str]:
    lines = [f"เพิ่มเอกสาร {len(outcome.added)} รายการ คัดลอกไฟล์ {len(outcome.copied)} ไฟล์"]
    lines += [f"  มีอยู่แล้ว คงไว้ตามเดิม: {key}: {title}" for key, title in outcome.kept]
    lines += [f"  ชื่อไฟล์ซ้ำกับไฟล์อื่น จึงใช้ชื่อใหม่: {old} → {new}" for old, new in outcome.renamed]
    return lines
