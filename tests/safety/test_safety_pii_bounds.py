"""Work is bounded before parsing: a small file that unpacks to millions of cells, or a data
file the loader refused for its size, ends with a clear Thai message (an error), not minutes
of work and gigabytes of memory, and never with a file published unread.

The crafted files are built here. Time is never asserted; each run has a generous timeout so
that a regression shows as a failure instead of a hung test suite, and the peak memory of the
command is checked loosely (a few hundred MB, where the unbounded work took gigabytes)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from generator import extract
from safety_kit import REPO, copy_mini, edit

TIMEOUT = 120
MEMORY_LIMIT_MB = 400

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 "</Types>")
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>")
WORKBOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="โครงการ" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                 'Target="worksheets/sheet1.xml"/></Relationships>')


def column(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def xlsx(sheet_data: str | bytes, dimension: str = "A1") -> bytes:
    """A minimal workbook whose one sheet holds `sheet_data` (the <row> elements)."""
    if isinstance(sheet_data, str):
        sheet_data = sheet_data.encode("utf-8")
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<dimension ref="' + dimension.encode() + b'"/><sheetData>' + sheet_data + b"</sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def empty_cells(count: int, per_row: int = 50) -> bytes:
    """`count` formatted but empty cells (what a sheet gets when whole columns are formatted)."""
    rows = []
    names = [column(c) for c in range(1, per_row + 1)]
    for row in range(1, count // per_row + 2):
        cells = "".join(f'<c r="{name}{row}" s="1"/>' for name in names)
        rows.append(f'<row r="{row}">{cells}</row>')
    return "".join(rows).encode("ascii")


FAR_AWAY = '<row r="1"><c r="A1" t="inlineStr"><is><t>แผน</t></is></c></row>' \
           '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def run_measured(*args: str) -> tuple[int, str, float]:
    """Run prongsai in a child of a fresh interpreter: (exit code, output, peak memory in MB
    of the command alone)."""
    probe = (
        "import json, resource, subprocess, sys\n"
        f"result = subprocess.run([sys.executable, '-m', 'generator.cli', *{list(args)!r}], capture_output=True, "
        f"text=True, encoding='utf-8', timeout={TIMEOUT})\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([result.returncode, result.stdout + result.stderr, peak]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT + 30)
    assert done.returncode == 0, done.stderr[-3000:]
    code, output, peak = json.loads(done.stdout)
    assert "Traceback" not in output, output[-3000:]
    return code, output, peak


def attach(data, name: str, content: bytes) -> None:
    (data / "files" / name).write_bytes(content)
    edit(data / "oit" / "2569.yaml", "      - title: แผนปฏิบัติการป้องกันการทุจริต\n",
         f"      - title: เอกสาร {name}\n        file: files/{name}\n      - title: แผนปฏิบัติการป้องกันการทุจริต\n")


@pytest.mark.slow
def test_a_workbook_with_a_million_empty_cells_is_refused_with_a_clear_message(tmp_path):
    data = copy_mini(tmp_path / "mini")
    attach(data, "big.xlsx", xlsx(empty_cells(extract.MAX_CELLS + 1000)))
    code, output, peak = run_measured("validate", "--data", str(data))
    refused = [line for line in output.splitlines() if line.startswith("mini/files/big.xlsx")]
    assert code == 1 and refused and "เซลล์" in refused[0] and "unscanned_attachments" in refused[0], output[-3000:]
    assert peak < MEMORY_LIMIT_MB, f"{peak:.0f} MB"


@pytest.mark.slow
def test_a_zip_bomb_part_is_refused_before_it_is_unpacked(tmp_path):
    data = copy_mini(tmp_path / "mini")
    padding = b" " * (extract.MAX_ZIP_PART_BYTES + 1024)     # a few hundred kB once compressed
    attach(data, "bomb.xlsx", xlsx(b'<row r="1"><c r="A1"><v>1</v></c></row>' + padding))
    code, output, peak = run_measured("validate", "--data", str(data))
    refused = [line for line in output.splitlines() if line.startswith("mini/files/bomb.xlsx")]
    assert code == 1 and refused and "คลายออก" in refused[0], output[-3000:]
    assert peak < MEMORY_LIMIT_MB, f"{peak:.0f} MB"


@pytest.mark.slow
def test_far_away_cells_and_a_huge_dimension_cost_nothing_to_scan(tmp_path):
    data = copy_mini(tmp_path / "mini")
    attach(data, "sparse.xlsx", xlsx(FAR_AWAY, dimension="A1:XFD1048576"))
    attach(data, "declared.xlsx", xlsx('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:XFD1048576"))
    code, output, peak = run_measured("validate", "--data", str(data))
    assert code == 0, output[-3000:]
    assert peak < MEMORY_LIMIT_MB, f"{peak:.0f} MB"


@pytest.mark.slow
def test_import_refuses_a_workbook_too_big_to_load_before_loading_it(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name, content, words in [
        ("sparse.xlsx", xlsx(FAR_AWAY), ("XFD1048576", "ลบแถวและคอลัมน์")),
        ("many.xlsx", xlsx(empty_cells(extract.MAX_IMPORT_CELLS + 1000)), ("เซลล์", "ลบแถวและคอลัมน์")),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        code, output, peak = run_measured("import", str(path), "--data", str(data))
        assert code == 1 and all(word in output for word in words), output[-3000:]
        assert peak < MEMORY_LIMIT_MB, f"{name}: {peak:.0f} MB"
    assert list(data.iterdir()) == []


@pytest.mark.slow
def test_the_guard_does_not_parse_a_data_file_the_loader_refused(tmp_path):
    data = copy_mini(tmp_path / "mini")
    # 6 MB of one-character values: 3 million nodes if anything composed them (1.7 GB)
    (data / "plan.yaml").write_text("objectives: [" + "1," * (3 * 1024 * 1024) + "1]\n", encoding="utf-8")
    code, output, peak = run_measured("validate", "--data", str(data))
    assert code == 1 and "mini/plan.yaml" in output and "ใหญ่เกิน" in output, output[-3000:]
    assert peak < MEMORY_LIMIT_MB, f"{peak:.0f} MB"
