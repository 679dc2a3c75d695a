"""Helpers for the importer tests (imported as `importer_kit`; conftest.py holds fixtures only)."""

from __future__ import annotations

from pathlib import Path

from testkit import REPO, SEEDS  # noqa: F401  (REPO is used by the test modules)

SEED_MEASURES = SEEDS / "000_61b539e7461fe52e.txt"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def all_projects(plan: dict) -> list[dict]:
    found = []
    for dim in plan.get("dimensions", []):
        for mission in dim.get("missions", []):
            for sub in mission.get("sub_missions", []):
                found.extend(sub.get("projects", []))
            found.extend(mission.get("projects", []))
    return found


def messages(problems, severity: str | None = None) -> list[str]:
    return [p.format() for p in problems.items if severity is None or p.severity == severity]


def validate_folder(root: Path):
    """The validation of the data format: every data file of the folder against the schema."""
    from generator import schema
    from generator.fields import Ctx
    from generator.load import load_data_folder
    from generator.problems import Problems

    problems = Problems()
    dataset = load_data_folder(root, problems)
    pairs = [(dataset.organisation, schema.ORGANISATION), (dataset.plan, schema.PLAN)]
    pairs += [(f, schema.MEASURES_REPORT) for f in dataset.measures] + [(f, schema.OIT) for f in dataset.oit]
    for loaded, spec in pairs:
        if loaded and loaded.data is not None:
            spec.check(loaded.data, Ctx(loaded.name, "", getattr(loaded.data, "line", 1), problems, root))
    return problems


MINIMAL_ORGANISATION = """name: เทศบาลตำบลตัวอย่าง
type: เทศบาลตำบล
address: อำเภอเมือง จังหวัดตัวอย่าง
"""
