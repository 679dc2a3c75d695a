"""The `prongsai file DIR [--year Y] [--data DATA] [--apply] [--out FILE]` command."""

from __future__ import annotations

import argparse
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
    parser.set_defaults(func=run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="prongsai file")
    add_arguments(parser)
    return run(parser.parse_args(argv))


def _year(args) -> int | None:
    if args.year:
        return args.year
    import yaml

    site = args.data / "site.yaml"
    try:
        value = (yaml.safe_load(site.read_text(encoding="utf-8")) or {}).get("ita_year")
        return thai.parse_int(value) if value is not None else None
    except (OSError, yaml.YAMLError, thai.ParseError):
        return None


def _taken(data_dir: Path, year: int) -> set[str]:
    folder = data_dir / "files" / str(year)
    return {f"files/{year}/{p.name}" for p in folder.iterdir()} if folder.is_dir() else set()


def run(args) -> int:
    from ..catalogue import load_catalogues
    from ..problems import Problems
    from .propose import propose
    from .report import proposal_yaml, table

    if not args.folder.is_dir():
        print(f"DIR: ไม่พบโฟลเดอร์ {args.folder}", file=sys.stderr)
        return EXIT_USAGE
    year = _year(args)
    catalogues = load_catalogues(Problems())
    if year is None or year not in catalogues:
        shown = "ไม่ได้ระบุปี" if year is None else f"ไม่มีบัญชีรายการ OIT ปี {year}"
        print(f"--year: {shown} (มีปี {', '.join(str(y) for y in sorted(catalogues))})", file=sys.stderr)
        return EXIT_USAGE
    proposal = propose(args.folder, catalogues[year], _taken(args.data, year))
    print(table(proposal))
    out = args.out or args.folder / f"prongsai-file-{year}.yaml"
    try:
        out.write_text(proposal_yaml(proposal), encoding="utf-8")
    except OSError as exc:
        print(f"--out: เขียนไฟล์ {out} ไม่ได้ ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_USAGE
    print(f"ไฟล์ข้อเสนอ: {out}")
    if not args.apply:
        print(f"ตรวจแล้วสั่ง prongsai file {args.folder} --year {year} --apply เพื่อเพิ่มลงใน {args.data}/oit/{year}.yaml")
        return EXIT_OK
    return _apply(proposal, args, year)


def _apply(proposal, args, year: int) -> int:
    from .apply import apply
    from .report import outcome_lines

    outcome = apply(proposal, args.data)
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
