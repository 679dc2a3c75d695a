"""Whole-data checks, run on the built model: consistency across a plan (the kind
of mistakes real documents contain: duplicated or skipped project numbers, totals
that do not add up, risk controls that name no project), OIT evidence against the
year's catalogue and the site's pages, and files that say the same year twice.
Plan findings are warnings: the site still builds, computed figures are shown, and
`--strict` turns them into errors.
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

from . import thai
from .catalogue import Catalogue
from .load import LoadedFile, line_of
from .model import Model, Plan, Project, build_oit_year, match_control_to_project
from .problems import Problems
from .timewindow import item_window_problem
from .validate import Records


def check_plan(plan: Plan, record: dict, file: str, problems: Problems) -> None:
    if plan.start_year > plan.end_year:
        problems.error(file, getattr(record, "line", None), "end_year", "ปีสุดท้ายของแผนมาก่อนปีแรก")
        return
    _check_numbers(plan, file, problems)
    _check_budget_years(plan, file, problems)
    _check_totals(plan, record, file, problems)
    _check_controls(plan, record, file, problems)


def _check_numbers(plan: Plan, file: str, problems: Problems) -> None:
    projects = plan.projects
    _check_summary_numbers(projects, file, problems)
    counts = Counter(p.no for p in projects)
    for project in projects:
        if counts[project.no] > 1 and project.slug != str(project.no):
            problems.warning(
                file, project.line, "no",
                f"เลขลำดับโครงการ {project.no} ซ้ำกัน ('{project.title[:60]}') "
                f"จึงใช้ที่อยู่หน้า plan/projects/{project.slug}/ ให้ตรวจเลขลำดับกับเอกสารต้นฉบับ",
            )
    numbers = sorted(counts)
    if numbers:
        missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
        if missing:
            listed = ", ".join(map(str, missing[:20]))
            problems.warning(file, None, "dimensions", f"เลขลำดับโครงการข้ามไป: {listed}")


def _check_summary_numbers(projects: list[Project], file: str, problems: Problems) -> None:
    """The plan's summary table may number projects differently from the detail
    sheets (`summary_no`): report a number the summary prints twice."""
    printed = Counter(p.summary_no if p.summary_no is not None else p.no for p in projects)
    for project in projects:
        if project.summary_no is None or project.summary_no == project.no:
            continue
        twice = printed[project.summary_no] > 1
        problems.warning(
            file, project.line, "summary_no",
            f"ตารางสรุปพิมพ์ลำดับที่ {project.summary_no}"
            + (" ซ้ำกับอีกโครงการ" if twice else "")
            + f" ให้ '{project.title[:60]}' แต่รายละเอียดโครงการเป็นลำดับที่ {project.no} "
            "ให้แก้ตารางสรุปในเอกสารต้นฉบับ",
        )


def _check_budget_years(plan: Plan, file: str, problems: Problems) -> None:
    for project in plan.projects:
        outside = [y for y in project.budget if not plan.covers(y)]
        if outside:
            problems.warning(
                file, project.line, "budget",
                f"โครงการลำดับที่ {project.no} มีงบประมาณปี {', '.join(map(str, outside))} "
                f"ซึ่งอยู่นอกช่วงแผน {plan.start_year}–{plan.end_year}",
            )


def _differences(stated: dict, computed) -> list[str]:
    return [
        f"ปี {year}: ระบุ {thai.format_baht(amount)} คำนวณได้ {thai.format_baht(computed(year))}"
        for year, amount in stated.items()
        if (amount or 0) != computed(year)
    ]


def _check_totals(plan: Plan, record: dict, file: str, problems: Problems) -> None:
    for index, dimension in enumerate(plan.dimensions):
        diffs = _differences(dimension.stated_totals, dimension.budget_in)
        if diffs:
            problems.warning(
                file, dimension.line, f"dimensions[{index}].stated_totals",
                f"ยอดรวมมิติที่ {dimension.no} ไม่ตรงกับผลรวมของโครงการ ({'; '.join(diffs)}) เว็บไซต์แสดงยอดที่คำนวณได้",
            )
        count = dimension.stated_project_count
        if count is not None and count != len(dimension.projects):
            problems.warning(
                file, dimension.line, f"dimensions[{index}].stated_project_count",
                f"ระบุว่ามิติที่ {dimension.no} มี {count} โครงการ แต่รายการมี {len(dimension.projects)} โครงการ",
            )
    diffs = _differences(plan.stated_totals, plan.total_in)
    if diffs:
        problems.warning(file, getattr(record, "line", None), "stated_totals",
                         f"ยอดรวมทั้งแผนไม่ตรงกับผลรวมของโครงการ ({'; '.join(diffs)})")
    if plan.stated_project_count is not None and plan.stated_project_count != len(plan.projects):
        problems.warning(file, getattr(record, "line", None), "stated_project_count",
                         f"ระบุว่าแผนมี {plan.stated_project_count} โครงการ แต่รายการมี {len(plan.projects)} โครงการ")


def _check_controls(plan: Plan, record: dict, file: str, problems: Problems) -> None:
    risk = record.get("risk_assessment") or {}
    for index, risk_record in enumerate(risk.get("risks", [])):
        for c_index, control in enumerate(risk_record.get("controls", [])):
            line = getattr(control, "line", None)
            path = f"risk_assessment.risks[{index}].controls[{c_index}]"
            if match_control_to_project(control["text"], control.get("project"), plan.projects) is None:
                if control.get("project") is not None:
                    problems.warning(file, line, path + ".project",
                                     f"ไม่มีโครงการลำดับที่ {control['project']} ในแผน")
                else:
                    problems.warning(file, line, path,
                                     f"มาตรการควบคุม '{control['text'][:60]}' ไม่ตรงกับโครงการใดในแผน "
                                     "ให้ระบุ project: <ลำดับที่> ของโครงการที่ใช้ควบคุม")


# --- whole-data checks ---------------------------------------------------------------------

def cross_check(model: Model, records: Records, catalogues: dict[int, Catalogue], page_ids: set[str],
                problems: Problems) -> None:
    """Checks that need the built model, on top of each file's own validation (`records`)."""
    if model.plan is not None and records.plan is not None:
        check_plan(model.plan, records.plan, records.plan_file, problems)
    first_file: dict[int, str] = {}
    for loaded, record in records.oit:
        year = record["ita_year"]
        if year in first_file:
            # the site shows one of them: the other would be left out without a word
            problems.error(loaded.name, getattr(record, "line", None), "ita_year",
                           f"ปี {year} มีหลักฐานอยู่แล้วใน {first_file[year]} ให้รวมเป็นไฟล์เดียว หรือลบไฟล์ที่ไม่ใช้")
            continue
        first_file[year] = loaded.name
        _check_oit_file(loaded, record, catalogues, page_ids, problems)
    _check_measure_years(records, problems)


