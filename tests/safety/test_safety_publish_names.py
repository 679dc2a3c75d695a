"""Attachment names and sizes that passed `validate` and then broke the build or the
published site: names with ? # % (which mean something in a web address), Windows device
names and trailing dots or spaces, hard links (the same file under a name outside the data
folder), and a file with more values than the loader takes, refused with a message about
aliases it did not use.

Every name that is accepted must also be published under a link that opens it: a real build
of attachments named with every other punctuation mark checks that.
"""

from __future__ import annotations

import os
import string

import pytest
import yaml

from generator import linkcheck
from safety_kit import copy_mini, line_of, pdf_with_text, run_prongsai


def with_documents(data, names: list[str]) -> None:
    """Attach one PDF per name to an OIT item of the mini data folder."""
    path = data / "oit" / "2569.yaml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = next(iter(tree["items"].values()))
    item.setdefault("documents", [])
    for index, name in enumerate(names):
        target = data / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(pdf_with_text([f"document {index}"]))
        item["documents"].append({"title": f"เอกสาร {index}", "file": f"files/{name}"})
    path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def refused_names(output: str) -> set[str]:
    return {line for line in output.splitlines() if "documents[" in line and ".file:" in line}


REFUSED = [
    "แผน?ฉบับจริง.pdf", "รายงาน#2.pdf", "สรุป 100%.pdf", "a%20b.pdf", "x%2e%2e.pdf",     # web address syntax
    "CON.pdf", "nul.pdf", "Com1.pdf", "lpt9.report.pdf", "aux", "prn .pdf",              # Windows devices
    "รายงาน.pdf.", "เอกสาร /แผน.pdf", "con/แผน.pdf", "เอกสาร./แผน.pdf", " แผน.pdf/x.pdf",  # trailing dot/space
    'a"b.pdf', "a<b>.pdf", "a|b.pdf", "a*b.pdf", "a:b.pdf",                              # not on Windows
]


def test_names_that_break_links_or_windows_are_refused_at_validate(tmp_path):
    data = copy_mini(tmp_path / "data")
    with_documents(data, REFUSED)
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    lines = refused_names(output)
    assert len(lines) == len(REFUSED), "\n".join(sorted(lines))
    oit = data / "oit" / "2569.yaml"
    assert all(line.startswith(f"{data.name}/oit/2569.yaml:") for line in lines), lines
    for name in REFUSED:
        assert any(f":{line_of(oit, name)}:" in line for line in lines), name
    assert any("?" in line and "ที่อยู่เว็บ" in line for line in lines)
    assert any("Windows สงวน" in line for line in lines)
    assert any("ช่องว่างหรือจุด" in line for line in lines)


ACCEPTED_PUNCTUATION = [ch for ch in string.punctuation if ch not in '?#%<>:"|*/\\.']


@pytest.mark.slow
def test_every_other_name_is_published_under_a_link_that_opens_it(tmp_path):
    """Names with each remaining punctuation mark, spaces and Thai are built, linked and
    found by the link check (which fails the build on a link that does not resolve)."""
    data = copy_mini(tmp_path / "data")
    names = [f"เอกสาร{ch} {i}.pdf" for i, ch in enumerate(ACCEPTED_PUNCTUATION)]  # "x@ 1" is no e-mail
    names += ["แผน ปี 2569.pdf", "files in folder/ข้อ (1).pdf", "a'b(1)[2]{3}.pdf", "con-tract.pdf", "nul1.pdf"]
    with_documents(data, names)
    site = tmp_path / "site"
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    for name in names:
        assert (site / "files" / name).is_file(), name
    assert linkcheck.check_links(site, "https://www.test.go.th/") == []
    pages = "".join(p.read_text(encoding="utf-8") for p in (site / "ita" / "2569").rglob("index.html"))
    from urllib.parse import quote
    for name in names:  # every file is linked from the item's page
        assert quote(name.rsplit("/", 1)[-1], safe="") .split("%")[0] in pages or name in pages, name


@pytest.mark.slow
def test_a_hard_link_is_refused(tmp_path):
    """`ln /home/staff/private.pdf files/plan.pdf`: the data's name says nothing of the other one."""
    data = copy_mini(tmp_path / "data")
    outside = tmp_path / "private.pdf"
    outside.write_bytes(pdf_with_text(["private"]))
    target = data / "files" / "linked.pdf"
    try:
        os.link(outside, target)
    except OSError as exc:
        pytest.skip(f"this file system has no hard links: {exc}")
    with_documents(data, ["linked.pdf"])
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "ฮาร์ดลิงก์" in output and "linked.pdf" in output, output
    # an ordinary copy of the same file is fine
    target.unlink()
    target.write_bytes(outside.read_bytes())
    result = run_prongsai("validate", "--data", str(data))
    assert result.returncode == 0, result.stdout + result.stderr


def test_windows_device_names_are_refused_as_page_names(tmp_path):
    """measures/con.yaml would be the page /measures/con/, which Windows cannot hold."""
    data = copy_mini(tmp_path / "data")
    source = next((data / "measures").glob("*.yaml"))
    (data / "measures" / "con.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "con.yaml" in output and "Windows" in output, output


def test_a_file_with_too_many_values_says_so(tmp_path):
    """100,000 measures exceed the loader's value limit: the message names that limit and
    how to split the file, not aliases the file does not use."""
    from generator.load import load_data_folder
    from generator.problems import Problems

    data = copy_mini(tmp_path / "data")
    report = data / "measures" / "2568.yaml"
    lines = ["title: รายงานมาตรการ", "fiscal_year: 2568", "measures:"]
    lines += [f"  - {{no: {n}, title: m{n}}}" for n in range(1, 100_001)]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = Problems()
    load_data_folder(data, problems)
    messages = [item.message for item in problems.items if item.file.endswith("2568.yaml")]
    assert len(messages) == 1, messages
    assert "200,000" in messages[0] and "แบ่งเป็นหลายไฟล์" in messages[0], messages
    assert "&" not in messages[0] and "อ้างอิง" not in messages[0], messages
    # an alias bomb still gets the alias message, from the command
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(8)]
    report.write_text("\n".join(bomb) + "\n", encoding="utf-8")
    result = run_prongsai("validate", "--data", str(data))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any("2568.yaml" in line and "อ้างอิง" in line for line in result.stderr.splitlines()), result.stderr
