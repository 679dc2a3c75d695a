"""How long a whole `prongsai build` takes next to a plain `mkdocs build` of the very
Markdown it generated, at 1×, 10× (and, with --factors 1,10,50, 50×) the example data.

    .venv/bin/python benchmarks/build_speed.py [--data data] [--factors 1,10] [--runs 3]
        [--serve] [--portal 20 --jobs 2] [--config mkdocs.yml] [--feature navigation.prune]

What is measured, each figure a median of paired runs (ours, then plain, then ours …):
* ours: `python -m generator.cli build` in a new process, start-up, validation, generation,
  MkDocs, search index and link check included, with its build cache (generator/buildcache.py:
  attachment text, compiled templates, Thai word boundaries) as a repeated build finds it
  (filled by one build before the timed runs); "cold" is the same build with the cache emptied
  before each run (a first build, or a CI job that keeps no cache);
* plain: `python -m mkdocs build` of the same generated Markdown and navigation with stock
  Material and its own search plugin, no hooks, the same theme features;
* CPU seconds per page (user + system of the process and its children) and site bytes per page;
* --serve: seconds from an edit of a data file to the page served with the new value by
  `prongsai serve` (polled over HTTP; the measurement of benchmarks/serve_latency.py);
* --portal N: N copies of the data, each made another organisation (its place name numbered in
  every data file, so that the pages that show it differ), built by N separate `prongsai build`
  runs, one after another (each with an empty build cache, as first builds or CI jobs that keep
  none, and again sharing one cache that their own previous builds filled, as repeated builds),
  against `prongsai portal --jobs J` of the same N folders starting with an empty cache, and
  again with the cache that run left. Like is compared with like: first builds with the first
  portal build, repeated builds with the repeated portal build. What the copies still have in
  common (runs of Thai text) the cache serves to the others, in the portal and the separate
  builds alike. Besides the wall clock, the speed-up on J free cores is estimated from CPU seconds
  (separate CPU / (portal CPU / J)), which a shared machine distorts less.
Every process runs as an installed package does, from compiled bytecode (pip compiles it at
install): where the environment forbids writing it beside the sources (PYTHONDONTWRITEBYTECODE),
each build would compile the generator's modules again, a cost no installed site pays, so the
benchmark keeps the bytecode of both sides in a folder of its own (PYTHONPYCACHEPREFIX) and
builds each side once before the timed runs.
Before each timed process the disk's write cache is flushed (os.sync), so that what one run
wrote is not written out during the next. The machine may be shared: the load average is
printed with the figures, and the CPU ratio (ours / plain, CPU seconds) is the figure that a
busy machine distorts least.
Prints figures; asserts nothing (speed goals are read, not tested).
"""

from __future__ import annotations

import argparse
import copy
import html
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PYTHON = sys.executable
QUIET_ENV = {key: value for key, value in os.environ.items()
             if not key.startswith("PRONGSAI_") and key != "PYTHONDONTWRITEBYTECODE"}
CACHE_VARIABLE = "PRONGSAI_CACHE_DIR"  # generator/buildcache.py


def scaled_copy(source: Path, target: Path, factor: int) -> None:
    """A data folder with `factor` times the plan projects and measures reports."""
    shutil.copytree(source, target)
    if factor == 1:
        return
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


# --- one timed process ----------------------------------------------------------------------

