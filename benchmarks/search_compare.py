"""Compare site-search configurations on Thai queries, in headless Chromium.

For each site (the example site, the seed-002 site, the raw-seeds site) and each
configuration (Prongsai's search, Material ``lang: th``, Material ``lang: en``,
Pagefind default, Pagefind on the page body only) this builds the same pages, serves
them over HTTP with gzip on 127.0.0.1, types every query of the query set into the
search box key by key, and prints:

* recall@5 and MRR of the page(s) that should come first (over the queries that
  have one), and for how many queries the site has nothing on it says "not found";
* search bytes a page loads *without* searching, and bytes downloaded by the first
  search (on the wire, gzip), with the number of requests;
* keystroke -> results: the first (cold) search, and the median / 90th percentile of
  the others, in ms: from the last keystroke to the last change of the result list.
  Material and Pagefind have no "done" signal, so their results are taken as final
  after 1 s without change; the times are still measured to the last change.

    python benchmarks/search_compare.py                    # all sites, all configurations
    python benchmarks/search_compare.py --sites seeds --variants prongsai material-en
    python benchmarks/search_compare.py --json out.json   # also write the raw figures
    python benchmarks/search_compare.py --queries my.yaml --sites example seed002
                                           # your own query set (same shape as tests/search/queries.yaml)
    python benchmarks/search_compare.py --data other/data --queries my.yaml --sites data
                                           # a site built from another data folder (queries under 'data:')

Needs Chromium (/usr/bin/chromium), websocket-client and Pagefind (pip install -e ".[test,bench]").
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "search"))
sys.path.insert(0, str(ROOT / "tests" / "search"))
sys.path.insert(0, str(ROOT / "tests"))

import cdp_harness  # noqa: E402
import sites as variants  # noqa: E402
from search_sites import load_queries, SEEDS_MKDOCS  # noqa: E402
from testkit import seed002_data  # noqa: E402
import seedsite  # noqa: E402

ENGINES = {
    "prongsai": cdp_harness.ProngsaiEngine,
    "material-th": cdp_harness.MaterialEngine,
    "material-en": cdp_harness.MaterialEngine,
    "pagefind": cdp_harness.PagefindEngine,
    "pagefind-article": cdp_harness.PagefindEngine,
}
SITES = ("example", "seed002", "seeds")


DATA_DIR: Path | None = None     # --data: the folder of the site named "data"


def project_for(site: str, work: Path) -> tuple[Path, Path | None]:
    """(mkdocs.yml, the data folder its prongsai plugin reads, None for hand-written pages) of
    the project that makes ``site``."""
    if site == "data":
        return ROOT / "mkdocs.yml", DATA_DIR
    if site == "example":
        return ROOT / "mkdocs.yml", ROOT / "data"
    if site == "seed002":
        return ROOT / "mkdocs.yml", seed002_data()
    if site == "seeds":
        out = work / "seeds-src"
        seedsite.build(out)
        cfg = out / "mkdocs.yml"
        with open(cfg, "w", encoding="utf-8") as fh:
            fh.write(SEEDS_MKDOCS.format(theme=ROOT / "generator" / "theme"))
        return cfg, None
    raise ValueError(site)


def queries_for(site: str, query_file: str | None) -> list[dict]:
    """The repository's query set for ``site``, or that site's list in ``query_file``."""
    if not query_file:
        return load_queries(site)
    with open(query_file, encoding="utf-8") as fh:
        sets = yaml.safe_load(fh) or {}
    if site not in sets:
        raise SystemExit(f"{query_file}: no queries for site '{site}' (keys: {', '.join(sets)})")
    return sets[site]


def run(sites: list[str], names: list[str], work: Path, browser, query_file: str | None = None,
        cpu_throttle: float = 1.0) -> list[dict]:
    rows = []
    for site in sites:
        queries = queries_for(site, query_file)
        cfg, data_dir = project_for(site, work)
        for name in names:
            t0 = time.monotonic()
            site_dir = variants.build_variant(cfg, name, work / site / name, data_dir=data_dir)
            build_s = time.monotonic() - t0
            engine = ENGINES[name]()
            engine.name = name
            with cdp_harness.StaticServer(site_dir) as url:
                ev = cdp_harness.evaluate(browser, url, engine, queries, cpu_throttle=cpu_throttle)
            warm = [r.ms for r in ev.results[1:] if r.ms is not None]
            warm.sort()
            row = {
                "site": site, "config": name, "queries": len(ev.results),
                "recall@5": round(ev.recall_at_5, 3), "mrr": round(ev.mrr, 3),
                "not_found": "%d/%d" % ev.not_found, "cpu_throttle": cpu_throttle,
                "idle_search_bytes": ev.idle_search_bytes,
                "idle_search_requests": len(ev.idle_search_requests),
                "first_search_bytes": ev.first_search_bytes,
                "first_search_requests": len(ev.first_search_requests),
                "first_search_ms": round(ev.first_search_ms or 0, 1),
                "median_ms": round(warm[len(warm) // 2], 1) if warm else None,
                "p90_ms": round(warm[int(0.9 * (len(warm) - 1))], 1) if warm else None,
                "build_s": round(build_s, 1),
                "misses": [(r.query, r.rank) for r in ev.failures()],
            }
            rows.append(row)
            print(fmt_row(row), flush=True)
    return rows


HEADER = ("site      config            recall@5   MRR  not-found  search KB   first-search KB (req)"
          "   cold ms   median ms   p90 ms")


def fmt_row(r: dict) -> str:
    return (f"{r['site']:<9} {r['config']:<17} {r['recall@5']:>8.3f} {r['mrr']:>6.3f} {r['not_found']:>10}"
            f" {r['idle_search_bytes'] / 1024:>10.1f} {r['first_search_bytes'] / 1024:>12.1f} ({r['first_search_requests']:>2})"
            f" {r['first_search_ms']:>11.0f} {r['median_ms'] or 0:>11.1f} {r['p90_ms'] or 0:>8.1f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sites", nargs="+", choices=SITES + ("data",), default=list(SITES))
    ap.add_argument("--data", type=Path, help="a data folder: its site is the site named 'data'")
    ap.add_argument("--variants", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    ap.add_argument("--json", help="write all figures (and the missed queries) to this file")
    ap.add_argument("--misses", action="store_true", help="print the queries not ranked first")
    ap.add_argument("--queries", help="YAML query set to use instead of the repository's (site -> list)")
    ap.add_argument("--cpu-throttle", type=float, default=1.0,
                    help="slow the page's CPU down N times (4 = roughly a mid-range phone)")
    args = ap.parse_args(argv)
    if "data" in args.sites:
        if args.data is None or not args.queries:
            ap.error("the site 'data' needs --data DIR and --queries FILE (with a 'data:' list)")
        global DATA_DIR
        DATA_DIR = args.data.resolve()
    print("search KB = search assets a page loads before any search; first-search KB = bytes on "
          "the wire (gzip) for the first query; ms = last keystroke -> last change of the results")
    print(HEADER)
    with tempfile.TemporaryDirectory(prefix="prongsai-search-bench-") as tmp, cdp_harness.Browser() as browser:
        rows = run(args.sites, args.variants, Path(tmp), browser, args.queries, args.cpu_throttle)
    if args.misses:
        for r in rows:
            for q, rank in r["misses"]:
                print(f"  {r['site']}/{r['config']}: {q!r} rank={rank}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
