"""The `prongsai file DIR [--year Y] [--data DATA] [--apply] [--out FILE]` command."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path

from .. import argtypes, thai

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, metavar="DIR", help="โฟลเดอร์เอกสาร (PDF Word Excel ภาพสแกน)")
    parser.add_argument("--data", type=Path, default=Path("data"), help="โฟลเดอร์ข้อมูล (ค่าเริ่มต้น data/)")
    parser.add_argument("--year", type=argtypes.year, help="ปีการประเมิน ITA (ค่าเริ่มต้นตาม site.yaml)")
    parser.add_argument("--apply", action="store_true",
                        help="เพิ่มเอกสารที่จัดได้ลงใน oit/<ปี>.yaml และคัดลอกไฟล์ไปที่ files/<ปี>/ (ไม่ลบหรือเขียนทับของเดิม)")
    parser.add_argument("--out", type=Path, help="ไฟล์ข้อเสนอ (ค่าเริ่มต้น DIR/prongsai-file-<ปี>.yaml)")


def register(commands) -> None:
    parser = commands.add_parser(
        "file", help="จัดเอกสารในโฟลเดอร์เข้าข้อ OIT: ข้อ ชื่อเอกสาร วันที่ ปีงบประมาณ ช่วงเวลา",
        description="อ่านเอกสารทุกไฟล์ในโฟลเดอร์ เสนอว่าแต่ละไฟล์เป็นหลักฐานข้อ OIT ใด พร้อมชื่อเอกสาร วันที่ลงนาม "
                    "ปีงบประมาณ และช่วงเวลาที่ครอบคลุม เขียนไฟล์ข้อเสนอ และเมื่อสั่ง --apply เพิ่มลงในข้อมูล")
    add_arguments(parser)
    _speak_thai(parser)
    parser.set_defaults(func=run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="prongsai file")
    add_arguments(parser)
    _speak_thai(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return run(args)


_ARGPARSE_THAI = [
    (re.compile(r"the following arguments are required: (.+)"), "ต้องระบุ {0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "ไม่รู้จักตัวเลือก {0}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0}: ต้องระบุค่าต่อท้าย"),
    (re.compile(r"argument (\S+): invalid \S+ value: (.+)"), "{0}: ค่า {1} ใช้ไม่ได้"),
    (re.compile(r"argument (\S+): (.+)"), "{0}: {1}"),
]


def thai_usage_error(message: str) -> str:
    """argparse's English error in Thai (its own messages cannot be set)."""
    for pattern, thai_text in _ARGPARSE_THAI:
        found = pattern.fullmatch(message.strip())
        if found:
            return thai_text.format(*found.groups())
    return message


def _speak_thai(parser: argparse.ArgumentParser) -> None:
    """Usage errors in Thai, unknown options included (which the main parser would report)."""
    def error(message: str):
        parser.exit(EXIT_USAGE, f"prongsai file: {thai_usage_error(message)} (ดูวิธีใช้: prongsai file --help)\n")

    parse_known_args = parser.parse_known_args

    def parse_all(args=None, namespace=None):
        parsed, rest = parse_known_args(args, namespace)
        if rest:
            error(f"unrecognized arguments: {' '.join(rest)}")
        return parsed, rest
    parser.error = error
    parser.parse_known_args = parse_all


def _year(args) -> int | None:
    if args.year:
        return args.year
    import yaml

    site = args.data / "site.yaml"
    try:
        value = (yaml.safe_load(site.read_text(encoding="utf-8")) or {}).get("ita_year")
        return thai.parse_int(value) if value is not None else None
    except (OSError, UnicodeDecodeError, AttributeError, yaml.YAMLError, thai.ParseError):
        return None


def _taken(data_dir: Path, year: int) -> set[str]:
    folder = data_dir / "files" / str(year)
    return {f"files/{year}/{p.name}" for p in folder.iterdir()} if folder.is_dir() else set()


def _usage_problem(args) -> str | None:
    """What is wrong with DIR or --data, checked before anything is read or written."""
    if not args.folder.exists():
        return f"DIR: ไม่พบโฟลเดอร์ {args.folder}"
    if not args.folder.is_dir():
        return f"DIR: {args.folder} เป็นไฟล์ ไม่ใช่โฟลเดอร์ ให้ระบุโฟลเดอร์ที่เก็บเอกสาร"
    if not (args.data / "organisation.yaml").is_file():
        return (f"--data: {args.data} ไม่ใช่โฟลเดอร์ข้อมูลของหน่วยงาน (ไม่พบ organisation.yaml) "
                "ให้ระบุโฟลเดอร์ data ที่ถูกต้อง เช่น --data data")
    return None


def next_command(args, year: int) -> str:
    """The command that applies the proposal, with the folder, --data and --year as given."""
    parts = ["prongsai", "file", str(args.folder), "--data", str(args.data), "--year", str(year)]
    if args.out:
        parts += ["--out", str(args.out)]
    return " ".join(shlex.quote(part) for part in parts) + " --apply"


