"""Pipeline stage 2: check every loaded file against the data format, and the
data as a whole for consistency. Problems are collected, never raised.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from . import schema, thai
from .crosscheck import check_plan
from .fields import INVALID, Ctx
from .load import DataSet, LoadedFile, line_of
from .catalogue import Catalogue
from .model import Model
from .problems import Problems
from .timewindow import item_window_problem


@dataclass
class Records:
    """Validated, normalised records of one data folder (None where a file is absent or broken)."""

    organisation: dict | None = None
    site: dict | None = None
    plan: dict | None = None
    plan_file: str = ""
    measures: list[tuple[LoadedFile, dict]] = field(default_factory=list)
    oit: list[tuple[LoadedFile, dict]] = field(default_factory=list)


def check_file(loaded: LoadedFile | None, spec, data_root: Path, problems: Problems):
    """Validate one file against its schema; None if absent or invalid."""
    if loaded is None or loaded.data is None:
        if loaded is not None and not any(p.file == loaded.name for p in problems.items):
            problems.error(loaded.name, 1, "-", "ไฟล์ว่างเปล่า ให้ใส่ข้อมูลตามรูปแบบใน docs/data-format.md หรือลบไฟล์นี้")
        return None
    ctx = Ctx(loaded.name, "", getattr(loaded.data, "line", 1), problems, data_root)
    result = spec.check(loaded.data, ctx)
    return None if result is INVALID else result


def check_files(dataset: DataSet, problems: Problems) -> Records:
    root = dataset.root
    records = Records()
    records.organisation = check_file(dataset.organisation, schema.ORGANISATION, root, problems)
    records.site = check_file(dataset.site, schema.SITE, root, problems)
    records.plan = check_file(dataset.plan, schema.PLAN, root, problems)
    records.plan_file = dataset.plan.name if dataset.plan else ""
    for loaded in dataset.measures:
        if (record := check_file(loaded, schema.MEASURES_REPORT, root, problems)) is not None:
            records.measures.append((loaded, record))
    for loaded in dataset.oit:
        if (record := check_file(loaded, schema.OIT, root, problems)) is not None:
            records.oit.append((loaded, record))
    return records


# --- whole-data checks ---------------------------------------------------------------------

def cross_check(model: Model, records: Records, catalogues: dict[int, Catalogue], page_ids: set[str],
                problems: Problems) -> None:
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
    from .model import build_oit_year  # evidence objects share the time-window logic

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
    seen: dict[int, str] = {}
    for loaded, record in records.measures:
        year = record["fiscal_year"]
        if year in seen:
            problems.warning(loaded.name, getattr(record, "line", None), "fiscal_year",
                             f"มีรายงานมาตรการของปีงบประมาณ {year} แล้วใน {seen[year]}")
        seen.setdefault(year, loaded.name)
