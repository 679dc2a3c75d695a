"""The personal-data guard reads data as the page shows it: spellings that a browser
draws as a readable ID or phone number must be found, in every file the site
publishes text from (site.yaml included), and executives' personal numbers too."""

from __future__ import annotations

import base64
import random
import re

import pytest

from generator import privacy
from safety_kit import THAI, append, copy_mini, edit, grouped, line_of, national_id, run_prongsai

PROBLEM = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<field>[^:\n]+): (?P<message>.+)$", re.M)
DIGITS = national_id(random.Random(12))
PERSON = "3" + DIGITS[1:12]
PERSON += str((11 - sum(int(d) * (13 - i) for i, d in enumerate(PERSON)) % 11) % 10)   # first digit 3: a person


def spaced(digits: str, separator: str) -> str:
    return grouped(digits, separator)


def between_digits(digits: str, mark: str) -> str:
    return mark.join(digits)


# Each spelling is drawn by a browser as the number itself (white space collapsed,
# invisible and combining characters not drawn).
HIDDEN_IDS = [
    spaced(DIGITS, "\t"),                              # tabs between groups
    spaced(DIGITS, "   "),                             # three spaces
    spaced(DIGITS, " \t  "),
    grouped(DIGITS, "-")[:7] + "\n" + grouped(DIGITS, "-")[7:],          # a line break inside
    DIGITS[:6] + "\n" + DIGITS[6:],
    " ".join(DIGITS),                                  # one digit per box of a form
    " ".join(DIGITS.translate(THAI)),
    between_digits(DIGITS, "\u034f"),                  # combining grapheme joiner
    between_digits(DIGITS, "\ufe0f"),                  # variation selectors
    between_digits(DIGITS, "\ufe00"),
    between_digits(DIGITS, "\U000e0041"),              # tag characters
    between_digits(DIGITS, "\U000e0020"),
    between_digits(DIGITS, "\u3164"),                  # Hangul filler
    between_digits(DIGITS, "\u2800"),                  # blank Braille pattern
    between_digits(DIGITS, "\u0301"),                  # a combining accent on every digit
    between_digits(DIGITS, "\u0e48"),                  # a Thai tone mark on every digit
    f"{int(DIGITS):,}",                                # written as an amount: 1,103,700,123,458
    "".join(chr(0x2460 + int(d) - 1) if d != "0" else "0" for d in DIGITS),   # circled digits ①②…
]


@pytest.mark.parametrize("text", HIDDEN_IDS, ids=range(len(HIDDEN_IDS)))
def test_id_numbers_spelled_to_hide_are_found(text):
    assert [f.key for f in privacy.find_personal_data(f"ผู้ร้อง {text} ที่อยู่")] == [DIGITS], repr(text)


def test_isbn_excuses_only_a_book_number():
    assert [f.key for f in privacy.find_personal_data(f"ISBN {PERSON}")] == [PERSON]
    assert [f.key for f in privacy.find_personal_data(f"ISBN: {grouped(PERSON, '-')}")] == [PERSON]
    book = "978616" + DIGITS[6:]
    assert privacy.find_personal_data(f"ISBN {book}") == []
    assert privacy.find_personal_data("ISBN 978-616-403-301-0") == []


@pytest.mark.parametrize("text", [
    "089 - 765 - 4321", "089 -765- 4321", "089  765  4321", "089\t765\t4321", "089\n765\n4321",
    "66897654321", "+66897654321", "+66 89 765 4321", "0066897654321", "0066 89 765 4321", "00 66 89 765 4321",
    "+66 (0) 89 765 4321", "๖๖๘๙๗๖๕๔๓๒๑", "＋66 89 765 4321",
])
def test_phone_numbers_in_every_spelling_are_found(text):
    found = privacy.find_personal_data(f"ติดต่อ {text} ครับ")
    assert [(f.kind, f.key) for f in found] == [("phone", "0897654321")], (text, found)


def problems(output: str) -> list[dict]:
    return [m.groupdict() for m in PROBLEM.finditer(output)]


def validate(data) -> tuple[int, str]:
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result.returncode, output


