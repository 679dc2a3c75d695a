"""The organisation's look (generator/identity.py) and the pages of the templates that
end in a signature block: real models from real data folders, real MkDocs builds."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml
from mkdocs.config import load_config

from generator import identity, thai
from testkit import REPO

import theme_kit


def test_contrast_ratio_follows_wcag():
    assert identity.contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert identity.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # the order of the two colours does not matter
    assert identity.contrast_ratio("#3f51b5", "#ffffff") == identity.contrast_ratio("#ffffff", "#3f51b5")


def test_default_indigo_passes_and_a_light_colour_warns_in_thai():
    quiet = identity.Problems()
    identity.check_colour(identity.DEFAULT_PRIMARY, quiet, "data/site.yaml", 3)
    assert not quiet.items

    problems = identity.Problems()
    identity.check_colour("#ffeb3b", problems, "data/site.yaml", 7)
    [problem] = problems.items
    line = problem.format()
    assert line.startswith("data/site.yaml:7: primary_color: คำเตือน: ")
    assert "4.5:1" in line and "WCAG AA" in line
    # the suggested darker colour really passes
    suggested = re.search(r"เช่น (#[0-9a-f]{6})", line).group(1)
    assert identity.contrast_ratio(suggested, "#ffffff") >= identity.AA_NORMAL_TEXT


def _config():
    return load_config(config_file=str(REPO / "mkdocs.yml"))


def test_apply_identity_sets_logo_footer_and_colour(example_model):
    config = _config()
    org = example_model.organisation
    problems = identity.apply_identity(config, example_model)
    assert config["theme"]["logo"] == org.logo == config["theme"]["favicon"]
    values = config["extra"]["prongsai_identity"]
    assert values["name"] == org.name
    assert values["email"] == org.contacts.email[0]
    assert [p["text"] for p in values["phones"]] == org.contacts.phone
    assert all(re.fullmatch(r"\+?[0-9]+", p["tel"]) for p in values["phones"])
    assert values["updated"] == thai.thai_date(example_model.generated_on, example_model.site.thai_digits)
    if example_model.site.primary_color is None:
        assert "colour_css" not in values and not problems.items
    # applying twice changes nothing
    before = dict(values)
    identity.apply_identity(config, example_model)
    assert config["extra"]["prongsai_identity"] == before


def test_chosen_colour_becomes_the_palette(example_model):
    config = _config()
    chosen = example_model.site.primary_color
    example_model.site.primary_color = "#1B5E20"
    try:
        problems = identity.apply_identity(config, example_model)
    finally:
        example_model.site.primary_color = chosen  # the model is the session's (conftest.py)
    assert not problems.items
    assert config["theme"]["palette"][0]["primary"] == "custom"
    css = config["extra"]["prongsai_identity"]["colour_css"]
    assert "--md-primary-fg-color:#1b5e20" in css


def test_phone_numbers_become_tel_targets():
    assert identity._tel("044-000-100 ต่อ 101") == "044000100"
    assert identity._tel("๐๔๔-๐๐๐-๑๙๙") == "044000199"
    assert identity._tel("+66 44 000 100") == "+6644000100"


def test_css_strings_cannot_end_the_style_element():
    text = identity._css_string('อบต. "ทดสอบ" </style><script>\\')
    assert "</" not in text and '"ทดสอบ' not in text.replace('\\"', "")


# --- real builds ----------------------------------------------------------------------------

@pytest.mark.slow
def test_build_with_light_colour_warns_and_shows_the_look(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    site_yaml = data / "site.yaml"
    settings = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))
    settings["primary_color"] = "#ffc107"
    site_yaml.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")

    site, result = theme_kit.build_site(tmp_path / "out", data)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"site\.yaml:\d+: primary_color: คำเตือน: สี #ffc107 อ่อนเกินไป", result.stderr)

    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="custom"' in page
    assert "--md-primary-fg-color:#ffc107" in page
    org = yaml.safe_load((data / "organisation.yaml").read_text(encoding="utf-8"))
    logo = org["logo"]
    assert f'<link rel="icon" href="{logo}"' in page
    assert re.search(rf'class="md-header__button md-logo"[^>]*>\s*<img src="{re.escape(logo)}"', page)
    assert (site / logo).is_file()
    footer = page[page.index('<footer class="md-footer prongsai-footer"'):]
    assert org["name"] in footer and org["contacts"]["email"][0] in footer
    assert "ข้อมูล ณ วันที่ " in footer


@pytest.mark.slow
def test_project_pages_keep_each_label_its_own_paragraph(example_site):
    pages = sorted((example_site / "plan" / "projects").glob("*/index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for label in ("ผลผลิต", "ผลลัพธ์"):
            assert f"<p><strong>{label}</strong></p>" in html, (page, label)


def test_plan_and_measures_end_with_signatures_from_the_data(example_site, example_model):
    org = example_model.organisation
    plan_html = (example_site / "plan" / "index.html").read_text(encoding="utf-8")
    block = plan_html[plan_html.index('class="prongsai-signatures"'):]
    announcement = example_model.plan.announcement
    assert announcement.signatory_name in block and announcement.signatory_position in block
    assert org.permanent[0].name in block
    for report in example_model.measures:
        html = (example_site / report.page_id / "index.html").read_text(encoding="utf-8")
        block = html[html.index('class="prongsai-signatures"'):]
        if report.prepared_by_name:
            assert report.prepared_by_name in block
        assert org.political[0].name in block and org.permanent[0].name in block
        assert block.count("(ลงชื่อ)") == len({report.prepared_by_name, org.political[0].name,
                                                org.permanent[0].name} - {""})


@pytest.mark.slow
def test_organisation_texts_in_footer_and_print_header_stay_text(tmp_path):
    """Name and address reach the footer (HTML) and the printed page's header (a CSS string
    inside <style>): neither can become markup or end the style element."""
    payload = '"</style><script>alert(1)</script><img src=x onerror=alert(2)> \\'
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    org_yaml = data / "organisation.yaml"
    org = yaml.safe_load(org_yaml.read_text(encoding="utf-8"))
    org["name"] = "อบต.ทดสอบ " + payload
    org["address"] = "เลขที่ 1 " + payload
    org_yaml.write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")

    site, result = theme_kit.build_site(tmp_path / "out", data)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in [site / "index.html", site / "plan" / "index.html", site / "404.html"]:
        page = path.read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page, path
        footer = page[page.index('<footer class="md-footer prongsai-footer"'):]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in footer
        style = page[page.index('<style media="print">'):]
        style = style[:style.index("</style>")]
        assert "<" not in style.replace("<style", "", 1), path
