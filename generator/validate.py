"""Pipeline stage 2: check every loaded file against the data format, and the
data as a whole for consistency. Problems are collected, never raised.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .crosscheck import check_plan
from .fields import INVALID, Ctx
from .load import DataSet, LoadedFile, line_of, load_yaml_file
from .model import Catalogue, Model, build_catalogue
from .problems import Problems
from .timewindow import item_window_problem

CATALOGUE_DIR = Path(__file__).parent / "catalogues"


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


# --- catalogues --------------------------------------------------------------------------

_CATALOGUE_CACHE: dict = {}


def load_catalogues(problems: Problems, directory: Path = CATALOGUE_DIR) -> dict[int, Catalogue]:
    """All shipped OIT catalogues, by ITA year. A new year is a new file, no code change.
    Parsed once per process while the files are unchanged (validate, build, serve and the
    tests call this on every run; catalogues are read-only once built)."""
    key = (str(directory), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                                 for p in sorted(Path(directory).glob("*.yaml"))))
    if key not in _CATALOGUE_CACHE:
        found = Problems()
        _CATALOGUE_CACHE.clear()
        _CATALOGUE_CACHE[key] = (_load_catalogues_uncached(found, directory), list(found.items))
    catalogues, cached_problems = _CATALOGUE_CACHE[key]
    problems.items.extend(cached_problems)
    return dict(catalogues)


def _load_catalogues_uncached(problems: Problems, directory: Path) -> dict[int, Catalogue]:
    catalogues: dict[int, Catalogue] = {}
    vocabulary = _load_vocabulary(directory, problems)
    for path in sorted(directory.glob("ita-*.yaml")):
        shown = f"generator/catalogues/{path.name}"
        data = load_yaml_file(path, shown, problems)
        if data is None:
            continue
        record = schema.CATALOGUE.check(data, Ctx(shown, "", 1, problems, None))
        if record is INVALID:
            continue
        catalogue = build_catalogue(record, shown)
        _check_catalogue(catalogue, vocabulary, problems)
        catalogues[catalogue.ita_year] = catalogue
    return catalogues


def _load_vocabulary(directory: Path, problems: Problems) -> dict:
    """Check names and page ids a catalogue may use (vocabulary.yaml)."""
    path = directory / "vocabulary.yaml"
    data = load_yaml_file(path, f"generator/catalogues/{path.name}", problems) if path.is_file() else None
    return data if isinstance(data, dict) else {}


def _check_catalogue(catalogue: Catalogue, vocabulary: dict, problems: Problems) -> None:
    """Next year's file is checked when it loads, not only by the project's tests."""
    checks, page_ids = set(vocabulary.get("checks", {})), set(vocabulary.get("pages", {}))
    numbers = [item.number for item in catalogue.items]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        problems.error(catalogue.source_file, None, "indicators",
                       f"เลขข้อต้องเรียง 1 ถึง {len(numbers)} ไม่ซ้ำไม่ข้าม (พบ {sorted(numbers)})")
    for item in catalogue.items:
        for component in item.components:
            if checks and component.check and component.check not in checks:
                problems.error(catalogue.source_file, None, f"items.{item.key}.components.{component.id}.check",
                               f"ไม่รู้จักกฎ '{component.check}' (ดู generator/catalogues/vocabulary.yaml)")
        for page in item.pages:
            if page_ids and page not in page_ids:
                problems.error(catalogue.source_file, None, f"items.{item.key}.pages",
                               f"ไม่รู้จักหน้า '{page}' (ดู generator/catalogues/vocabulary.yaml)")
    seen_keys, seen_numbers = set(), set()
    for item in catalogue.items:
        if item.key in seen_keys:
            problems.error(catalogue.source_file, None, f"items.{item.key}", f"key '{item.key}' ซ้ำในบัญชีรายการปีเดียวกัน")
        if item.number in seen_numbers:
            problems.error(catalogue.source_file, None, f"items.{item.key}", f"เลขข้อ {item.number} ซ้ำ")
        seen_keys.add(item.key)
        seen_numbers.add(item.number)


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
        reason = item_window_problem(evidence.documents, item.period, year)
        if reason:
            problems.warning(loaded.name, line, f"items.{key}.documents", f"{item.code}: {reason}")


def _check_measure_years(records: Records, problems: Problems) -> None:
    seen: dict[int, str] = {}
    for loaded, record in records.measures:
        year = record["fiscal_year"]
        if year in seen:
            problems.warning(loaded.name, getattr(record, "line", None), "fiscal_year",
                             f"มีรายงานมาตรการของปีงบประมาณ {year} แล้วใน {seen[year]}")
        seen.setdefault(year, loaded.name)
