"""How long a whole `prongsai build` takes next to a plain `mkdocs build` of the very
Markdown it generated, at 1×, 10× (and, with --factors 1,10,50, 50×) the example data.

    .venv/bin/python benchmarks/build_speed.py [--data data] [--factors 1,10] [--runs 3]
        [--serve] [--portal 20 --jobs 2] [--config mkdocs.yml] [--feature navigation.prune]

What is measured, each figure a median of paired runs (ours, then plain, then ours …):
* ours: `python -m generator.cli build` in a new process, start-up, validation, generation,
  MkDocs, search index and link check included;
* plain: `python -m mkdocs build` of the same generated Markdown and navigation with stock
  Material and its own search plugin, no hooks, the same theme features;
* CPU seconds per page (user + system of the process and its children) and site bytes per page;
* --serve: seconds from an edit of a data file to the page served with the new value by
  `prongsai serve` (polled over HTTP);
* --portal N: N copies of the data built by N separate `prongsai build` runs, one after another,
  against one `prongsai portal --jobs J` of the same N folders.
The machine may be shared: the load average is printed with the figures, and the CPU ratio
(ours / plain, CPU seconds) is the figure that a busy machine distorts least.
Prints figures; asserts nothing (speed goals are read, not tested).
"""

from __future__ import annotations

import argparse
import copy
import html
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PYTHON = sys.executable
QUIET_ENV = {key: value for key, value in os.environ.items() if not key.startswith("PRONGSAI_")}


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

def timed(command: list[str], cwd: Path = REPO) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=QUIET_ENV, capture_output=True, text=True, encoding="utf-8")
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


def build_ours(data: Path, site: Path, config: Path) -> tuple[float, float]:
    shutil.rmtree(site, ignore_errors=True)
    return timed([PYTHON, "-m", "generator.cli", "build", "--data", str(data),
                  "--site-dir", str(site), "--config", str(config)])


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
    config["hooks"] = [str(root / hook) for hook in config.get("hooks", [])]
    config["theme"]["features"] = config["theme"].get("features", []) + features
    config["extra"]["prongsai"]["data"] = str(root / config["extra"]["prongsai"]["data"])
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
    ours_runs, plain_runs = [], []
    for _ in range(runs):
        ours_runs.append(build_ours(data, work / "site-ours", ours))
        plain_runs.append(build_plain(plain, work / "site-plain"))
    pages, size, files = site_figures(work / "site-ours")
    plain_pages, plain_size, _ = site_figures(work / "site-plain")
    ratios = [o[0] / p[0] for o, p in zip(ours_runs, plain_runs)]
    return {
        "pages": pages, "files": files,
        "ours": statistics.median(r[0] for r in ours_runs),
        "plain": statistics.median(r[0] for r in plain_runs),
        "ratio": statistics.median(ratios),
        "cpu_ratio": statistics.median(o[1] / p[1] for o, p in zip(ours_runs, plain_runs)),
        "cpu_page": statistics.median(r[1] for r in ours_runs) / pages * 1000,
        "plain_cpu_page": statistics.median(r[1] for r in plain_runs) / plain_pages * 1000,
        "size_page": size / pages / 1024, "plain_size_page": plain_size / plain_pages / 1024,
        "size": size / 1024 / 1024,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def serve_latency(data: Path, work: Path, config: Path, runs: int) -> list[float]:
    """Seconds from saving organisation.yaml to /organisation/ served with the new vision."""
    folder = work / "serve-data"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(data, folder)
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "generator.cli", "serve", "--data", str(folder), "--config", str(config),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, env=QUIET_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/organisation/"
    latencies = []
    try:
        deadline = time.monotonic() + 600
        while fetch(url) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("prongsai serve did not start")
            time.sleep(0.2)
        source = folder / "organisation.yaml"
        original = source.read_text(encoding="utf-8")
        for n in range(runs):
            time.sleep(1.5)  # let the server settle after the previous rebuild
            marker = f"ทดสอบความเร็ว{n}x{os.getpid()}"
            edited = re.sub(r"^vision: >-\n", f"vision: >-\n  {marker}\n", original, count=1, flags=re.M)
            start = time.perf_counter()
            source.write_text(edited, encoding="utf-8")
            while marker not in (fetch(url) or ""):
                if time.perf_counter() - start > 300:
                    raise SystemExit("prongsai serve did not show the edit within 300 s")
                time.sleep(0.05)
            latencies.append(time.perf_counter() - start)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return latencies


def portal_speedup(data: Path, work: Path, count: int, jobs: int) -> tuple[float, float]:
    """(seconds of `count` separate builds, seconds of one portal build of the same folders)."""
    orgs = work / "orgs"
    shutil.rmtree(orgs, ignore_errors=True)
    for n in range(count):
        shutil.copytree(data, orgs / f"org{n:03d}")
    separate = 0.0
    for folder in sorted(orgs.iterdir()):
        separate += build_ours(folder, work / "separate" / folder.name, REPO / "mkdocs.yml")[0]
    out = work / "portal"
    shutil.rmtree(out, ignore_errors=True)
    together, _ = timed([PYTHON, "-m", "generator.cli", "portal", str(orgs), "--site-dir", str(out),
                         "--jobs", str(jobs)])
    return separate, together


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
        config = our_config(args.config.resolve(), args.feature, temp)
        if not args.skip_builds:
            print(f"{'data':<5} {'pages':>6} {'files':>6} {'ours s':>8} {'plain s':>8} {'ratio':>6} {'CPU ratio':>9} "
                  f"{'CPU ms/page':>12} {'plain ms/page':>14} {'KiB/page':>9} {'plain KiB/page':>15} {'site MiB':>9}")
        for factor in factors:
            data = temp / f"x{factor}"
            scaled_copy(args.data.resolve(), data, factor)
            if not args.skip_builds:
                f = compare_builds(data, temp / f"work{factor}", config, args.runs)
                print(f"{factor:>4}× {f['pages']:>6} {f['files']:>6} {f['ours']:>8.2f} {f['plain']:>8.2f} "
                      f"{f['ratio']:>5.2f}× {f['cpu_ratio']:>8.2f}× {f['cpu_page']:>12.1f} {f['plain_cpu_page']:>14.1f} "
                      f"{f['size_page']:>9.1f} {f['plain_size_page']:>15.1f} {f['size']:>9.1f}", flush=True)
            if args.serve:
                latencies = serve_latency(data, temp / f"work{factor}", config, args.runs)
                print(f"{factor:>4}× serve: edit → page shown, median {statistics.median(latencies):.2f} s "
                      f"({', '.join(f'{x:.2f}' for x in latencies)})", flush=True)
        if args.portal:
            separate, together = portal_speedup(args.data.resolve(), temp, args.portal, args.jobs)
            print(f"portal: {args.portal} organisations, separate builds {separate:.1f} s, "
                  f"prongsai portal --jobs {args.jobs} {together:.1f} s, speed-up {separate / together:.2f}×")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
