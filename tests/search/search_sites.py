"""Helpers shared by the search tests: the query sets and how the seeds site is built (pages
written by hand from the raw seed texts, with only Prongsai's Thai search: the plugin with
`generate: false`)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
HARNESS_DIR = REPO / "benchmarks" / "search"
if str(HARNESS_DIR) not in sys.path:
    sys.path.insert(0, str(HARNESS_DIR))

import seedsite  # noqa: E402

QUERIES = Path(__file__).with_name("queries.yaml")
SEED_QUERIES = HARNESS_DIR / "seed_queries.yaml"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"

SEEDS_MKDOCS = """\
site_name: องค์การบริหารส่วนตำบลเมืองพะไล
theme:
  name: material
  language: th
  custom_dir: {theme}
  font: false
plugins:
  - prongsai:
      generate: false
markdown_extensions:
  - tables
  - toc:
      permalink: true
"""


def load_queries(site: str) -> list[dict]:
    if site == "seeds":
        with open(SEED_QUERIES, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    with open(QUERIES, encoding="utf-8") as fh:
        return yaml.safe_load(fh)[site]


def build_seeds_site(out: Path) -> Path:
    seedsite.build(out)
    cfg = out / "mkdocs.yml"
    with open(cfg, "w", encoding="utf-8") as fh:
        fh.write(SEEDS_MKDOCS.format(theme=REPO / "generator" / "theme"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(out / "site")],
                          cwd=out, env=env, capture_output=True, text=True, encoding="utf-8", timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build of the seeds site failed:\n{proc.stderr[-3000:]}")
    return out / "site"
