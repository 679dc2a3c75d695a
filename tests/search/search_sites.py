"""Helpers shared by the search tests: the query sets and how each test site is built."""
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
import sites  # noqa: E402

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
plugins: []
hooks:
  - {hook}
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


def prongsai_config(work: Path) -> Path:
    """The repository's mkdocs.yml, or, while it does not list the search hook yet,
    the same configuration with the search hook, our theme partial and no
    Material search plugin (benchmarks/search/sites.py, variant "prongsai")."""
    repo_cfg = REPO / "mkdocs.yml"
    cfg = sites.load_config(repo_cfg)
    if any(Path(str(h)).name == "search_hook.py" for h in cfg.get("hooks") or []):
        return repo_cfg
    variant = sites.variant_config(cfg, "prongsai", REPO, work)
    variant.pop("site_dir", None)
    out = work / "mkdocs.yml"
    with open(out, "w", encoding="utf-8") as fh:
        yaml.safe_dump(variant, fh, allow_unicode=True, sort_keys=False)
    return out


def prongsai_build(site_dir: Path, *extra: str) -> None:
    """``prongsai build`` as a user runs it, into ``site_dir``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for key in ("PRONGSAI_DATA", "PRONGSAI_YEAR", "PRONGSAI_STRICT"):
        env.pop(key, None)
    work = Path(site_dir).parent / "config"
    work.mkdir(parents=True, exist_ok=True)
    cfg = prongsai_config(work)
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--config", str(cfg),
                           "--site-dir", str(site_dir), *extra],
                          cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"prongsai build {' '.join(extra)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def build_seeds_site(out: Path) -> Path:
    seedsite.build(out)
    cfg = out / "mkdocs.yml"
    with open(cfg, "w", encoding="utf-8") as fh:
        fh.write(SEEDS_MKDOCS.format(theme=REPO / "generator" / "theme", hook=REPO / "generator" / "search_hook.py"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(out / "site")],
                          cwd=out, env=env, capture_output=True, text=True, encoding="utf-8", timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build of the seeds site failed:\n{proc.stderr[-3000:]}")
    return out / "site"





