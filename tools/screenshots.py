"""Screenshots of the main kinds of page at a phone's and a desktop's width, and the
printed plan and measures report as PDFs, for review by eye.

    .venv/bin/python tools/screenshots.py [--data DIR] [--site DIR] [--out DIR]

Without --site it builds the data (default: the example in data/) first. Writes
<out>/<page>-390.png, <out>/<page>-1280.png, <out>/plan.pdf and <out>/measures-<year>.pdf
(default out: build/screenshots/). Needs Debian's Chromium (apt-get install chromium).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import theme_kit  # noqa: E402


def pages_to_shoot(site: Path) -> dict[str, str]:
    """Name → URL path of one page of each kind that the site has."""
    def first(pattern: str, newest: bool = False) -> str | None:
        found = sorted(site.glob(pattern), key=lambda p: p.parent.name, reverse=newest)
        return found[0].parent.relative_to(site).as_posix() + "/" if found else None

    years = sorted((p.name for p in (site / "ita").iterdir() if p.name.isdigit()), reverse=True) \
        if (site / "ita").is_dir() else []
    year = years[0] if years else None
    candidates = {
        "home": "",
        "ita": f"ita/{year}/" if year else None,
        "item": f"ita/{year}/o1/" if year and (site / "ita" / year / "o1").is_dir() else None,
        "plan": "plan/" if (site / "plan" / "index.html").is_file() else None,
        "project": "plan/projects/1/" if (site / "plan/projects/1/index.html").is_file() else first("plan/projects/*/index.html"),
        "risk": "plan/risk/" if (site / "plan/risk/index.html").is_file() else None,
        "measures": first("measures/[0-9]*/index.html", newest=True),
        "executives": "organisation/executives/" if (site / "organisation/executives/index.html").is_file() else None,
        "404": "404.html",
    }
    return {name: path for name, path in candidates.items() if path is not None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--site", type=Path, help="a site already built (skips the build)")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="prongsai-shots-") as tmp:
        site = args.site
        if site is None:
            site, result = theme_kit.build_site(Path(tmp), args.data.resolve())
            if result.returncode != 0:
                print(result.stdout + result.stderr, file=sys.stderr)
                return 1
        shoot(site, args.out)
    print(f"ภาพหน้าจอและไฟล์ PDF อยู่ที่ {args.out}")
    return 0


def shoot(site: Path, out: Path) -> None:
    pages = pages_to_shoot(site)
    with theme_kit.cdp_harness.StaticServer(site) as base, theme_kit.cdp_harness.Browser() as browser:
        page = browser.new_page()
        for width in theme_kit.WIDTHS:
            theme_kit.set_width(page, width)
            for name, path in pages.items():
                theme_kit.open_page(page, base + path)
                page.pump(1.0)  # the theme labels tables after Material; the tabs fade in
                theme_kit.screenshot(page, out / f"{name}-{width}.png")
                print(out / f"{name}-{width}.png")
        page.send("Emulation.clearDeviceMetricsOverride")
        for name in ("plan", "measures"):
            if name in pages:
                theme_kit.open_page(page, base + pages[name])
                page.pump(0.3)
                target = out / (f"{name}.pdf" if name == "plan" else f"measures-{pages[name].strip('/').split('/')[-1]}.pdf")
                theme_kit.print_pdf(page, target)
                print(target)


if __name__ == "__main__":
    sys.exit(main())
