"""Consistency checks across a plan: the kind of mistakes real documents contain
(duplicated or skipped project numbers, totals that do not add up, risk controls
that name no project). They are warnings: the site still builds, computed
figures are shown, and `--strict` turns them into errors.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from . import thai
from .model import Plan, Project
from .problems import Problems


def normalise_title(text: str) -> str:
    """Compare titles ignoring spacing, quotes, digits style and the kind word."""
    text = thai.to_arabic_digits(text)
    text = re.sub(r"^\s*(?:\d+[.)]\s*)?", "", text)
    text = re.sub(r"^(โครงการ|กิจกรรม|มาตรการ)", "", text.strip())
    return re.sub(r"[\s\"“”'‘’().,:-]+", "", text)


def match_control_to_project(control: dict, projects: list[Project]) -> Project | None:
    """The project a risk control refers to: by its `project` number, else by title."""
    number = control.get("project")
    if number is not None:
        return next((p for p in projects if p.no == number), None)
    wanted = normalise_title(control["text"])
    if not wanted:
        return None
    best, best_ratio = None, 0.0
    for project in projects:
        title = normalise_title(project.title)
        if title and (title in wanted or wanted in title):
            return project
        ratio = difflib.SequenceMatcher(None, wanted, title).ratio()
        if ratio > best_ratio:
            best, best_ratio = project, ratio
    return best if best_ratio >= 0.8 else None


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
            if match_control_to_project(control, plan.projects) is None:
                if control.get("project") is not None:
                    problems.warning(file, line, path + ".project",
                                     f"ไม่มีโครงการลำดับที่ {control['project']} ในแผน")
                else:
                    problems.warning(file, line, path,
                                     f"มาตรการควบคุม '{control['text'][:60]}' ไม่ตรงกับโครงการใดในแผน "
                                     "ให้ระบุ project: <ลำดับที่> ของโครงการที่ใช้ควบคุม")
