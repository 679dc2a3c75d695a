"""How long generation and the MkDocs build take, for the example data and for
10× the data, so that we can see what the generator adds to MkDocs' own time.

    .venv/bin/python benchmarks/build_speed.py [--data data] [--factor 10] [--runs 3]

Prints figures; asserts nothing (speed goals are read, not tested).
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.pipeline import Options, generate  # noqa: E402


def scaled_copy(source: Path, target: Path, factor: int) -> None:
    """A data folder with `factor` times the plan projects and measures reports."""
    shutil.copytree(source, target)
    plan_path = target / "plan.yaml"
    if plan_path.is_file():
        # BaseLoader keeps every scalar as written (YAML 1.1 would turn the key `no` into False).
        plan = yaml.load(plan_path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        plan.pop("stated_totals", None)
        plan.pop("stated_project_count", None)
        number = 0
        for dimension in plan["dimensions"]:
            dimension.pop("stated_totals", None)
            dimension.pop("stated_project_count", None)
            for mission in dimension.get("missions", []):
                for holder in [mission] + mission.get("sub_missions", []):
                    projects = holder.get("projects") or []
                    grown = []
                    for _ in range(factor):
                        for project in projects:
                            number += 1
                            clone = copy.deepcopy(project)
                            clone["no"] = number
                            clone.pop("id", None)
                            grown.append(clone)
                    if projects:
                        holder["projects"] = grown
        risk = plan.get("risk_assessment") or {}
        for r in risk.get("risks", []):
            for control in r.get("controls", []):
                control.pop("project", None)
        plan_path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    measures = sorted((target / "measures").glob("*.yaml")) if (target / "measures").is_dir() else []
    for path in measures:
        for n in range(2, factor + 1):
            shutil.copy(path, path.with_name(f"{path.stem}-copy{n}.yaml"))


def time_once(data: Path, work: Path) -> tuple[float, float, int]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    out = work / "generated"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = generate(Options(data_dir=data, out_dir=out))
    generated = time.perf_counter() - start

    os.environ["PRONGSAI_DATA"] = str(data)
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site))
    start = time.perf_counter()
    build(config)
    built = time.perf_counter() - start
    return generated, built, len(result.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    print(f"{'data':<12} {'pages':>6} {'generate (s)':>13} {'mkdocs build (s)':>17} {'generator share':>16}")
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        cases = [("example", args.data.resolve())]
        scaled = temp / f"x{args.factor}"
        scaled_copy(args.data, scaled, args.factor)
        cases.append((f"{args.factor}x", scaled))
        for name, data in cases:
            runs = [time_once(data, temp / name) for _ in range(args.runs)]
            gen = statistics.median(r[0] for r in runs)
            # The MkDocs hook regenerates inside the build: subtract it to get MkDocs' own time.
            built = statistics.median(r[1] for r in runs)
            pages = runs[0][2]
            print(f"{name:<12} {pages:>6} {gen:>13.3f} {built:>17.3f} {gen / built:>15.0%}")


if __name__ == "__main__":
    main()
