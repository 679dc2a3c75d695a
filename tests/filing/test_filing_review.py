"""`prongsai file` on the awkward folders staff really have: Thai file names, monthly forms with
one title, an edited proposal, a mistyped --data, broken and unsupported files, duplicates,
documents of another year, items the merge cannot edit, CRLF files. Every document is made
here in tmp_path."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

from generator.catalogue import load_catalogues
from generator.filing import cli_main
from generator.filing.propose import file_one, propose
from generator.problems import Problems

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from thai_documents import announcement, font_files, write  # noqa: E402

CATALOGUES = load_catalogues(Problems())
ORG = "องค์การบริหารส่วนตำบลท่าช้าง"
CHIEF = ("นายสมศักดิ์ ใจดี", "นายกองค์การบริหารส่วนตำบลท่าช้าง")
ROWS = [["ลำดับ", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงิน (บาท)", "วิธีซื้อหรือจ้าง", "ผู้ได้รับการคัดเลือกและราคาที่ตกลง",
         "เหตุผลที่คัดเลือก"],
        ["1", "จัดซื้อวัสดุสำนักงาน", "12,500", "เฉพาะเจาะจง", "ร้านเจริญพาณิชย์ 12,500", "ราคาต่ำสุด"]]

needs_fonts = pytest.mark.skipif(font_files() is None, reason="ต้องมีฟอนต์ fonts-thai-tlwg เพื่อสร้าง PDF ภาษาไทย")


def monthly_form(path: Path, month: str, signed: str) -> Path:
    """A แบบ สขร.1 sheet as LAOs keep it: the form's name, the organisation and its address, then the month."""
    write(path, [("heading", "แบบ สขร.1"), ("text", f"{ORG} อำเภอท่าช้าง จังหวัดสุรินทร์"),
                 ("text", f"ประจำเดือน {month}"), ("table", ROWS), ("text", f"วันที่ {signed}")])
    return path


def nogift(path: Path, fiscal_year: int = 2569, signed: str = "15 ตุลาคม พ.ศ. 2568") -> Path:
    write(path, announcement(ORG, [f"เจตนารมณ์ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) "
                                   f"ประจำปีงบประมาณ พ.ศ. {fiscal_year}"],
                             ["ด้วยองค์การบริหารส่วนตำบลท่าช้างมีเจตนารมณ์ไม่รับของขวัญและของกำนัลทุกชนิด"], signed, CHIEF))
    return path


