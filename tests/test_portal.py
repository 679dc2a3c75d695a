"""`prongsai portal`: many organisations' sites in one command, an index of their readiness,
and a broken organisation that does not stop the others."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from generator import pipeline
from generator.readiness.assess import assess
from testkit import FIXTURES, REPO, run_prongsai

NAMES = {
    "abt-nueng": "องค์การบริหารส่วนตำบลหนึ่ง",
    "abt-song": "องค์การบริหารส่วนตำบลสอง <b>&</b>",
    "tessaban-sam": "เทศบาลตำบลสาม",
}


def _set_name(folder, name: str) -> None:
    path = folder / "organisation.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", f"name: {json.dumps(name, ensure_ascii=False)}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    orgs = root / "orgs"
    for slug, name in NAMES.items():
        shutil.copytree(FIXTURES / "mini", orgs / slug)
        _set_name(orgs / slug, name)
    broken = orgs / "abt-sia"
    shutil.copytree(FIXTURES / "mini", broken)
    (broken / "plan.yaml").write_text("title: [ไม่ปิดวงเล็บ\n", encoding="utf-8")
    (orgs / "not-an-organisation").mkdir()  # no organisation.yaml: not built, not listed
    out = root / "out"
    result = run_prongsai("portal", str(orgs), "--site-dir", str(out), "--jobs", "2")
    return orgs, out, result


@pytest.mark.slow
def test_every_organisation_is_built_into_its_folder(portal):
    orgs, out, result = portal
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # one organisation failed
    for slug, name in NAMES.items():
        home = (out / slug / "index.html").read_text(encoding="utf-8")
        assert html.escape(name, quote=False) in home or html.escape(name) in home
    assert not (out / "abt-sia").exists()
    assert not (out / "not-an-organisation").exists()


@pytest.mark.slow
def test_each_site_has_its_own_search_index(portal):
    _, out, _ = portal
    for slug, name in NAMES.items():
        index = (out / slug / "assets" / "search" / "index.json").read_text(encoding="utf-8")
        others = [n for s, n in NAMES.items() if s != slug]
        assert all(json.dumps(other, ensure_ascii=False)[1:-1] not in index for other in others), slug


@pytest.mark.slow
def test_index_lists_readiness_and_links(portal):
    orgs, out, _ = portal
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="th">' in index
    for slug, name in NAMES.items():
        row = re.search(rf'<a href="{slug}/">(.*?)</a>(.*?)</tr>', index, re.S)
        assert row, slug
        assert row.group(1) == html.escape(name)  # escaped exactly once
        result = pipeline.validate_data(pipeline.Options(data_dir=orgs / slug))
        assessment = assess(result.model, {p.id for p in result.pages}, today=result.model.as_of)
        assert f"{assessment.count('complete')} จาก {len(assessment.items)}" in row.group(2)
        assert f"{assessment.scores.oit:.2f}" in row.group(2)
    assert "<b>&</b>" not in index


@pytest.mark.slow
def test_broken_organisation_is_listed_with_its_problems(portal):
    _, out, result = portal
    index = (out / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr class="failed">(.*?)</tr>', index, re.S)
    assert row and "abt-sia" in row.group(1)
    assert re.search(r"plan\.yaml:\d+", row.group(1))
    assert "abt-sia" in result.stdout  # named in the command's summary too


def test_portal_refuses_an_output_inside_the_data(tmp_path):
    orgs = tmp_path / "orgs"
    shutil.copytree(FIXTURES / "mini", orgs / "abt-nueng")
    result = run_prongsai("portal", str(orgs), "--site-dir", str(orgs / "out"))
    assert result.returncode == 2
    assert "--site-dir" in result.stderr and "Traceback" not in result.stderr
    assert not (orgs / "out").exists()


def test_a_wrong_option_in_mkdocs_yml_is_told_once_before_any_organisation_is_built(tmp_path):
    orgs = tmp_path / "orgs"
    for name in ("abt-nueng", "abt-song"):
        shutil.copytree(FIXTURES / "mini", orgs / name)
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  - prongsai\n", "  - prongsai:\n      yaer: 2569\n") .replace("docs_dir: content", f"docs_dir: {REPO / 'content'}")
        .replace("custom_dir: generator/theme", f"custom_dir: {REPO / 'generator' / 'theme'}"), encoding="utf-8")
    assert "yaer" in config.read_text(encoding="utf-8")
    result = run_prongsai("portal", str(orgs), "--site-dir", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("plugins.prongsai.yaer") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def _site_files(site) -> dict[str, bytes]:
    """Every file of a built site but the folder's ownership mark (which names its own build)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != ".prongsai-site"}


@pytest.mark.slow
def test_a_build_with_the_cache_is_the_build_without_it(tmp_path):
    """The build cache (attachment text, compiled templates, Thai word boundaries) only saves
    time: a portal that finds everything in it builds byte for byte the same sites as one that
    starts with none."""
    orgs = tmp_path / "orgs"
    for slug in ("abt-nueng", "abt-song"):
        shutil.copytree(FIXTURES / "mini", orgs / slug)
    cache = tmp_path / "cache"
    env = {"PRONGSAI_CACHE_DIR": str(cache)}
    cold = run_prongsai("portal", str(orgs), "--site-dir", str(tmp_path / "cold"), "--jobs", "1",
                        "--today", "2026-04-20", env=env)
    assert cold.returncode == 0, cold.stderr
    assert {p.name for p in cache.iterdir()} >= {"attachment-text", "search-words"}
    warm = run_prongsai("portal", str(orgs), "--site-dir", str(tmp_path / "warm"), "--jobs", "2",
                        "--today", "2026-04-20", env=env)
    assert warm.returncode == 0, warm.stderr
    for slug in ("abt-nueng", "abt-song"):
        assert _site_files(tmp_path / "warm" / slug) == _site_files(tmp_path / "cold" / slug), slug
