"""Pipeline stage 2: check every loaded file against the data format. Problems
are collected, never raised. The checks of the data as a whole run on the built
model (crosscheck.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .fields import INVALID, Ctx
from .load import DataSet, LoadedFile
from .problems import Problems


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


