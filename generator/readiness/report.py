"""The readiness result as text (for the officer), JSON (for CI and other tools)
or Markdown (for a pull-request comment or a printout).

JSON shape (version 1):
    {"version": 1, "ita_year", "fiscal_year", "fiscal_window": [start, end], "today", "as_of",
     "organisation", "online", "provisional_notice": str|null, "notes": [...],
     "scores": {"oit" (mean of sub-indicator means), "band", "passed", "band_meaning",
                "oit_item_mean" (mean of items), "item_mean_band", "grouping_confirmed",
                "indicators": {"9": x, "10": y},
                "sub_indicators": {"9.1": x, ...}},
     "counts": {"complete", "incomplete", "stale", "missing", "needs_human_check"},
     "items": [{"id": "O2", "number", "key", "title", "indicator", "sub_indicator", "url",
                "status", "status_text", "score", "reasons": [{"kind", "message", "where": [...]}],
                "needs_human_check", "human_checks": [...], "components": [...],
                "period": {...}, "evidence": "file:line", "looked_at": [...], "notes": [...]}],
     "unreachable": {url: detail}, "problems": [{"file", "line", "field", "message", "severity"}]}
Dates are ISO (CE) in JSON; every message is Thai.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import thai
from ..catalogue import provisional_notice
from .assess import HUMAN_TEXT, STATUS_TEXT, Assessment, ItemResult, assess
from .period import Finding
from .score import BAND_MEANING, PASS_MARK

MARK = {"complete": "✔", "incomplete": "✘", "stale": "✘", "missing": "✘"}
COMPONENT_MARK = {"met": "✔", "not_met": "✘", "human": "?"}


def render(assessment: Assessment, fmt: str) -> str:
    return {"text": to_text, "json": to_json, "markdown": to_markdown}[fmt](assessment)


def _date(day) -> str:
    return thai.thai_date(day)


def _item_url(assessment: Assessment, result: ItemResult) -> str:
    site = assessment.model.site.site_url
    path = f"ita/{assessment.ita_year}/{result.item.slug}/"
    return f"{site.rstrip('/')}/{path}" if site else f"/{path}"


def _where(finding: Finding) -> str:
    return ", ".join(finding.where)


# --- JSON ---------------------------------------------------------------------------------------

def _finding(f: Finding) -> dict:
    data = {"kind": f.kind, "message": f.message, "where": list(f.where)}
    if f.component:
        data["component"] = f.component
    return data


def as_dict(assessment: Assessment) -> dict:
    model, scores = assessment.model, assessment.scores
    start, end = assessment.fiscal_window
    items = []
    for r in assessment.items:
        item = r.item
        items.append({
            "id": item.code, "number": item.number, "key": item.key, "title": item.title,
            "indicator": item.indicator_id, "sub_indicator": item.sub_indicator_id,
            "url": _item_url(assessment, r),
            "status": r.status, "status_text": r.status_text, "score": r.score,
            "reasons": [_finding(f) for f in r.reasons],
            "needs_human_check": r.needs_human_check,
            "human_checks": [_finding(f) for f in r.human_checks],
            "components": [
                {"id": c.id, "title": c.title, "check": c.check, "state": c.state, "message": c.message,
                 "where": c.where, **({"confirm": c.confirm} if c.confirm else {})}
                for c in r.components
            ],
            "period": {
                "rule": r.period.rule, "text": r.period.text, "state": r.period.state,
                "message": r.period.message,
                "window": [d.isoformat() for d in r.period.window] if r.period.window else None,
            },
            "evidence": r.evidence_where, "pages": r.pages, "looked_at": r.looked_at,
            "notes": [_finding(f) for f in r.notes],
        })
    return {
        "version": 1,
        "ita_year": assessment.ita_year,
        "fiscal_year": assessment.ita_year,
        "fiscal_window": [start.isoformat(), end.isoformat()],
        "today": assessment.today.isoformat(),
        "as_of": model.as_of.isoformat(),
        "organisation": model.organisation.name,
        "online": assessment.online,
        "provisional_notice": provisional_notice(model.catalogue),
        "notes": assessment.notes,
        "scores": {
            "oit": scores.oit, "band": scores.band, "passed": scores.passed,
            "band_meaning": BAND_MEANING,
            "oit_item_mean": scores.item_mean, "item_mean_band": scores.item_mean_band,
            "grouping_confirmed": scores.grouping_confirmed,
            "indicators": scores.indicators, "sub_indicators": scores.sub_indicators,
        },
        "counts": {**{s: assessment.count(s) for s in STATUS_TEXT},
                   "needs_human_check": sum(1 for r in assessment.items if r.needs_human_check)},
        "items": items,
        "unreachable": assessment.unreachable,
        "problems": [
            {"file": p.file, "line": p.line, "field": p.field, "message": p.message, "severity": p.severity}
            for p in assessment.problems.sorted()
        ],
    }


def to_json(assessment: Assessment) -> str:
    return json.dumps(as_dict(assessment), ensure_ascii=False, indent=2)


# --- text ---------------------------------------------------------------------------------------

def _header(a: Assessment) -> list[str]:
    start, end = a.fiscal_window
    lines = [
        f"ความพร้อมการประเมิน ITA {a.ita_year} (OIT) · {a.model.organisation.name}",
        f"ปีงบประมาณที่ประเมิน: พ.ศ. {a.ita_year} ({_date(start)} – {_date(end)})",
        f"ตรวจ ณ วันที่: {_date(a.today)} · "
        + ("ตรวจลิงก์ภายนอกแล้ว (--online)" if a.online else "ไม่ได้ตรวจลิงก์ภายนอก (ใช้ --online เพื่อตรวจ)"),
    ]
    return lines


def score_summary(a: Assessment) -> list[str]:
    """The projected OIT score in words: both ways of averaging when the grouping is unconfirmed,
    and the band as what it means (a band of the whole ITA score)."""
    s = a.scores
    if s.grouping_confirmed:
        lines = [f"คะแนน OIT ที่คาดว่าจะได้: {s.oit:.2f}"]
    else:
        lines = [f"คะแนน OIT ที่คาดว่าจะได้: {s.oit:.2f} (ค่าเฉลี่ยของตัวชี้วัดย่อย) หรือ {s.item_mean:.2f} (ค่าเฉลี่ยของทุกข้อ)",
                 f"การจัดข้อเข้าตัวชี้วัดย่อยของปี {a.ita_year} ยังไม่ได้ยืนยันกับคู่มือของสำนักงาน ป.ป.ช. "
                 "และกำหนดน้ำหนักของแต่ละข้อ จึงแสดงทั้งสองวิธี"]
    bands = s.band if s.grouping_confirmed or s.band == s.item_mean_band else f"{s.band} หรือ {s.item_mean_band}"
    target = "" if s.passed else f" (เป้าหมายของคะแนน ITA รวมคือ {PASS_MARK} คะแนนขึ้นไป)"
    lines.append(f"ระดับ {bands}: {BAND_MEANING}{target}")
    return lines


def _score_lines(a: Assessment, indent: str = "  ") -> list[str]:
    s = a.scores
    lines = score_summary(a)
    for indicator in a.model.catalogue.indicators:
        if indicator.id not in s.indicators:
            continue
        lines.append(f"{indent}ตัวชี้วัดที่ {indicator.id} {indicator.title}: {s.indicators[indicator.id]:.2f}")
        for sub in indicator.sub_indicators:
            if sub.id in s.sub_indicators:
                done, total = s.sub_counts[sub.id]
                lines.append(f"{indent * 2}{sub.id} {sub.title}: {s.sub_indicators[sub.id]:.2f} (ครบ {done} จาก {total} ข้อ)")
    return lines


def _counts(a: Assessment) -> str:
    parts = [f"{STATUS_TEXT[s]} {a.count(s)}" for s in STATUS_TEXT]
    return "สรุป: " + " · ".join(parts) + f" · มีส่วนที่{HUMAN_TEXT} {len(a.human)} ข้อ"


def staff_notes(a: Assessment) -> list[str]:
    """The notes of the report, with the catalogue's provisional notice first: staff read it here
    and in validate/build, never on a public page (the site's readiness page prints a.notes only)."""
    notice = provisional_notice(a.model.catalogue)
    return ([f"{notice} คะแนนนี้เป็นการคาดการณ์จากข้อมูลเท่านั้น"] if notice else []) + a.notes


def to_text(a: Assessment) -> str:
    lines = _header(a)
    for note in staff_notes(a):
        lines.append(f"หมายเหตุ: {note}")
    lines.append("")
    lines += _score_lines(a)
    lines.append(_counts(a))
    failing = a.failing
    lines.append("")
    if failing:
        lines.append(f"ข้อที่จะได้ 0 คะแนน ({len(failing)} ข้อ)")
        for r in failing:
            lines.append(f"{MARK[r.status]} {r.item.code} {r.item.title} [{r.status}: {r.status_text}]")
            for f in r.reasons:
                lines.append(f"    - {f.message}")
                if f.where:
                    lines.append(f"      ({_where(f)})")
            for f in r.notes:
                lines.append(f"    หมายเหตุ: {f.message}" + (f" ({_where(f)})" if f.where else ""))
    else:
        lines.append("ไม่มีข้อที่จะได้ 0 คะแนนจากการตรวจอัตโนมัติ")
    human = a.human
    if human:
        lines.append("")
        lines.append(f"{HUMAN_TEXT} ({len(human)} ข้อ: นับว่าผ่านเพราะมีหลักฐาน แต่เครื่องตรวจเนื้อหาไม่ได้)")
        for r in human:
            lines.append(f"? {r.item.code} {r.item.title}")
            for f in r.human_checks:
                lines.append(f"    - {f.message.removeprefix(HUMAN_TEXT + ': ')}")
    lines.append("")
    lines.append("ทุกข้อ")
    for r in a.items:
        flag = " (+ต้องตรวจ)" if r.needs_human_check and r.status != "missing" else ""
        lines.append(f"  {r.item.code:<4} {MARK[r.status]} {r.status:<10} {r.item.title}{flag}")
    return "\n".join(lines) + "\n"


# --- Markdown -----------------------------------------------------------------------------------

def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(a: Assessment) -> str:
    s = a.scores
    start, end = a.fiscal_window
    lines = [
        f"# ความพร้อมการประเมิน ITA {a.ita_year} (OIT): {_md(a.model.organisation.name)}",
        "",
        f"- ปีงบประมาณที่ประเมิน: พ.ศ. {a.ita_year} ({_date(start)} – {_date(end)})",
        f"- ตรวจ ณ วันที่: {_date(a.today)}",
        *[f"- {_md(line)}" for line in score_summary(a)],
        f"- {_counts(a).removeprefix('สรุป: ')}",
    ]
    for note in staff_notes(a):
        lines.append(f"- หมายเหตุ: {_md(note)}")
    lines += ["", "| ตัวชี้วัด | คะแนน | ครบ |", "|---|---:|---:|"]
    for indicator in a.model.catalogue.indicators:
        if indicator.id not in s.indicators:
            continue
        lines.append(f"| **{indicator.id} {_md(indicator.title)}** | **{s.indicators[indicator.id]:.2f}** | |")
        for sub in indicator.sub_indicators:
            if sub.id in s.sub_indicators:
                done, total = s.sub_counts[sub.id]
                lines.append(f"| {sub.id} {_md(sub.title)} | {s.sub_indicators[sub.id]:.2f} | {done}/{total} |")
    lines += ["", "## ทุกข้อ", "", "| ข้อ | รายการ | สถานะ | เหตุผล |", "|---|---|---|---|"]
    for r in a.items:
        reasons = "<br>".join(_md(f.message) + (f" (`{_md(_where(f))}`)" if f.where and r.status != "complete" else "")
                              for f in r.reasons)
        if r.human_checks and r.status != "missing":
            reasons += "<br>" + "<br>".join(f"? {_md(f.message)}" for f in r.human_checks)
        lines.append(f"| {r.item.code} | {_md(r.item.title)} | {MARK[r.status]} {r.status} ({r.status_text}) | {reasons} |")
    return "\n".join(lines) + "\n"


def summary_line(model, page_ids: set[str], data_dir: Path) -> str | None:
    """One line after a build: how many items of the current year are complete and which need
    work, judged as of the data's "as of" date like the site's pages, so that a staff member
    who only builds learns that an item has no evidence."""
    if model.catalogue is None:
        return None
    assessment = assess(model, page_ids, today=model.as_of)
    year, total = model.year, len(assessment.items)
    to_fix = [r.item.code for r in assessment.failing]
    shown = ", ".join(to_fix[:8]) + (" …" if len(to_fix) > 8 else "")
    data = "" if Path(data_dir) == Path("data") else f" --data {data_dir}"
    return (f"ความพร้อม ITA {year} (ข้อมูล ณ วันที่ {thai.thai_date(model.as_of)}): "
            f"ครบ {assessment.count('complete')} จาก {total} ข้อ ต้องแก้ {len(to_fix)} ข้อ"
            + (f" ({shown})" if to_fix else "")
            + f" ดูรายละเอียดด้วยคำสั่ง prongsai check{data} --year {year} --today {model.as_of.isoformat()}")
