"""End-to-end: build the example site with the real command and inspect the HTML."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from testkit import REPO, run_prongsai


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.loads = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        for name in ("src", "srcset") if tag in ("img", "script", "iframe", "source", "video", "audio") else ():
            if attrs.get(name):
                self.loads.append(attrs[name])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate"):
            self.loads.append(attrs["href"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_for(site: Path, page_url: str, href: str) -> Path | None:
    target = urlsplit(urljoin(page_url, href)).path
    path = site / target.lstrip("/")
    if target.endswith("/"):
        path = path / "index.html"
    return path


def default_year() -> int:
    site = yaml.safe_load((REPO / "data" / "site.yaml").read_text(encoding="utf-8"))
    return int(site["ita_year"])


def catalogue_numbers(year: int) -> list[int]:
    catalogue = yaml.safe_load((REPO / "generator" / "catalogues" / f"ita-{year}.yaml").read_text(encoding="utf-8"))
    return [item["number"] for ind in catalogue["indicators"] for sub in ind["sub_indicators"] for item in sub["items"]]


def test_ita_index_links_every_catalogue_item(example_site):
    year = default_year()
    index = example_site / "ita" / str(year) / "index.html"
    links = parse(index).hrefs
    for number in catalogue_numbers(year):
        href = next((h for h in links if re.search(rf"(^|/)o{number}/?$", h)), None)
        assert href, f"o{number} not linked from {index}"
        target = page_for(example_site, f"/ita/{year}/", href)
        assert target.is_file(), f"o{number} links to missing {target}"
        assert f"O{number}" in target.read_text(encoding="utf-8") or f"o{number}" in target.read_text(encoding="utf-8")


def test_every_internal_link_resolves(example_site):
    broken = []
    for page in example_site.rglob("*.html"):
        url = "/" + page.relative_to(example_site).parent.as_posix().strip(".") + "/"
        for href in parse(page).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("#"):
                continue
            target = page_for(example_site, url.replace("//", "/"), parts.path)
            if not (target.exists() or target.with_suffix("").exists()):
                broken.append(f"{page.relative_to(example_site)} → {href}")
    assert not broken, "\n".join(broken[:20])


def test_nothing_loaded_from_third_party_hosts(example_site):
    offenders = []
    for page in example_site.rglob("*.html"):
        for url in parse(page).loads:
            if urlsplit(url).netloc:
                offenders.append(f"{page.relative_to(example_site)}: {url}")
    for css in example_site.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?(https?:)?//", css.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{css.relative_to(example_site)}: {url}")
        if "@import" in css.read_text(encoding="utf-8", errors="replace") and "//" in css.read_text(encoding="utf-8", errors="replace").split("@import", 1)[1][:80]:
            offenders.append(f"{css}: @import")
    assert not offenders, "\n".join(offenders[:20])


def test_site_is_thai_with_local_font(example_site):
    html = (example_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="th"' in html
    assert (example_site / "assets" / "fonts" / "sarabun-thai-400-normal.woff2").is_file()


@pytest.mark.slow
def test_plain_mkdocs_build_strict_passes(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (site / "ita").is_dir()


@pytest.mark.slow
def test_failed_build_keeps_previous_site(tmp_path):
    data = tmp_path / "data"
    import shutil

    shutil.copytree(REPO / "tests" / "fixtures" / "mini", data)
    site = tmp_path / "site"
    assert run_prongsai("build", "--data", str(data), "--site-dir", str(site)).returncode == 0
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    (data / "organisation.yaml").write_text("name: [broken\n", encoding="utf-8")
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before


def test_executives_and_structure_render_as_tables_and_nested_lists(example_site):
    organisation = yaml.load((REPO / "data" / "organisation.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    html = (example_site / "organisation" / "executives" / "index.html").read_text(encoding="utf-8")
    for side in ("political", "permanent"):
        for person in organisation["executives"][side]:
            row = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(person["name"]) + r"(?:(?!</tr>).)*</tr>", html, re.S)
            assert row, f"{person['name']} not in a table row"
            if person.get("photo"):
                assert "<img" in row.group(0)
    structure = (example_site / "organisation" / "structure" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<li>.*?<ul>.*?<li>", structure, re.S), "sub-units are not nested lists"


def test_link_check_reports_a_malformed_link_instead_of_crashing(tmp_path):
    from generator.linkcheck import check_links

    (tmp_path / "index.html").write_text('<a href="http://[broken/">x</a><a href="ok/">y</a>', encoding="utf-8")
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text("ok", encoding="utf-8")
    broken = check_links(tmp_path, "https://example.go.th/")
    assert [b.url for b in broken] == ["http://[broken/"]
