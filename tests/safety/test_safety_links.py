"""Links: after a build every internal link and every OIT item URL resolves;
a broken one fails the build, names the page it is on, and the previous site stays."""

from __future__ import annotations

import shutil

import pytest
import yaml

from generator import linkcheck
from generator.catalogue import load_catalogues
from generator.problems import Problems
from safety_kit import REPO, copy_mini, edit, run_prongsai


@pytest.fixture
def mini_site(mini_built_site):
    """tests/fixtures/mini built once per run (conftest.py): tests copy it before changing it."""
    return mini_built_site


def snapshot(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def catalogue(year=2569):
    return load_catalogues(Problems())[year]


@pytest.mark.slow
def test_the_built_site_has_no_broken_link(mini_site):
    assert linkcheck.check_site(mini_site, "https://www.test.go.th/", [catalogue()]) == []


def test_a_missing_page_is_reported_with_the_pages_that_link_to_it(mini_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    shutil.rmtree(site / "plan" / "risk")
    (site / "files" / "plan.pdf").unlink()
    broken = linkcheck.check_links(site, "https://www.test.go.th/")
    pages_to_risk = {b.page for b in broken if b.target == "/plan/risk/"}
    # the plan page links it in its text and its navigation branch (navigation.prune: other
    # sections' pages carry only the top level of the navigation)
    assert "plan/index.html" in pages_to_risk
    assert {b.page for b in broken if b.target == "/files/plan.pdf"} >= {"plan/index.html"}
    lines = linkcheck.check_site(site, "https://www.test.go.th/")
    # one line per missing target, naming one of the pages that link to it
    assert any(line.startswith(tuple(pages_to_risk)) and "/plan/risk/" in line for line in lines)


def test_a_missing_oit_item_page_is_reported_by_its_code(mini_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    shutil.rmtree(site / "ita" / "2569" / "o7")
    problems = linkcheck.check_oit_items(site, catalogue())
    assert any("O7" in p and "ita/2569/o7/index.html" in p for p in problems), problems


def test_an_oit_item_the_index_does_not_link_is_reported(mini_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    index = site / "ita" / "2569" / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace('href="o9/"', 'href="o99/"'), encoding="utf-8")
    problems = linkcheck.check_oit_items(site, catalogue())
    assert any("O9" in p and p.startswith("ita/2569/index.html") for p in problems), problems


@pytest.mark.parametrize("url, current, expected", [
    ("../o2/", "/ita/2569/o1/", "/ita/2569/o2/"),
    ("o2/#top", "/ita/2569/", "/ita/2569/o2/"),
    ("../../files/%E0%B8%81.pdf", "/plan/projects/", "/files/ก.pdf"),
    ("/assets/x.css", "/404.html", "/assets/x.css"),
    ("https://www.test.go.th/ita/2569/o3/", "/", "/ita/2569/o3/"),
    ("HTTPS://WWW.TEST.GO.TH/", "/", "/"),
    ("https://other.go.th/ita/", "/", None),
    ("#top", "/x/", None),
    ("?q=1", "/x/", None),
    ("../../../../etc/passwd", "/a/", "\0/a/../../../../etc/passwd"),
    ("/../etc/passwd", "/", "\0/../etc/passwd"),
])
def test_resolving_links(url, current, expected):
    assert linkcheck.resolve(url, current, "https://www.test.go.th/") == expected


def test_a_site_in_a_sub_folder_resolves_absolute_links_inside_it(tmp_path):
    assert linkcheck.resolve("/sub/ita/", "/", "https://x.go.th/sub/") == "/ita/"
    target = linkcheck.resolve("/elsewhere/", "/", "https://x.go.th/sub/")
    assert not linkcheck.target_exists(tmp_path, target)


@pytest.mark.slow
def test_a_link_in_the_data_to_a_missing_page_of_the_site_fails_the_build(tmp_path):
    data = copy_mini(tmp_path / "mini")
    site = tmp_path / "site"
    assert run_prongsai("build", "--data", str(data), "--site-dir", str(site)).returncode == 0
    before = snapshot(site)
    edit(data / "oit" / "2569.yaml", "    pages: [organisation/executives]",
         "    pages: [organisation/executives]\n    links:\n      - title: ข้อ 99\n"
         "        url: https://www.test.go.th/ita/2569/o99/")
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "ita/2569/o" in output and "https://www.test.go.th/ita/2569/o99/" in output and "ลิงก์" in output
    assert snapshot(site) == before
    assert not list(tmp_path.glob("site.*")), "staging left behind"


@pytest.mark.slow
def test_a_hand_written_page_with_a_broken_link_fails_the_build(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "about.md").write_text("# เกี่ยวกับ\n\n[แผน](../plan/nothing-here/)\n", encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(content)
    config["theme"]["custom_dir"] = str(REPO / "generator" / "theme")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    result = run_prongsai("build", "--data", str(REPO / "tests" / "fixtures" / "mini"), "--site-dir", str(site),
                          "--config", str(config_file))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "about/index.html: ลิงก์ '../plan/nothing-here/'" in output, output
    assert not site.exists()


def test_other_applications_on_the_sites_host_are_not_the_sites_pages(mini_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    page = site / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<a href="https://www.test.go.th/eservice/complaint">e-service</a>'
                      '<a href="https://www.test.go.th/ita/2569/o99/">o99</a></article>', 1), encoding="utf-8")
    broken = linkcheck.check_links(site, "https://www.test.go.th/")
    assert [(b.page, b.url) for b in broken] == [("about/index.html", "https://www.test.go.th/ita/2569/o99/")]
