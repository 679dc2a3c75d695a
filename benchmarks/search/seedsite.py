"""Build a small MkDocs docs/ tree from the raw seed documents.

This is a stand-in for the generated example site: it lets the search design be
measured on realistic Thai (seed 002: the 5-year anti-corruption plan with its 44
project sheets; seed 000: a measures report; the draft OIT catalogue) even when the
generator is not available.  Pages are split the way the generator splits them
(overview, risk, one page per project, measures, ITA items).

    python benchmarks/search/seedsite.py OUT_DIR   # writes OUT_DIR/docs/*.md
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

SECTION_RE = re.compile(r"^([๑-๙0-9]+)\.\s*(ชื่อโครงการ|หลักการและเหตุผล|วัตถุประสงค์|กลุ่มเป้าหมาย|"
                        r"วิธีดำเนินการ|วิธีการดำเนินการ|ระยะเวลา|งบประมาณ|ผู้รับผิดชอบ|ผลผลิต|ตัวชี้วัด|ผลที่คาดว่า)")


def _clean(line: str) -> str:
    line = re.sub(r"<[^>]+>", " ", line)
    return html.unescape(line).strip()


def _para(lines: list[str]) -> str:
    out = []
    for ln in lines:
        ln = ln.rstrip()
        if "\t" in ln:
            cells = [_clean(c) for c in ln.split("\t")]
            ln = " | ".join(c for c in cells if c)
            out.append(ln.replace("|", "—") + "\n")
        else:
            out.append(_clean(ln) + "\n" if ln.strip() else "\n")
    return "".join(out)


def build(out: Path, seeds: Path = SHARED / "seeds") -> list[str]:
    docs = out / "docs"
    (docs / "plan" / "projects").mkdir(parents=True, exist_ok=True)
    (docs / "ita" / "2569").mkdir(parents=True, exist_ok=True)
    (docs / "measures").mkdir(parents=True, exist_ok=True)
    s002 = next(seeds.glob("002_*.txt")).read_text(encoding="utf-8").splitlines()
    s000 = next(seeds.glob("000_*.txt")).read_text(encoding="utf-8").splitlines()
    written = []

    def w(rel: str, text: str) -> None:
        p = docs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        written.append(rel)

    # home: the announcement
    ann_end = next(i for i, l in enumerate(s002) if l.startswith("แผนปฏิบัติการป้องกันการทุจริต เพื่อ"))
    w("index.md", "# องค์การบริหารส่วนตำบลเมืองพะไล\n\n## ประกาศใช้แผนปฏิบัติการ\n\n"
      + _para(s002[4:ann_end]))
    # plan overview + risk + summary table
    risk = next(i for i, l in enumerate(s002) if l.startswith("๑. การประเมินความเสี่ยงการทุจริตในองค์กร"))
    reason = next(i for i, l in enumerate(s002) if l.startswith("๒. หลักการและเหตุผล"))
    part3 = next(i for i, l in enumerate(s002) if l.startswith("ส่วนที่ ๓") and i > 150)
    w("plan/index.md", "# แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ๒๕๖๖–๒๕๗๐)\n\n"
      + _para(s002[ann_end:risk]) + "\n## หลักการและเหตุผล\n\n" + _para(s002[reason:part3]))
    w("plan/risk.md", "# การประเมินความเสี่ยงการทุจริต\n\n" + _para(s002[risk + 1:reason]))
    # project sheets
    starts = [i for i, l in enumerate(s002) if re.match(r"^[๑1]\.\s*ชื่อโครงการ", l)]
    for n, st in enumerate(starts, 1):
        end = starts[n] if n < len(starts) else len(s002)
        block = s002[st:end]
        # drop the next sheet's "ลำดับที่" / heading lines
        while block and (block[-1].startswith("ลำดับที่") or not block[-1].strip()):
            block.pop()
        name = re.sub(r"^[๑1]\.\s*ชื่อโครงการ\s*:?\s*", "", block[0]).strip()
        body = [f"# {name}\n\n"]
        for ln in block[1:]:
            m = SECTION_RE.match(ln.strip())
            if m:
                body.append(f"\n## {ln.strip()}\n\n")
            else:
                body.append(_para([ln]))
        w(f"plan/projects/{n}.md", "".join(body))
    # measures report (seed 000)
    body = ["# รายงานการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๔\n\n"]
    for ln in s000:
        c = _clean(ln.split("\t")[0]) if "\t" in ln else ""
        if c and re.match(r"^[0-9]+\.\s*\S", c) and not c.startswith("มาตรการ/"):
            body.append(f"\n## {c}\n\n")
        if "มาตรการ/แนวทาง" in ln and "วิธีการดำเนินการ" in ln:
            continue
        body.append(_para([ln]))
    w("measures/2564.md", "".join(body))
    # ITA items 2569 (from the draft catalogue, 2566 list has richer wording)
    import yaml
    cat = yaml.safe_load((SHARED / "reference" / "oit_catalog_draft.yaml").read_text(encoding="utf-8"))
    items = cat["2566"]["items"]
    lines = ["# การประเมิน ITA ปี ๒๕๖๙\n\n| ข้อ | รายการ |\n|---|---|\n"]
    for it in items:
        lines.append(f"| [{it['id']}]({it['id']}.md) | {it['th']} |\n")
        w(f"ita/2569/{it['id']}.md",
          f"# {it['id'].upper()} {it['th']}\n\nตัวชี้วัดย่อย {it.get('sub', '')} "
          f"ข้อมูลที่องค์การบริหารส่วนตำบลเมืองพะไลเผยแพร่สำหรับข้อ {it['id']} ({it['key']}).\n")
    w("ita/2569/index.md", "".join(lines))
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1])
    print(len(build(out)), "pages")