def timed(command: list[str], cwd: Path = REPO, cache: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one command, with `cache`
    as its build cache folder (None: the project's own, build/.prongsai-cache/)."""
    env = dict(QUIET_ENV, **({CACHE_VARIABLE: str(cache)} if cache else {}))
    os.sync()  # what earlier runs wrote reaches the disk now, not during this run
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def site_figures(site: Path) -> tuple[int, int, int]:
    """(HTML pages, bytes of the whole site, files) of a built site."""
    pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html")
    files = [p for p in site.rglob("*") if p.is_file()]
    return pages, sum(p.stat().st_size for p in files), len(files)


def build_ours(data: Path, site: Path, config: Path, cache: Path, cold: bool = False) -> tuple[float, float]:
    shutil.rmtree(site, ignore_errors=True)
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    return timed([PYTHON, "-m", "generator.cli", "build", "--data", str(data),
                  "--site-dir", str(site), "--config", str(config)], cache=cache)


def build_plain(config: Path, site: Path) -> tuple[float, float]:
    shutil.rmtree(site, ignore_errors=True)
    return timed([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)])


# --- configurations -------------------------------------------------------------------------

def our_config(base: Path, features: list[str], work: Path) -> Path:
    """base itself, or a copy with extra theme features and absolute paths (so that it may
    live outside the project folder)."""
    if not features:
        return base
    config = yaml.safe_load(base.read_text(encoding="utf-8"))
    root = base.resolve().parent
    config["docs_dir"] = str(root / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(root / config["theme"]["custom_dir"])
    config["theme"]["features"] = config["theme"].get("features", []) + features
    config["plugins"] = [{"prongsai": {"data_dir": str(root / "data")}}]
    path = work / "ours-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def plain_config(data: Path, ours: Path, work: Path) -> Path:
    """Stock Material with its search plugin over the Markdown and navigation our build makes."""
    from generator.pipeline import Options, generate

    docs = work / "plain-docs"
    shutil.rmtree(docs, ignore_errors=True)
    result = generate(Options(data_dir=data, out_dir=docs))
    ours_config = yaml.safe_load(ours.read_text(encoding="utf-8"))
    content = (ours.resolve().parent / ours_config.get("docs_dir", "docs")).resolve()
    for page in content.rglob("*"):
        if page.is_file():
            target = docs / page.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, target)
    hand_written = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md") if p.name != "index.md")
    config = {
        "site_name": result.model.organisation.name,
        "docs_dir": str(docs),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "th",
                  "features": ours_config["theme"].get("features", [])},
        "plugins": ["search"],
        "markdown_extensions": ["tables", {"toc": {"permalink": False}}],
        "nav": _plain(result.navigation(hand_written)),
    }
    path = work / "plain-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _plain(nav):
    """The navigation with plain-text titles (ours are escaped HTML for the hook)."""
    if isinstance(nav, list):
        return [_plain(entry) for entry in nav]
    if isinstance(nav, dict):
        return {html.unescape(str(key)): _plain(value) for key, value in nav.items()}
    return str(nav)


# --- cases ----------------------------------------------------------------------------------

def compare_builds(data: Path, work: Path, ours: Path, runs: int) -> dict:
    plain = plain_config(data, ours, work)
    cache = work / "cache"
    build_ours(data, work / "site-ours", ours, cache, cold=True)  # fills the cache
    build_plain(plain, work / "site-plain")  # compiles the bytecode plain MkDocs alone imports
    ours_runs, plain_runs, cold_runs = [], [], []
    for _ in range(runs):  # paired and alternating: a busy moment hits both sides alike
        ours_runs.append(build_ours(data, work / "site-ours", ours, cache))
        plain_runs.append(build_plain(plain, work / "site-plain"))
        cold_runs.append(build_ours(data, work / "site-ours", ours, cache, cold=True))
    pages, size, files = site_figures(work / "site-ours")
    plain_pages, plain_size, _ = site_figures(work / "site-plain")
    ratios = [o[0] / p[0] for o, p in zip(ours_runs, plain_runs)]
    return {
        "pages": pages, "files": files,
        "ours": statistics.median(r[0] for r in ours_runs),
        "plain": statistics.median(r[0] for r in plain_runs),
        "ratio": statistics.median(ratios),
        "cpu_ratio": statistics.median(o[1] / p[1] for o, p in zip(ours_runs, plain_runs)),
        "cold_ratio": statistics.median(c[0] / p[0] for c, p in zip(cold_runs, plain_runs)),
        "cold_cpu_ratio": statistics.median(c[1] / p[1] for c, p in zip(cold_runs, plain_runs)),
        "cpu_page": statistics.median(r[1] for r in ours_runs) / pages * 1000,
        "plain_cpu_page": statistics.median(r[1] for r in plain_runs) / plain_pages * 1000,
        "size_page": size / pages / 1024, "plain_size_page": plain_size / plain_pages / 1024,
        "size": size / 1024 / 1024,
    }


