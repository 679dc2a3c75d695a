"""Stages load → validate → model: the typed model of a data folder.

`read_model` is what every command that needs the organisation's data calls (build through
pipeline.py, the readiness check, the importers' notices, the export); it writes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import load, model as m, validate
from .catalogue import load_catalogues
from .problems import Problems


def read_model(data_dir: Path, problems: Problems, *, year: int | None = None,
               today: dt.date | None = None) -> tuple[m.Model | None, validate.Records, dict]:
    """(model, validated records, catalogues by year) of a data folder; every problem found goes
    into `problems`. The model is None when essential data (organisation.yaml) is broken.
    `year`: the ITA year shown as current (default: site.yaml's, else the newest evidence file,
    else the newest catalogue); `today`: the "as of" date when the data gives none."""
    dataset = load.load_data_folder(data_dir, problems)
    catalogues = load_catalogues(problems)
    records = validate.check_files(dataset, problems)
    if records.organisation is None:
        return None, records, catalogues
    site = m.build_site(records.site)
    chosen = choose_year(year, site, records, catalogues, problems)
    oit_years: dict[int, m.OitYear] = {}
    for loaded, record in records.oit:
        # a second file of the same year is an error (validate.cross_check): the first one counts
        oit_years.setdefault(record["ita_year"], m.build_oit_year(record, loaded.name))
    model = m.Model(
        organisation=m.build_organisation(records.organisation),
        site=site,
        plan=_plan_of(records.plan) if records.plan else None,
        measures=sorted(
            (m.build_measures_report(r, Path(f.name).stem, f.name) for f, r in records.measures),
            key=lambda report: report.fiscal_year,
        ),
        catalogue=catalogues.get(chosen) if chosen else None,
        oit=oit_years.get(chosen) if chosen else None,
        year=chosen,
        data_root=data_dir,
        generated_on=today or dt.date.today(),
        catalogues=catalogues,
        oit_years=oit_years,
    )
    return model, records, catalogues


# The plan of the last read: a preview rebuilds on every edit, and a large plan (hundreds of
# projects, their risk controls matched to projects by title) is the slowest part of the model;
# an edit elsewhere leaves its validated record equal, so the same Plan is used again.
_last_plan: list[tuple[dict, m.Plan]] = []


def _plan_of(record: dict) -> m.Plan:
    if _last_plan and _last_plan[0][0] == record:
        return _last_plan[0][1]
    plan = m.build_plan(record)
    _last_plan[:] = [(record, plan)]
    return plan


def choose_year(year: int | None, site: m.Site, records: validate.Records, catalogues: dict,
                problems: Problems) -> int | None:
    """--year, else site.yaml's ita_year, else the newest evidence file, else the newest catalogue."""
    evidence_years = sorted(r["ita_year"] for _, r in records.oit)
    year = year or site.ita_year or (evidence_years[-1] if evidence_years else None) \
        or (max(catalogues) if catalogues else None)
    if year is not None and year not in catalogues:
        known = ", ".join(map(str, sorted(catalogues))) or "-"
        problems.error("--year", None, "ita_year", f"ไม่มีบัญชีรายการ OIT ของปี {year} (มีปี {known})")
        return None
    return year