def data_folder(tmp_path: Path, oit_text: str = "ita_year: 2569\n\nitems:\n", newline: str = "\n") -> Path:
    """A data folder of the organisation with an oit/2569.yaml of our own."""
    data = tmp_path / "data"
    (data / "oit").mkdir(parents=True)
    for name in ("organisation.yaml", "site.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    (data / "oit" / "2569.yaml").write_bytes(oit_text.replace("\n", newline).encode("utf-8"))
    return data


def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli_main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@needs_fonts
def test_a_thai_named_document_of_another_fiscal_year_is_attached_under_the_ita_year(tmp_path):
    folder = inbox(tmp_path)
    nogift(folder / "ประกาศไม่รับของขวัญ.pdf", fiscal_year=2570, signed="1 ตุลาคม พ.ศ. 2569")
    proposal = propose(folder, CATALOGUES[2569])
    [filing] = proposal.filed
    assert filing.file.startswith("files/2569/o20-"), filing.file
    assert "None" not in filing.file
    # …and flagged: a No Gift announcement of 2570 is outside the 2569 item's window
    assert filing.window and "2570" in filing.window
    from generator.filing.report import table

    row = next(line for line in table(proposal).split("\n") if line.startswith("| ประกาศไม่รับของขวัญ.pdf"))
    assert "ไม่ตรงช่วงเวลาของข้อ" in row


@needs_fonts
def test_an_entry_with_the_same_title_but_another_date_is_another_document(tmp_path, capsys):
    folder = inbox(tmp_path)
    nogift(folder / "a.pdf")
    [filing] = propose(folder, CATALOGUES[2569]).filed
    last_year = (f"ita_year: 2569\nitems:\n  nogift_gift_rules:\n    documents:\n"
                 f"      - title: {filing.title}\n        date: 2567-10-15\n")
    data = data_folder(tmp_path, last_year)
    code, out, _ = run(capsys, folder, "--data", data, "--year", 2569, "--apply")
    assert code == 0 and "เพิ่มเอกสาร 1 รายการ" in out, out
    # another file of the same document (same title, date and year, other bytes) is kept, not added twice
    (folder / "prongsai-file-2569.yaml").unlink()
    (folder / "a.pdf").unlink()
    subject = filing.title.split(" เรื่อง ", 1)[1]
    write(folder / "b.pdf", announcement(ORG, [subject], ["ด้วยองค์การบริหารส่วนตำบลท่าช้างพิมพ์ประกาศนี้ใหม่ ข้อความเดียวกัน"], "15 ตุลาคม พ.ศ. 2568", CHIEF))
    code, out, _ = run(capsys, folder, "--data", data, "--year", 2569, "--apply")
    assert code == 0 and "เพิ่มเอกสาร 0 รายการ" in out and "มีอยู่แล้ว" in out, out


@needs_fonts
def test_two_monthly_forms_with_the_same_heading_are_two_documents(tmp_path, capsys):
    folder = inbox(tmp_path)
    monthly_form(folder / "สขร1-ตค.xlsx", "ตุลาคม 2568", "5 พฤศจิกายน 2568")
    data = data_folder(tmp_path)
    assert run(capsys, folder, "--data", data, "--year", 2569, "--apply")[0] == 0
    monthly_form(folder / "สขร1-พย.xlsx", "พฤศจิกายน 2568", "5 ธันวาคม 2568")
    (folder / "prongsai-file-2569.yaml").unlink()   # a new proposal with the new form
    code, out, _ = run(capsys, folder, "--data", data, "--year", 2569, "--apply")
    assert code == 0 and "เพิ่มเอกสาร 1 รายการ" in out, out
    documents = yaml.safe_load((data / "oit" / "2569.yaml").read_text(encoding="utf-8"))["items"]["proc_monthly"]["documents"]
    assert [d["period"] for d in documents] == ["ต.ค. 68 - ต.ค. 68", "พ.ย. 68 - พ.ย. 68"]
    assert all("พฤศจิกายน 2568" in d["title"] or "ตุลาคม 2568" in d["title"] for d in documents)
    assert not any("อำเภอ" in d["title"] or ORG in d["title"] for d in documents)   # no address in titles


@needs_fonts
def test_apply_uses_the_proposal_file_as_staff_corrected_it(tmp_path, capsys):
    folder = inbox(tmp_path)
    nogift(folder / "a.pdf")
    (folder / "note.pdf").write_bytes(b"%PDF-1.4 not really")   # cannot be placed
    data = data_folder(tmp_path)
    assert run(capsys, folder, "--data", data, "--year", 2569)[0] == 0
    proposal_file = folder / "prongsai-file-2569.yaml"
    text = proposal_file.read_text(encoding="utf-8")
    assert "item: nogift_gift_rules" in text and "- source: note.pdf" in text
    text = text.replace("item: nogift_gift_rules", "item: O21")           # staff move it to another item
    text = text.replace("- source: note.pdf\n", "- source: note.pdf\n    item: ethics\n")
    text = text.replace("title: note (", "title: บันทึกของเจ้าหน้าที่ (")
    proposal_file.write_text(text, encoding="utf-8")
    # proposing again never overwrites the edited file
    code, _, err = run(capsys, folder, "--data", data, "--year", 2569)
    assert code != 0 and "ถูกแก้ไขแล้ว" in err
    assert proposal_file.read_text(encoding="utf-8") == text
    code, out, err = run(capsys, folder, "--data", data, "--year", 2569, "--apply")
    assert code == 0, err
    assert "ที่เจ้าหน้าที่แก้ไข" in out
    items = yaml.safe_load((data / "oit" / "2569.yaml").read_text(encoding="utf-8"))["items"]
    o21 = next(i.key for i in CATALOGUES[2569].items if i.code.lower() == "o21")
    assert "nogift_gift_rules" not in items
    assert items[o21]["documents"][0]["file"].startswith("files/2569/o21-")
    assert items["ethics"]["documents"][0]["title"].startswith("บันทึกของเจ้าหน้าที่")
    assert proposal_file.read_text(encoding="utf-8") == text


@needs_fonts
def test_an_edited_proposal_with_an_unknown_item_adds_nothing_and_says_where(tmp_path, capsys):
    folder = inbox(tmp_path)
    nogift(folder / "a.pdf")
    data = data_folder(tmp_path)
    run(capsys, folder, "--data", data, "--year", 2569)
    proposal_file = folder / "prongsai-file-2569.yaml"
    text = proposal_file.read_text(encoding="utf-8").replace("item: nogift_gift_rules", "item: O99")
    proposal_file.write_text(text, encoding="utf-8")
    before = (data / "oit" / "2569.yaml").read_bytes()
    code, _, err = run(capsys, folder, "--data", data, "--year", 2569, "--apply")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "item: O99" in row)
    assert code != 0 and f"prongsai-file-2569.yaml:{line}: item: ไม่มีข้อ 'O99'" in err, err
    assert (data / "oit" / "2569.yaml").read_bytes() == before
    assert not (data / "files").exists()


