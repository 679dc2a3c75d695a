"""Holes a hostile review of the personal-data guard found, each closed at its root: pictures
are published without metadata (a real build), broken or oversized pictures are refused,
UTF-16 and malformed XML parts are read or refused (never skipped), wrapped and boxed numbers,
Excel's displayed numbers and every circled digit are found; and the false alarms it found
(e-GP numbers, count rows, line ranges, bank accounts, number formats) are gone."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import pytest

from generator import extract, privacy
from safety_kit import copy_mini, edit, grouped, run_prongsai
from test_safety_pii_attachments import DIGITS, PHONE, W, attach, docx, findings_of, kinds, paragraph, pdf

Image = pytest.importorskip("PIL.Image")

SECRET = f"Somchai {DIGITS} tel {PHONE}"


def unreadable(output: str, name: str) -> bool:
    return any(f"files/{name}" in line and "ตรวจข้อมูลส่วนบุคคลในไฟล์นี้ไม่ได้" in line for line in output.splitlines())


# --- 1. pictures: what a real build publishes --------------------------------------------------

def _picture():
    return Image.new("RGB", (64, 48), (200, 120, 40))


def jpeg_full_of_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = SECRET                       # ImageDescription
    exif[0x013B] = "Somchai"                    # Artist
    exif[0x0112] = 6                            # orientation: kept
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 1.0)}  # GPS
    out = io.BytesIO()
    _picture().save(out, "JPEG", exif=exif, comment=SECRET.encode())
    data = out.getvalue()

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    extra = (segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>" + SECRET.encode() + b"</x:xmpmeta>")
             + segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + SECRET.encode())
             + segment(0xEF, SECRET.encode()))
    return data[:2] + extra + data[2:] + SECRET.encode()       # and bytes after the end of the image


def png_full_of_metadata() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", SECRET)
    info.add_text("Description", SECRET, zip=True)
    info.add_itxt("Comment", "ผู้ร้อง " + SECRET, lang="th")
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{SECRET}</x:xmpmeta>")
    exif = Image.Exif()
    exif[0x010E] = SECRET
    out = io.BytesIO()
    _picture().save(out, "PNG", pnginfo=info, exif=exif)
    data = out.getvalue()
    private = SECRET.encode()
    chunk = struct.pack(">I", len(private)) + b"prVt" + private + struct.pack(">I", zlib.crc32(b"prVt" + private))
    return data[:33] + chunk + data[33:] + SECRET.encode()


def gif_full_of_metadata() -> bytes:
    out = io.BytesIO()
    _picture().convert("P").save(out, "GIF", comment=SECRET.encode())
    return out.getvalue() + SECRET.encode()


def webp_full_of_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = SECRET
    out = io.BytesIO()
    _picture().save(out, "WEBP", exif=exif, xmp=f"<x:xmpmeta>{SECRET}</x:xmpmeta>".encode())
    return out.getvalue()


def _png_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunks.append(kind)
        position += 12 + length
    assert position == len(data), "bytes after the last chunk"
    return chunks


def _jpeg_markers(data: bytes) -> list[tuple[int, bytes]]:
    markers, position = [], 2
    while data[position + 1] != 0xDA:
        marker = data[position + 1]
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        markers.append((marker, data[position + 4:position + 2 + length]))
        position += 2 + length
    return markers


@pytest.mark.slow
def test_a_real_build_publishes_pictures_without_any_metadata(tmp_path):
    data = copy_mini(tmp_path / "mini")
    (data / "files" / "mayor.png").write_bytes(png_full_of_metadata())       # an executive's photo
    pictures = {"photo.jpg": jpeg_full_of_metadata(), "chart.gif": gif_full_of_metadata(),
                "scan.webp": webp_full_of_metadata()}
    for name, content in pictures.items():
        attach(data, name, content)
    assert all(SECRET.encode() in content for content in pictures.values())
    site = tmp_path / "site"
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    published = {path.name: path for path in site.rglob("*") if path.suffix in (".png", ".jpg", ".gif", ".webp")}
    assert {"mayor.png", *pictures} <= set(published)
    for name in ("mayor.png", *pictures):
        content = published[name].read_bytes()
        for secret in (DIGITS, PHONE, "Somchai", "xmpmeta", "Photoshop"):
            assert secret.encode() not in content, (name, secret)
        with Image.open(published[name]) as image:
            image.load()                                   # still a picture that decodes whole
            assert image.size == (64, 48)
            assert not {"xmp", "XML:com.adobe.xmp", "comment", "Author", "Description", "Comment", "icc_profile"} & set(image.info), name
            assert set(image.getexif()) <= {0x0112}, name  # nothing but the orientation
    assert set(_png_chunks(published["mayor.png"].read_bytes())) <= {b"IHDR", b"IDAT", b"IEND", b"sRGB", b"pHYs", b"gAMA"}
    jpeg = published["photo.jpg"].read_bytes()
    assert jpeg.endswith(b"\xff\xd9")
    for marker, payload in _jpeg_markers(jpeg):
        assert marker in (0xE0, 0xE1, 0xE2, 0xEE) or not 0xE0 <= marker <= 0xFE, hex(marker)
        if marker == 0xE1:
            assert payload.startswith(b"Exif\x00\x00") and len(payload) < 64      # the orientation alone
    with Image.open(published["photo.jpg"]) as image:
        assert image.getexif().get(0x0112) == 6, "a portrait photo would show on its side"
    assert published["chart.gif"].read_bytes().endswith(b"\x3b")
    webp = published["scan.webp"].read_bytes()
    assert struct.unpack("<I", webp[4:8])[0] == len(webp) - 8 and b"EXIF" not in webp and b"XMP " not in webp


# --- 2. broken pictures and decompression bombs --------------------------------------------------

def _png_bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG", optimize=True)
    return out.getvalue()


def _saved(kind: str, size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (9, 99, 199)).save(out, kind)
    return out.getvalue()


BAD_PICTURES = {
    "bomb.png": _png_bomb,
    "cut.jpg": lambda: _saved("JPEG")[:-200],
    "cut-header.jpg": lambda: _saved("JPEG")[:300],
    "cut.png": lambda: _saved("PNG")[:-20],
    "cut.gif": lambda: _saved("GIF")[:-3],
    "cut.webp": lambda: _saved("WEBP")[:-10],
    "wide.gif": lambda: _saved("GIF")[:6] + struct.pack("<HH", 30000, 30000) + _saved("GIF")[10:],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BAD_PICTURES))
def test_a_broken_or_oversized_picture_is_refused_at_validate(tmp_path, name):
    data = copy_mini(tmp_path / "mini")
    attach(data, name, BAD_PICTURES[name]())
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    line = next(line for line in output.splitlines() if f"files/{name}" in line)
    assert re.match(r"^mini/oit/2569\.yaml:\d+: [\w.\[\]]+: ", line), line
    assert ("พิกเซล" in line) == (name in ("bomb.png", "wide.gif")), line
    assert "Error" not in line and "ValueError" not in line


@pytest.mark.slow
def test_a_bomb_is_judged_from_its_header_without_decoding_it():
    bomb = _png_bomb()
    assert extract.image_size(bomb) == (20000, 20000)
    assert "20,000 × 20,000" in extract.image_problem(bomb)
    for kind in ("PNG", "JPEG", "GIF", "WEBP"):
        assert extract.image_size(_saved(kind, (321, 123))) == (321, 123), kind
        assert extract.image_problem(_saved(kind)) is None, kind


# --- 3. XML parts in UTF-16 --------------------------------------------------------------------

def _utf16_document(encoding: str, bom: bool) -> bytes:
    dashed = grouped(DIGITS, "-")
    xml = (f'<?xml version="1.0" encoding="UTF-16"?><w:document {W}><w:body>{paragraph("ID " + dashed)}'
           f"{paragraph(f'tel {PHONE}')}</w:body></w:document>")
    return (b"\xff\xfe" if bom and encoding == "utf-16-le" else b"\xfe\xff" if bom else b"") + xml.encode(encoding)


@pytest.mark.slow
@pytest.mark.parametrize("encoding,bom", [("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False)])
def test_a_word_part_saved_in_utf16_is_read(tmp_path, encoding, bom):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", _utf16_document(encoding, bom))
    code, output, found = findings_of(tmp_path, "memo.docx", out.getvalue())
    assert code == 1 and kinds(found) == {"id", "phone"}, output


@pytest.mark.slow
def test_shared_strings_saved_in_utf16_are_read(tmp_path):
    from test_safety_pii_attachments import workbook

    def fill(book):
        book.active["B2"] = f"ID {DIGITS}"
        book.active["B3"] = f"tel {PHONE}"

    source = zipfile.ZipFile(io.BytesIO(workbook(fill)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/sharedStrings.xml":
                content = content.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
            target.writestr(item, content)
    code, output, found = findings_of(tmp_path, "register.xlsx", out.getvalue())
    assert code == 1 and kinds(found) == {"id", "phone"}, output


# --- 8. malformed XML and entity bombs are errors ----------------------------------------------

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
          f"<w:document {W}><w:body>{paragraph('&d;')}</w:body></w:document>")


@pytest.mark.parametrize("document", [
    f"<w:document {W}><w:body>{paragraph('hello')}<w:p><w:r><w:t>unclosed",      # malformed, no personal data
    LAUGHS,                                                                      # billion laughs
])
def test_malformed_xml_or_an_entity_bomb_is_an_error(tmp_path, document):
    code, output, _found = findings_of(tmp_path, "memo.docx", docx({"word/document.xml": document}))
    assert code == 1 and unreadable(output, "memo.docx"), output


@pytest.mark.slow
def test_a_pdf_bomb_is_named_as_such_without_an_internal_error_name(tmp_path):
    huge = zlib.compress(b"0" * (120 * 1024 * 1024), 9)
    content = pdf(["Report"], page="/Annots [6 0 R]",
                  extra=["<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Contents 7 0 R >>",
                         ("/Filter /FlateDecode", huge)])
    # the page's own content stream is the bomb as well: whatever the reader opens first
    content = content.replace(b"/Contents 4 0 R", b"/Contents 7 0 R")
    code, output, _found = findings_of(tmp_path, "bomb.pdf", content)
    assert code == 1 and unreadable(output, "bomb.pdf"), output
    line = next(line for line in output.splitlines() if "files/bomb.pdf" in line)
    assert "LimitReachedError" not in line and "ไฟล์เสีย" not in line and "คลายออกแล้วใหญ่เกินกำหนด" in line, line


# --- 4. numbers wrapped after a dash -----------------------------------------------------------

def _csv(text: str) -> bytes:
    return text.encode("utf-8")


ID_DASHED = grouped(DIGITS, "-")                 # 1-2345-67890-12-3
PHONE_DASHED = f"{PHONE[:3]}-{PHONE[3:6]}-{PHONE[6:]}"
WRAPPED = {
    "page.pdf": lambda: pdf([f"Complainant {ID_DASHED[:7]}", f"{ID_DASHED[7:]} lodged", f"Call {PHONE_DASHED[:8]}",
                             f"{PHONE_DASHED[8:]} anytime"]),
    "memo.docx": lambda: docx({"word/document.xml": f"<w:document {W}><w:body><w:p><w:r><w:t>ID {ID_DASHED[:7]}</w:t>"
                                                   f"<w:br/><w:t>{ID_DASHED[7:]}</w:t></w:r></w:p><w:p><w:r>"
                                                   f"<w:t>โทร {PHONE_DASHED[:8]}</w:t><w:br/><w:t>{PHONE_DASHED[8:]}</w:t>"
                                                   "</w:r></w:p></w:body></w:document>"}),
    "list.csv": lambda: _csv(f'name,note\nสมชาย,"เลข {ID_DASHED[:7]}\n{ID_DASHED[7:]}"\nสมหญิง,"โทร {PHONE_DASHED[:8]}\n'
                             f'{PHONE_DASHED[8:]}"\n'),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(WRAPPED))
def test_a_number_wrapped_after_its_dash_is_found(tmp_path, name):
    assert ID_DASHED[6] == "-" and PHONE_DASHED[7] == "-"       # each line ends on the dash
    code, output, found = findings_of(tmp_path, name, WRAPPED[name]())
    assert code == 1 and kinds(found) == {"id", "phone"}, output


# --- 5. numbers as Excel displays them ----------------------------------------------------------

def _formatted(value: int, code: str):
    def change(book):
        book.active["B2"] = value
        book.active["B2"].number_format = code
    return change


@pytest.mark.slow
def test_a_number_format_that_spells_an_id_or_a_phone_is_read_as_displayed(tmp_path):
    from test_safety_pii_attachments import workbook

    def both(book):
        _formatted(int(DIGITS[7:]), f'"{DIGITS[:7]}"000000')(book)          # "1234567"000000 on 890123
        book.active["B3"] = int(PHONE[1:])                                   # 897654321 shown as 089-765-4321
        book.active["B3"].number_format = "0##-###-####"

    code, output, found = findings_of(tmp_path, "register.xlsx", workbook(both))
    assert code == 1 and kinds(found) == {"id", "phone"}, output
    assert any(f["field"].endswith("!B2") for f in found) and any(f["field"].endswith("!B3") for f in found), output


@pytest.mark.slow
@pytest.mark.parametrize("code", ["000-000-0000", "000-000-000", "0-0000-00000-00-0", "0##-###-####", "[<=99999999]0#-###-###;0#-####-####"])
def test_a_format_alone_is_never_a_finding(tmp_path, code):
    from test_safety_pii_attachments import workbook

    result, output, found = findings_of(tmp_path, "register.xlsx", workbook(_formatted(5, code)))
    assert result == 0 and not found, output


def test_displayed_numbers_follow_excel():
    shown = extract.displayed_number
    assert shown("812345678", "0##-###-####") == "081-234-5678"
    assert shown("1103700123458", "0-0000-00000-00-0") == "1-1037-00123-45-8"
    assert shown("123458", '"1103700"000000') == "1103700123458"
    assert shown("5", "000-000-0000") == "000-000-0005"
    assert shown("45000.5", "#,##0.00") is None and shown("45000", "dd/mm/yyyy") is None
    assert extract.format_literals('"โทร "0##-###-####') == "โทร "


# --- 6. every circled digit --------------------------------------------------------------------

SERIES = {"①": "⓪", "➀": "➉", "➊": "➓", "❶": "❿", "⓵": "⓾"}


@pytest.mark.parametrize("one,zero", list(SERIES.items()))
def test_every_circled_digit_series_is_folded(one, zero):
    digits = "".join(zero if d == "0" else chr(ord(one) + int(d) - 1) for d in DIGITS)
    assert [f.key for f in privacy.find_personal_data(f"ID {digits}")] == [DIGITS]
    phone = "".join(zero if d == "0" else chr(ord(one) + int(d) - 1) for d in PHONE)
    assert [f.key for f in privacy.find_personal_data(f"tel {phone}")] == [PHONE]
    assert privacy.find_personal_data(f"ข้อ {one} ถึงข้อ {zero} ของแผน 2569") == []


def test_dingbat_zeros_and_negative_circled_digits_fold():
    assert privacy.normalise("⓿🄋❶➊➀⓵") == "001111"


# --- 7. one digit per box across paragraphs and cells ---------------------------------------------

@pytest.mark.slow
def test_an_id_boxed_one_digit_per_paragraph_is_found(tmp_path):
    body = "".join(paragraph(d) for d in DIGITS)
    code, output, found = findings_of(tmp_path, "form.docx", docx({"word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>"}))
    assert code == 1 and kinds(found) == {"id"}, output


@pytest.mark.slow
def test_an_id_boxed_one_digit_per_cell_across_a_row_is_found(tmp_path):
    from test_safety_pii_attachments import workbook

    def boxes(book):
        book.active["A3"] = "เลขประจำตัวประชาชน"
        for index, digit in enumerate(DIGITS):
            book.active.cell(3, 2 + index, int(digit))

    code, output, found = findings_of(tmp_path, "form.xlsx", workbook(boxes))
    assert code == 1 and kinds(found) == {"id"}, output


@pytest.mark.slow
def test_a_table_of_small_counts_is_not_boxes(tmp_path):
    from test_safety_pii_attachments import workbook
    import random

    rng = random.Random(7)

    def counts(book):
        for row in range(2, 60):
            for column in range(2, 15):
                book.active.cell(row, column, rng.choice([0, 0, 0, 1, 2, 3]))

    result, output, found = findings_of(tmp_path, "stats.xlsx", workbook(counts))
    assert result == 0 and not found, output


# --- false alarms ---------------------------------------------------------------------------------

NOT_PERSONAL = [
    "เลขที่โครงการ 66109876543",                          # e-GP, B.E. 2566 October
    "เลขที่โครงการ 66129876543 และ 66019123456",
    "จำนวนเรื่องร้องเรียนรายเดือน ต.ค.-ก.ย. และรวม: 0 0 1 0 0 0 0 0 0 0 0 0 1",
    "0 0 0 0 0 0 0 0 0 0 0 0 0",
    "โทรศัพท์ 044-000-100-1",                            # lines 100 and 101 of the office
    "ชำระผ่านบัญชี ธ.ก.ส. เลขที่ 020-1-23456-7",
    "บัญชีเลขที่ 0201234567",                             # 10 digits starting 02: not a Thai phone
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_numbers_that_are_not_personal_are_not_reported(text):
    assert privacy.find_personal_data(text) == []


PERSONAL = [
    ("+66 81 234 5678", "0812345678"), ("0066812345678", "0812345678"), ("66 81-234-5678", "0812345678"),
    ("66812345678", "0812345678"), ("โทร +66 2 123 4567", "021234567"), ("02-123-4567", "021234567"),
    ("089 - 765 - 4321", "0897654321"), ("0 8 9 7 6 5 4 3 2 1", "0897654321"),
]


@pytest.mark.parametrize("text,key", PERSONAL)
def test_phones_are_still_found(text, key):
    assert [f.key for f in privacy.find_personal_data(text)] == [key]


def test_the_false_alarms_pass_validate_in_the_data_and_in_attachments(tmp_path):
    data = copy_mini(tmp_path / "mini")
    edit(data / "organisation.yaml", "about: ตำบลทดสอบมีพื้นที่ ๒๕ ตารางกิโลเมตร",
         "about: |\n  ตำบลทดสอบมีพื้นที่ ๒๕ ตารางกิโลเมตร\n" + "".join(f"  {text}\n" for text in NOT_PERSONAL))
    attach(data, "report.pdf", pdf([text.split(": ")[-1] for text in NOT_PERSONAL]))
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "พบ" not in output, output


# --- siblings: separators, fullwidth letters, symbols, formulas, wraps across paragraphs ------------

@pytest.mark.parametrize("separator", ["·", ":", "\\", " : "])
def test_an_id_grouped_with_other_separators_is_found(separator):
    assert [f.key for f in privacy.find_personal_data(f"ID {grouped(DIGITS, separator)}")] == [DIGITS]


def test_an_email_in_fullwidth_letters_is_found():
    address = "ｓｏｍｃｈａｉ＠ｇｍａｉｌ．ｃｏｍ"
    assert [f.key for f in privacy.find_personal_data(f"อีเมล {address}")] == ["somchai@gmail.com"]


def test_times_and_document_numbers_with_colons_are_not_ids():
    for text in ("เวลา 08:30-16:30 น. ถึง 01/10/2568", "ที่ มท 0808.2/1234", "อัตราส่วน 1:2:3:4"):
        assert privacy.find_personal_data(text) == [], text


@pytest.mark.slow
def test_word_symbols_formulas_and_a_wrap_across_paragraphs_are_read(tmp_path):
    from test_safety_pii_attachments import workbook

    symbols = "".join(f'<w:sym w:font="Arial" w:char="{0xF000 + ord(d):04X}"/>' for d in DIGITS[6:])
    document = (f"<w:document {W}><w:body><w:p><w:r><w:t>ID {DIGITS[:6]}</w:t>{symbols}</w:r></w:p>"
                f"{paragraph('โทร ' + PHONE_DASHED[:8])}{paragraph(PHONE_DASHED[8:] + ' ในเวลาราชการ')}</w:body></w:document>")
    code, output, found = findings_of(tmp_path, "memo.docx", docx({"word/document.xml": document}))
    assert code == 1 and kinds(found) == {"id", "phone"}, output

    def formulas(book):
        book.active["B2"] = f'="{DIGITS[:6]}"&"{DIGITS[6:]}"'
        book.active["B3"] = f'="{PHONE[:3]}" & "{PHONE[3:]}"'

    code, output, found = findings_of(tmp_path / "book", "register.xlsx", workbook(formulas))
    assert code == 1 and kinds(found) == {"id", "phone"}, output


def test_a_paragraph_ending_in_a_plain_number_is_not_joined_to_the_next():
    assert privacy._wrapped_after_dash("ปี 2566", "1234567 บาท") == []
    assert privacy._wrapped_after_dash("ข้อ 1-", "ต้องไม่ถูกต่อ") == []
