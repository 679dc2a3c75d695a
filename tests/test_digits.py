"""site.yaml's `digits:` (thai | arabic, or the older `thai_digits:`): every digit Prongsai
writes follows it; the data's own text keeps its digits unless `digits_in_text: true`;
addresses, file names, tel: links, anchors and code never change."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import theme_kit
from generator import render
from generator.pipeline import Options, generate
from testkit import REPO, run_prongsai

TODAY = dt.date(2026, 4, 20)
ARABIC_RUN, THAI_RUN = re.compile(r"[0-9]+"), re.compile(r"[๐-๙]+")
SECTION_TITLES = ["ชื่อโครงการ", "หลักการและเหตุผล", "วัตถุประสงค์", "กลุ่มเป้าหมาย", "วิธีดำเนินการ",
                  "ระยะเวลาดำเนินการ", "งบประมาณดำเนินการ", "ผู้รับผิดชอบ", "ผลผลิต/ผลลัพธ์"]


def _with_site_settings(data: Path, *lines: str) -> None:
    """site.yaml without its digits settings, plus ``lines``."""
    site_yaml = data / "site.yaml"
    kept = [line for line in site_yaml.read_text(encoding="utf-8").splitlines()
            if not re.match(r"(thai_digits|digits|digits_in_text):", line)]
    site_yaml.write_text("\n".join(kept + list(lines)) + "\n", encoding="utf-8")


def _generate(data: Path, out: Path):
    return generate(Options(data_dir=data, out_dir=out, today=TODAY))


# --- the setting --------------------------------------------------------------------------

@pytest.mark.parametrize("lines, thai", [
    (["digits: thai"], True), (["digits: arabic"], False), (["digits: เลขไทย"], True),
    (["thai_digits: true"], True), (["thai_digits: false"], False), ([], False),
    (["digits: thai", "thai_digits: true"], True), (["digits: arabic", "thai_digits: false"], False),
])
def test_digits_and_the_older_thai_digits_mean_the_same(copy_fixture, tmp_path, lines, thai):
    data = copy_fixture("mini")
    _with_site_settings(data, *lines)
    result = _generate(data, tmp_path / "out")
    assert not result.problems.errors
    assert result.model.site.thai_digits is thai
    assert result.model.site.digits == ("thai" if thai else "arabic")


@pytest.mark.slow
def test_digits_contradicting_thai_digits_is_a_thai_error_with_its_line(copy_fixture):
    data = copy_fixture("mini")
    _with_site_settings(data, "digits: arabic", "thai_digits: true")
    line = (data / "site.yaml").read_text(encoding="utf-8").splitlines().index("digits: arabic") + 1
    result = run_prongsai("validate", "--data", str(data))
    assert result.returncode != 0
    assert f"site.yaml:{line}: digits: ค่า arabic ขัดกับ thai_digits: true" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_an_unknown_digits_style_is_refused_in_thai(copy_fixture):
    data = copy_fixture("mini")
    _with_site_settings(data, "digits: roman")
    result = run_prongsai("validate", "--data", str(data))
    assert result.returncode != 0
    assert "digits: 'roman' ใช้ไม่ได้ ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: thai, arabic" in result.stderr


# --- generated Markdown -------------------------------------------------------------------

def _project_page(out: Path) -> str:
    """The first project of the mini plan (no: 1)."""
    return sorted((out / "plan" / "projects").glob("*.md"))[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("style, digits", [("thai", "๑๒๓๔๕๖๗๘๙"), ("arabic", "123456789")])
def test_project_section_numbers_follow_the_setting(copy_fixture, tmp_path, style, digits):
    data = copy_fixture("mini")
    _with_site_settings(data, f"digits: {style}")
    _generate(data, tmp_path / "out")
    page = _project_page(tmp_path / "out")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings[:9] == [f"## {n}. {title}" for n, title in zip(digits, SECTION_TITLES)]


def _add_rationale(data: Path, text: str) -> None:
    """The first project gets a rationale: ``text``, a sentence with its own digits."""
    plan = data / "plan.yaml"
    source = plan.read_text(encoding="utf-8")
    anchor = "                objectives: [เพื่อพัฒนาบุคลากร]\n"
    assert anchor in source
    plan.write_text(source.replace(anchor, anchor + f'                rationale: "{text}"\n', 1), encoding="utf-8")


OWN_TEXT = "ตามระเบียบข้อ 12 ปี 2562 ดู https://example.go.th/law/2562 และไฟล์ files/a-2562.pdf"


@pytest.mark.parametrize("in_text, shown", [
    (False, OWN_TEXT),
    (True, "ตามระเบียบข้อ ๑๒ ปี ๒๕๖๒ ดู https://example.go.th/law/2562 และไฟล์ files/a-2562.pdf"),
])
def test_the_datas_own_text_keeps_its_digits_unless_asked(copy_fixture, tmp_path, in_text, shown):
    data = copy_fixture("mini")
    _with_site_settings(data, "digits: thai", f"digits_in_text: {str(in_text).lower()}")
    _add_rationale(data, OWN_TEXT)
    _generate(data, tmp_path / "out")
    page = _project_page(tmp_path / "out")
    assert render.md_linked(shown) in page  # the web address is a link, its digits as written
    assert "## ๒. หลักการและเหตุผล" in page


def test_links_anchors_and_front_matter_keep_arabic_digits():
    page = ("---\nsearch:\n  boost: 0.5\n---\n# ITA 2569\n\n[ปี 2569](2569/index.md#o1-2) "
            "<a href=\"tel:044000100\">โทร 044</a> `code 12` &#8211; "
            f"{render.DATA_START}ข้อ 7{render.DATA_END}\n")
    shown = render.page_digits(page, thai_digits=True)
    assert shown == ("---\nsearch:\n  boost: 0.5\n---\n# ITA ๒๕๖๙\n\n[ปี ๒๕๖๙](2569/index.md#o1-2) "
                     "<a href=\"tel:044000100\">โทร ๐๔๔</a> `code 12` &#8211; ข้อ 7\n")
    assert render.page_digits(shown, thai_digits=False).replace("ข้อ 7", "") == \
        page.replace(f"{render.DATA_START}ข้อ 7{render.DATA_END}", "")


# --- the whole example site, built twice ----------------------------------------------------

class _VisibleText(HTMLParser):
    """The text a reader can see (scripts, styles and the head left out; hidden navigation
    kept, so the count is if anything stricter than a browser's innerText)."""
    SKIP = {"script", "style", "head", "svg", "template"}

    def __init__(self):
        super().__init__()
        self.skipping, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in self.SKIP

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


# Never converted, so not counted: the ITA catalogue's item codes (O1–O33, as in ITAS and the
# addresses /ita/<year>/o<N>/), addresses, e-mail addresses and file names shown as text.
NOT_COUNTED = re.compile(r"\b[OIE]\d+\b|(?:https?://|www\.)\S+|[\w.+-]+@[\w.-]+|[\w./-]+\.(?:pdf|docx?|xlsx?|jpe?g|png)\b",
                         re.I)


def other_digit_runs(site: Path, thai: bool) -> list[tuple[str, str]]:
    """(page, context) of every run of the other kind of digit in the pages' visible text.
    The organisation's own Markdown pages (content/) are the data's text: not counted."""
    wrong = ARABIC_RUN if thai else THAI_RUN
    content = {p.stem for p in (REPO / "content").glob("*.md")}
    runs = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.split("/")[0] in content:
            continue
        text = visible_text(page.read_text(encoding="utf-8"))
        kept = [m.span() for m in NOT_COUNTED.finditer(text)]
        runs += [(relative, text[max(0, m.start() - 30):m.end() + 10]) for m in wrong.finditer(text)
                 if not any(a <= m.start() < b for a, b in kept)]
    return runs


def data_in_one_style(source: Path, target: Path, thai: bool) -> None:
    """A copy of a data folder whose own text is written in one kind of digit (keys, numbers,
    dates, page ids, addresses and file names as they were): any digit of the other kind on
    the built site was then written by Prongsai."""
    shutil.copytree(source, target)
    table = render.digits_table(thai)
    key = re.compile(r"^(\s*(?:-\s+)?[\w.\-]+:\s?)(.*)$", re.S)
    for path in target.rglob("*.yaml"):
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            match = key.match(line)
            head, value = (match.group(1), match.group(2)) if match else ("", line)
            if line.lstrip().startswith("#") or re.fullmatch(r"[\x21-\x7e]*\s*", value.strip("- ")):
                lines.append(line)  # a comment, or a number, date or page id: read, not shown as typed
                continue
            lines.append(head + render._convert_kept_apart(value, render._KEPT_IN_TEXT, table, lambda k: k))
        path.write_text("".join(lines), encoding="utf-8")
    _with_site_settings(target, f"digits: {'thai' if thai else 'arabic'}")


@pytest.fixture(scope="module", params=[True, False], ids=["thai", "arabic"])
def example_site(request, tmp_path_factory) -> tuple[Path, bool]:
    """The example site built from data whose own text uses the setting's digits."""
    thai = request.param
    folder = tmp_path_factory.mktemp("digits-" + ("thai" if thai else "arabic"))
    data_in_one_style(REPO / "data", folder / "data", thai)
    site, result = theme_kit.build_site(folder / "build", folder / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    return site, thai


@pytest.mark.slow
def test_every_digit_prongsai_writes_on_the_example_site_follows_the_setting(example_site):
    site, thai = example_site
    assert len(list(site.rglob("*.html"))) > 50
    runs = other_digit_runs(site, thai)
    assert runs == [], f"{len(runs)} runs, e.g. {runs[:10]}"
    # the count sees digits: the same site read for the other style is full of them
    assert len(other_digit_runs(site, not thai)) > 1000


@pytest.mark.slow
@pytest.mark.browser
def test_numbers_written_in_the_browser_follow_the_setting(example_site, chromium):
    site, thai = example_site
    harness, browser = chromium
    page = browser.new_page()
    try:
        with harness.StaticServer(site) as url:
            theme_kit.open_page(page, url)
            shown = page.eval('window.prongsaiDigits("พบ 12 รายการ ๓")')
    finally:
        browser.close_page(page)
    assert shown == ("พบ ๑๒ รายการ ๓" if thai else "พบ 12 รายการ 3")