@needs_fonts
def test_the_next_command_keeps_data_and_year(tmp_path, capsys):
    folder = inbox(tmp_path)
    nogift(folder / "a.pdf")
    data = data_folder(tmp_path)
    _, out, _ = run(capsys, folder, "--data", data, "--year", 2569)
    assert f"prongsai file {folder} --data {data} --year 2569 --apply" in out


def test_a_mistyped_data_folder_is_refused_before_anything_is_written(tmp_path, capsys):
    folder = inbox(tmp_path)
    (folder / "a.txt").write_text("ประกาศ เรื่อง ทดสอบ", encoding="utf-8")
    code, _, err = run(capsys, folder, "--data", tmp_path / "dta", "--year", 2569, "--apply")
    assert code != 0 and "organisation.yaml" in err and "--data" in err
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]
    assert not (tmp_path / "dta").exists()


def test_broken_unsupported_and_duplicate_files_are_reported_in_thai(tmp_path, capsys):
    folder = inbox(tmp_path)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 word 97")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0 excel 97")
    (folder / "all.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (folder / "a.txt").write_text("ประกาศองค์การบริหารส่วนตำบลท่าช้าง\nเรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใส\n",
                                  encoding="utf-8")
    shutil.copy(folder / "a.txt", folder / "a copy.txt")
    code, out, err = run(capsys, folder, "--data", data_folder(tmp_path), "--year", 2569)
    assert code == 0, err
    for name in ("empty.pdf", "cut.pdf", "sheet.xlsx"):
        line = next(row for row in out.split("\n") if row.startswith(f"- {name}:"))
        assert "ไฟล์เสียหรือเปิดไม่ได้" in line and "tesseract" not in line and "BadZipFile" not in line, line
    for name, advice in (("old.doc", ".docx"), ("old.xls", ".xlsx"), ("all.zip", "แตกไฟล์")):
        line = next(row for row in out.split("\n") if row.startswith(f"- {name}:"))
        assert "อ่านไม่ได้" in line and advice in line, line
    assert "ไม่ได้อ่าน 3 ไฟล์" in out
    assert "- a.txt: ซ้ำกับ a copy.txt" in out and "ไฟล์ซ้ำ 1 ไฟล์" in out
    proposal = yaml.safe_load((folder / "prongsai-file-2569.yaml").read_text(encoding="utf-8"))
    assert [d["source"] for d in proposal["duplicates"]] == ["a.txt"]
    assert sorted(d["source"] for d in proposal["not_read"]) == ["all.zip", "old.doc", "old.xls"]


def test_an_empty_folder_and_a_file_given_as_the_folder_are_told_in_thai(tmp_path, capsys):
    folder = inbox(tmp_path)
    data = data_folder(tmp_path)
    code, _, err = run(capsys, folder, "--data", data, "--year", 2569)
    assert code != 0 and "ไม่พบเอกสาร" in err
    assert list(folder.iterdir()) == []
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    code, _, err = run(capsys, tmp_path / "a.pdf", "--data", data, "--year", 2569)
    assert code != 0 and "เป็นไฟล์ ไม่ใช่โฟลเดอร์" in err