@pytest.mark.slow
def test_site_yaml_is_scanned_but_its_allow_lists_are_not(tmp_path):
    data = copy_mini(tmp_path / "mini")
    append(data / "site.yaml", "main_site_url: https://www.test.go.th/tel-0897654321/\n")
    code, output = validate(data)
    found = [p for p in problems(output) if p["file"] == "mini/site.yaml"]
    assert code == 1 and [p["field"] for p in found] == ["main_site_url"], output
    assert int(found[0]["line"]) == line_of(data / "site.yaml", "main_site_url")
    # the allowed value itself, written in site.yaml, is not a finding
    append(data / "site.yaml", "allowed_personal_data:\n  - value: \"089-765-4321\"\n    reason: เบอร์ศูนย์ราชการที่ประกาศไว้\n")
    code, output = validate(data)
    assert code == 0, output


@pytest.mark.slow
def test_binary_and_number_forms_in_yaml_are_read_as_the_loader_reads_them(tmp_path):
    data = copy_mini(tmp_path / "mini")
    hidden = base64.b64encode(f"เลข {DIGITS}".encode("utf-8")).decode("ascii")
    edit(data / "organisation.yaml", "about: ตำบลทดสอบมีพื้นที่ ๒๕ ตารางกิโลเมตร", f"about: !!binary {hidden}")
    code, output = validate(data)
    found = [p for p in problems(output) if p["file"] == "mini/organisation.yaml" and p["field"] == "about"]
    assert code == 1 and found and privacy.mask_id(DIGITS) in found[0]["message"], output
    # the same number as a hexadecimal integer is the decimal number on the page
    assert privacy.find_personal_data(str(int(DIGITS))) and \
        [f[2].key for f in privacy.findings_in_yaml(f"no: {hex(int(DIGITS))}\n".encode())] == [DIGITS]
    assert [f[2].key for f in privacy.findings_in_yaml(f"no: {int(DIGITS):_}\n".encode())] == [DIGITS]


@pytest.mark.slow
def test_a_number_split_over_lines_of_a_block_is_found_on_its_line(tmp_path):
    data = copy_mini(tmp_path / "mini")
    edit(data / "organisation.yaml", "about: ตำบลทดสอบมีพื้นที่ ๒๕ ตารางกิโลเมตร",
         f"about: |\n  ผู้ร้องเรียน\n  เลข {DIGITS[:5]}\n  {DIGITS[5:]} บ้านเลขที่ 9")
    code, output = validate(data)
    found = [p for p in problems(output) if p["file"] == "mini/organisation.yaml" and p["field"] == "about"]
    assert code == 1 and found, output
    assert line_of(data / "organisation.yaml", "about:") <= int(found[0]["line"]) <= line_of(data / "organisation.yaml", "บ้านเลขที่ 9")


@pytest.mark.slow
def test_an_executives_personal_mobile_and_webmail_are_refused(tmp_path):
    data = copy_mini(tmp_path / "mini")
    edit(data / "organisation.yaml", 'phone: "0 4300 0000 ต่อ 101"', 'phone: "089-765-4321"\n      email: nayok.tester@gmail.com')
    code, output = validate(data)
    found = sorted(p["field"] for p in problems(output) if p["file"] == "mini/organisation.yaml")
    assert code == 1 and found == ["executives.political[0].email", "executives.political[0].phone"], output
    # office numbers with an extension and addresses on the organisation's domain are published by design
    edit(data / "organisation.yaml", 'phone: "089-765-4321"\n      email: nayok.tester@gmail.com',
         'phone: "043-000-000 ต่อ 105"\n      email: nayok@test.go.th')
    code, output = validate(data)
    assert code == 0, output
    # a mobile the organisation publishes on purpose is listed with a reason
    edit(data / "organisation.yaml", 'phone: "043-000-000 ต่อ 105"', 'phone: "089-765-4321"')
    append(data / "site.yaml", "allowed_personal_data:\n  - value: \"0897654321\"\n    reason: เบอร์มือถือราชการของนายก ที่ประกาศให้ประชาชนติดต่อ\n")
    code, output = validate(data)
    assert code == 0, output