def run(args) -> int:
    from ..catalogue import load_catalogues
    from ..problems import Problems

    problem = _usage_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    year = _year(args)
    catalogues = load_catalogues(Problems())
    if year is None or year not in catalogues:
        shown = ("ไม่ได้ระบุปี ITA และ site.yaml ไม่ได้บอกปี ให้ระบุ --year เช่น --year 2569" if year is None
                 else f"ไม่มีบัญชีรายการ OIT ปี {year}")
        print(f"--year: {shown} (มีปี {', '.join(str(y) for y in sorted(catalogues))})", file=sys.stderr)
        return EXIT_USAGE
    out = args.out or args.folder / f"prongsai-file-{year}.yaml"
    if args.apply and out.is_file():
        return _apply_proposal_file(out, args, catalogues[year], year)
    return _propose(out, args, catalogues[year], year)


def _propose(out: Path, args, catalogue, year: int) -> int:
    from .edited import is_edited
    from .propose import propose
    from .read import os_error_text
    from .report import proposal_yaml, table

    proposal = propose(args.folder, catalogue, _taken(args.data, year), leave_out={out})
    if not proposal.filings:
        print(f"DIR: ไม่พบเอกสารในโฟลเดอร์ {args.folder} (PDF Word .docx Excel .xlsx หรือภาพ)", file=sys.stderr)
        return EXIT_DATA
    print(table(proposal))
    if out.is_file() and is_edited(_text(out)):
        print(f"{out}: ไฟล์ข้อเสนอนี้ถูกแก้ไขแล้ว จึงไม่เขียนทับ สั่ง {next_command(args, year)} เพื่อเพิ่มตามที่แก้ "
              "หรือลบ/เปลี่ยนชื่อไฟล์นี้แล้วสั่งใหม่เพื่อเสนอใหม่", file=sys.stderr)
        return EXIT_DATA
    try:
        out.write_text(proposal_yaml(proposal), encoding="utf-8")
    except OSError as exc:
        print(f"--out: เขียนไฟล์ {out} ไม่ได้ ({os_error_text(exc)})", file=sys.stderr)
        return EXIT_USAGE
    print(f"ไฟล์ข้อเสนอ: {out}")
    if not args.apply:
        print(f"ตรวจแล้วแก้ไฟล์ข้อเสนอได้ (item title date period) แล้วสั่ง {next_command(args, year)} "
              f"เพื่อเพิ่มลงใน {args.data}/oit/{year}.yaml")
        return EXIT_OK
    from .apply import planned_from

    return _apply(planned_from(proposal), args, year)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _apply_proposal_file(out: Path, args, catalogue, year: int) -> int:
    """--apply with a proposal file there: add what it says, as staff may have corrected it."""
    from .edited import ProposalFile, is_edited
    from .read import documents_in

    read = ProposalFile(out, args.folder, catalogue, _taken(args.data, year)).read()
    state = "ที่เจ้าหน้าที่แก้ไข" if is_edited(_text(out)) else "ตามที่เสนอไว้"
    print(f"ใช้ไฟล์ข้อเสนอ{state}: {out}")
    for problem in read.problems:
        print(problem, file=sys.stderr)
    if read.problems:
        print("ยังไม่ได้เพิ่มเอกสารใด ให้แก้ไฟล์ข้อเสนอตามที่แจ้งแล้วสั่งใหม่", file=sys.stderr)
        return EXIT_DATA
    new = [p.relative_to(args.folder).as_posix() for p in documents_in(args.folder, {out})
           if p.relative_to(args.folder).as_posix() not in read.sources]
    if new:
        print(f"ไฟล์ที่ไม่อยู่ในไฟล์ข้อเสนอ (ไม่ได้เพิ่ม ลบไฟล์ข้อเสนอแล้วสั่งใหม่เพื่อเสนอรวมไฟล์เหล่านี้): {', '.join(new)}")
    return _apply(read.planned, args, year)


def _apply(planned, args, year: int) -> int:
    from .apply import apply
    from .report import outcome_lines

    outcome = apply(planned, args.data, year)
    for line in outcome_lines(outcome):
        print(line)
    for problem in outcome.problems:
        print(problem, file=sys.stderr)
    summary = _readiness(args, year)
    if summary:
        print(summary)
    return EXIT_DATA if outcome.problems else EXIT_OK


def _readiness(args, year: int) -> str | None:
    """The year's readiness line, as `prongsai build` prints it."""
    from ..pipeline import Options, validate_data
    from ..readiness.report import summary_line

    result = validate_data(Options(data_dir=args.data, year=year))
    result.problems.report(sys.stderr)
    if result.problems.has_errors(False) or result.model is None:
        return None
    return summary_line(result.model, {page.id for page in result.pages}, Path(args.data))