def test_usage_errors_are_in_thai(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "ต้องระบุ DIR" in err and "required" not in err
    code, _, err = run(capsys, "x", "--year", "abc")
    assert code == 2 and "--year" in err and "ไม่ใช่ปี" in err and "argument" not in err
    code, _, err = run(capsys, "x", "--bogus")
    assert code == 2 and "ไม่รู้จักตัวเลือก --bogus" in err and "unrecognized" not in err


def test_the_command_speaks_thai_through_the_main_parser_too(capsys):
    from generator import cli

    with pytest.raises(SystemExit) as stopped:
        cli.main(["file"])
    assert stopped.value.code == 2 and "ต้องระบุ DIR" in capsys.readouterr().err


def test_duplicates_are_filed_once(tmp_path):
    folder = inbox(tmp_path)
    text = "คำสั่งองค์การบริหารส่วนตำบลท่าช้าง\nเรื่อง แต่งตั้งคณะทำงานส่งเสริมจริยธรรม\nสั่ง ณ วันที่ 1 ตุลาคม 2568\n"
    (folder / "b.txt").write_text(text, encoding="utf-8")
    (folder / "c.txt").write_text(text, encoding="utf-8")
    proposal = propose(folder, CATALOGUES[2569])
    assert len(proposal.filings) == 2 and len(proposal.duplicates) == 1
    assert len(proposal.filed) + len(proposal.unplaced) == 1


@needs_fonts
def test_nothing_is_copied_for_an_item_that_cannot_be_edited(tmp_path, capsys):
    folder = inbox(tmp_path)
    nogift(folder / "a.pdf")
    data = data_folder(tmp_path, "ita_year: 2569\nitems:\n  nogift_gift_rules: {note: 'x', documents: []}\n")
    code, _, err = run(capsys, folder, "--data", data, "--year", 2569, "--apply")
    assert code != 0 and "อัตโนมัติไม่ได้" in err
    assert not (data / "files").exists() or not any((data / "files").rglob("*.pdf"))


@needs_fonts
def test_apply_keeps_crlf_line_ends(tmp_path, capsys):
    folder = inbox(tmp_path)
    nogift(folder / "a.pdf")
    data = data_folder(tmp_path, "# หมายเหตุ\nita_year: 2569\n\nitems:\n  news:\n    documents: []\n", newline="\r\n")
    assert run(capsys, folder, "--data", data, "--year", 2569, "--apply")[0] == 0
    raw = (data / "oit" / "2569.yaml").read_bytes()
    assert b"nogift_gift_rules" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")


@pytest.mark.slow
def test_a_scanned_pdf_leaves_no_temporary_folder(tmp_path, monkeypatch):
    import tempfile

    from thai_documents import scanned_pdf_bytes

    if font_files() is None:
        pytest.skip("ต้องมีฟอนต์ fonts-thai-tlwg เพื่อสร้าง PDF ภาษาไทย")
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf_bytes(announcement(ORG, ["มาตรการส่งเสริมคุณธรรม"], ["ด้วย"], "1 ตุลาคม 2568", CHIEF)))
    filing = file_one(scan, CATALOGUES[2569])
    assert filing.text.source in ("ocr", "name")
    assert list(work.iterdir()) == []


@needs_fonts
def test_what_is_read_from_a_picture_is_never_sure(tmp_path):
    if not shutil.which("tesseract"):
        pytest.skip("ไม่ได้ติดตั้ง tesseract")
    image = tmp_path / "IMG_0001.png"
    shutil.copy(HERE / "documents" / "2569" / "ประกาศ No Gift Policy 15 ต.ค. 68.png", image)
    filing = file_one(image, CATALOGUES[2569])
    assert filing.filed and filing.text.source == "ocr"
    assert filing.choice.sure != "สูง"


@pytest.mark.parametrize("lines, expected", [
    # a centred heading cut at its space: "เรื่อง" alone, the subject on the next line, and the
    # body (which names another year) not taken into the heading
    (["ประกาศองค์การบริหารส่วนตำบลท่าช้าง", "เรื่อง",
      "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานประจำปีงบประมาณ พ.ศ. 2569", "-------------------------",
      "จากผลการวิเคราะห์การประเมิน ITA ประจำปี 2568 องค์การบริหารส่วนตำบลท่าช้างจึงกำหนดมาตรการ 8 มาตรการ"],
     "ประกาศองค์การบริหารส่วนตำบลท่าช้าง เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
     "ประจำปีงบประมาณ พ.ศ. 2569"),
    # the same heading on one line each way reads the same
    (["ประกาศองค์การบริหารส่วนตำบลท่าช้าง", "เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
      "ประจำปีงบประมาณ พ.ศ. 2569", "-------------------------"],
     "ประกาศองค์การบริหารส่วนตำบลท่าช้าง เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
     "ประจำปีงบประมาณ พ.ศ. 2569"),
])
def test_the_subject_is_read_also_when_its_word_stands_alone_on_a_line(lines, expected):
    from generator.filing.when import heading_of

    assert heading_of(lines) == expected
