"""The attachments a site publishes: every data file the model refers to (and only those:
files nobody links stay private). Used by the writer and by the personal-data guard, which
scans exactly what will be published."""

from __future__ import annotations

from pathlib import Path

from .declare import file_fields
from .fields import FileRef


def collect_attachments(model) -> dict[str, Path]:
    """{path as written in the data: the file in the data folder} of every published attachment."""
    # every field the data format declares as a file (FileRef): a new one is published without a change here
    published = [model.oit_years[year] for year in model.years if year in model.oit_years]
    return {path: model.data_root / path
            for part in (model.organisation, model.plan, model.measures, published)
            for _, path in file_fields(part, FileRef)}