def portal_speedup(data: Path, work: Path, count: int, jobs: int, runs: int) -> list[dict]:
    """Per paired run: `count` separate builds one after another (wall and CPU seconds), sharing
    one build cache that their own previous builds filled, as repeated builds in one project do
    ("separate"), and each with an empty cache as separate CI jobs that keep none ("separate, no
    cache"), against one `prongsai portal --jobs J` of the same folders with an empty cache, then
    again with the cache it filled."""
    orgs = work / "orgs"
    shutil.rmtree(orgs, ignore_errors=True)
    for n in range(count):
        distinct_copy(data, orgs / f"org{n:03d}", n)
    shared, alone = work / "cache-separate", work / "cache-alone"
    shutil.rmtree(shared, ignore_errors=True)
    for folder in sorted(orgs.iterdir()):  # the builds before: each repeated build finds what its own left
        build_ours(folder, work / "separate" / folder.name, REPO / "mkdocs.yml", shared)
    figures = []
    for _ in range(runs):
        separate, separate_cpu, cold, cold_cpu = 0.0, 0.0, 0.0, 0.0
        for folder in sorted(orgs.iterdir()):
            wall, cpu = build_ours(folder, work / "separate" / folder.name, REPO / "mkdocs.yml", shared)
            separate, separate_cpu = separate + wall, separate_cpu + cpu
            wall, cpu = build_ours(folder, work / "separate" / folder.name, REPO / "mkdocs.yml", alone, cold=True)
            cold, cold_cpu = cold + wall, cold_cpu + cpu
        out, cache = work / "portal", work / "cache-portal"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        portal = [PYTHON, "-m", "generator.cli", "portal", str(orgs), "--site-dir", str(out), "--jobs", str(jobs)]
        together, together_cpu = timed(portal, cache=cache)
        shutil.rmtree(out, ignore_errors=True)  # as before each separate build: no old sites to remove
        again, again_cpu = timed(portal, cache=cache)  # the next portal build finds the cache filled
        figures.append({"separate": separate, "separate_cpu": separate_cpu, "cold": cold, "cold_cpu": cold_cpu,
                        "portal": together, "portal_cpu": together_cpu, "again": again, "again_cpu": again_cpu})
    return figures


def distinct_copy(data: Path, target: Path, number: int) -> None:
    """A copy of the data as another organisation: the place name (the organisation's name
    without its type, e.g. ตัวอย่าง of องค์การบริหารส่วนตำบลตัวอย่าง) is given a number in every
    data file, so that the copies' pages differ where a real organisation's would show its name."""
    shutil.copytree(data, target)
    organisation = yaml.safe_load((target / "organisation.yaml").read_text(encoding="utf-8"))
    name, kind = str(organisation.get("name", "")), str(organisation.get("type", ""))
    place = name[len(kind):].strip() if kind and name.startswith(kind) else name
    if not place:
        return
    for path in target.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(place, f"{place}ที่{number + 1}"), encoding="utf-8")