def _check_oit_file(loaded: LoadedFile, record: dict, catalogues: dict[int, Catalogue], page_ids: set[str],
                    problems: Problems) -> None:
    year = record["ita_year"]
    stem = Path(loaded.name).stem
    if stem.isdigit() and int(stem) != year:
        problems.error(loaded.name, getattr(record, "line", None), "ita_year",
                       f"ชื่อไฟล์เป็นปี {stem} แต่ ita_year เป็น {year} ให้แก้ให้ตรงกัน")
    catalogue = catalogues.get(year)
    if catalogue is None:
        known = ", ".join(map(str, sorted(catalogues))) or "-"
        # A warning: evidence may be prepared before next year's catalogue ships;
        # building that year itself is refused by pipeline.choose_year.
        problems.warning(loaded.name, getattr(record, "line", None), "ita_year",
                         f"ยังไม่มีบัญชีรายการ OIT ของปี {year} (มีปี {known}) จึงยังไม่แสดงไฟล์นี้ "
                         "ดู generator/catalogues/README.md")
        return
    oit = build_oit_year(record, loaded.name)
    for key, evidence in oit.evidence.items():
        line = line_of(loaded.data.get("items"), key)
        item = catalogue.item(key)
        if item is None:
            close = difflib.get_close_matches(key, [i.key for i in catalogue.items], n=1)
            hint = f" หมายถึง '{close[0]}' หรือไม่" if close else ""
            problems.error(loaded.name, line, f"items.{key}", f"ไม่มีข้อ '{key}' ในบัญชีรายการ OIT ปี {year}{hint}")
            continue
        for page in evidence.pages:
            if page not in page_ids:
                close = difflib.get_close_matches(page, [p for p in page_ids if p], n=3)
                shown = close or sorted(p for p in page_ids if p and not p.startswith("ita/"))[:8]
                problems.error(loaded.name, line, f"items.{key}.pages",
                               f"ไม่มีหน้า '{page}' ในเว็บไซต์ (หน้าที่มี เช่น {', '.join(shown)})")
        if evidence.nothing_to_report and not item.allows_nothing_to_report:
            problems.warning(loaded.name, line, f"items.{key}.nothing_to_report",
                             f"{item.code}: ข้อนี้ไม่รับคำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน ผู้ประเมินต้องเห็นหลักฐานของข้อนี้ "
                             "(รับเฉพาะข้อที่บัญชีรายการ OIT กำหนด เช่น สถิติเรื่องร้องเรียน)")
        # October–March cannot be covered before the round has ended: nothing to fix yet
        round_open = item.period == "first_half_current_fy" and _round_still_open(oit.as_of, year)
        reason = None if round_open else item_window_problem(evidence.documents, item.period, year, item.year_from)
        if reason:
            problems.warning(loaded.name, line, f"items.{key}.documents", f"{item.code}: {reason}")


def _round_still_open(as_of, fiscal_year: int) -> bool:
    """Whether the data's "as of" date is before the end of the year's first 6-month round."""
    return as_of is not None and as_of < thai.first_half_bounds(fiscal_year)[1]


def _check_measure_years(records: Records, problems: Problems) -> None:
    """One report per fiscal year and round: the six-month and the annual report of a year live side by side."""
    seen: dict[tuple[int, str], str] = {}
    for loaded, record in records.measures:
        key = (record["fiscal_year"], _report_round(loaded, record))
        if key in seen:
            problems.warning(loaded.name, getattr(record, "line", None), "fiscal_year",
                             f"มีรายงานมาตรการรอบ {key[1]} ของปีงบประมาณ {key[0]} แล้วใน {seen[key]}")
        seen.setdefault(key, loaded.name)


def _report_round(loaded: LoadedFile, record: dict) -> str:
    """The report's `round`, else what its file name says (<fy>-6m.yaml is the six-month round)."""
    if record.get("round"):
        return record["round"]
    return "6 เดือน" if Path(loaded.name).stem.endswith("-6m") else "12 เดือน"