def print_portal(figures: list[dict], count: int, jobs: int) -> None:
    """Wall-clock speed-ups, and the speed-up the CPU seconds give when `jobs` cores are free (on a
    shared machine the wall clock mostly measures the other work)."""
    def median(key):
        return statistics.median(f[key] for f in figures)

    def ratio(a, b):
        return statistics.median(f[a] / f[b] for f in figures)

    for portal, label in (("portal", "empty cache"), ("again", "cache of the previous portal build")):
        print(f"portal: {count} organisations, prongsai portal --jobs {jobs}, {label}: {median(portal):.1f} s "
              f"({median(portal + '_cpu') / count:.2f} CPU s per organisation)")
    # like against like: the first builds of all (no cache) and repeated builds (a filled cache)
    for key, portal, label in (("cold", "portal", "separate builds, no cache (first builds)"),
                               ("separate", "again", "separate builds, each finding its last build's cache (repeated builds)"),
                               ("separate", "portal", "separate repeated builds against the portal's first")):
        print(f"  {label}: {median(key):.1f} s ({median(key + '_cpu') / count:.2f} CPU s per organisation), "
              f"portal speed-up {ratio(key, portal):.2f}× wall, "
              f"{statistics.median(f[key + '_cpu'] / (f[portal + '_cpu'] / jobs) for f in figures):.2f}× "
              f"on {jobs} free cores (CPU)", flush=True)
    print(f"  (median of {len(figures)} paired runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--factors", default="1,10", help="data sizes, e.g. 1,10,50")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--config", type=Path, default=REPO / "mkdocs.yml")
    parser.add_argument("--feature", action="append", default=[], help="an extra Material feature, e.g. navigation.prune")
    parser.add_argument("--serve", action="store_true", help="also measure prongsai serve")
    parser.add_argument("--portal", type=int, default=0, metavar="N", help="also measure a portal of N organisations")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-builds", action="store_true", help="only --serve / --portal")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="prongsai-bench-") as temp:
        temp = Path(temp)
        QUIET_ENV["PYTHONPYCACHEPREFIX"] = str(temp / "bytecode")
        config = our_config(args.config.resolve(), args.feature, temp)
        if not args.skip_builds:
            print(f"{'data':<5} {'pages':>6} {'files':>6} {'ours s':>8} {'plain s':>8} {'ratio':>6} {'CPU ratio':>9} "
                  f"{'cold ratio':>10} {'cold CPU':>8} "
                  f"{'CPU ms/page':>12} {'plain ms/page':>14} {'KiB/page':>9} {'plain KiB/page':>15} {'site MiB':>9}")
        cpu_per_page = {}
        for factor in factors:
            data = temp / f"x{factor}"
            scaled_copy(args.data.resolve(), data, factor)
            if not args.skip_builds:
                f = compare_builds(data, temp / f"work{factor}", config, args.runs)
                print(f"{factor:>4}× {f['pages']:>6} {f['files']:>6} {f['ours']:>8.2f} {f['plain']:>8.2f} "
                      f"{f['ratio']:>5.2f}× {f['cpu_ratio']:>8.2f}× {f['cold_ratio']:>9.2f}× {f['cold_cpu_ratio']:>7.2f}× "
                      f"{f['cpu_page']:>12.1f} {f['plain_cpu_page']:>14.1f} "
                      f"{f['size_page']:>9.1f} {f['plain_size_page']:>15.1f} {f['size']:>9.1f}", flush=True)
                cpu_per_page[factor] = f["cpu_page"]
            if args.serve:
                # the measurement of benchmarks/serve_latency.py (which imports this module)
                from serve_latency import measure as measure_serve

                _, latencies, _ = measure_serve(data, args.runs, config)
                print(f"{factor:>4}× serve: edit → page shown, median {statistics.median(latencies):.2f} s "
                      f"({', '.join(f'{x:.2f}' for x in latencies)})", flush=True)
        for small, large in zip(sorted(cpu_per_page), sorted(cpu_per_page)[1:]):
            print(f"growth: CPU per page at {large}× / at {small}× = {cpu_per_page[large] / cpu_per_page[small]:.2f}")
        if args.portal:
            print_portal(portal_speedup(args.data.resolve(), temp, args.portal, args.jobs, args.runs),
                         args.portal, args.jobs)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
