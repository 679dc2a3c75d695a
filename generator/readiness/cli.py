"""`prongsai check`: picked up by generator/cli.py (_register_extensions).

    prongsai check [--data DIR] [--year Y] [--today YYYY-MM-DD] [--format text|json|markdown]
                   [--fail-under N] [--online]

Exit codes: 0 done (and the score is at least --fail-under), 1 the projected OIT
score is below --fail-under or the data cannot be read, 2 wrong usage.
The report goes to stdout; data problems (as `prongsai validate` prints them) to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .. import argtypes, thai

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _score(text: str) -> float:
    try:
        value = float(thai.to_arabic_digits(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' ไม่ใช่คะแนน ให้เขียนตัวเลข 0–100 เช่น 85") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"คะแนน {text} ต้องอยู่ระหว่าง 0 ถึง 100")
    return value


def register(commands) -> None:
    parser = commands.add_parser(
        "check", help="ตรวจความพร้อม ITA: ข้อ OIT ใดจะได้ 0 คะแนนและเพราะอะไร พร้อมคะแนนที่คาดว่าจะได้",
        description="ตรวจหลักฐานของทุกข้อ OIT ในปีที่ประเมินตามบัญชีรายการ บอกสถานะ (complete ครบ, incomplete ไม่ครบ, "
                    "stale นอกช่วงเวลา, missing ไม่มีข้อมูล) พร้อมเหตุผลและตำแหน่งในไฟล์ข้อมูล และคำนวณคะแนน OIT "
                    "ตามวิธีของสำนักงาน ป.ป.ช.",
    )
    parser.add_argument("--data", type=Path, default=Path("data"), help="โฟลเดอร์ข้อมูล (ค่าเริ่มต้น data/)")
    parser.add_argument("--year", type=argtypes.year, help="ปีการประเมิน ITA (ค่าเริ่มต้นตาม site.yaml)")
    parser.add_argument("--today", type=argtypes.date,
                        help="วันที่ใช้ตรวจ เช่น 2026-04-20 หรือ 20 เมษายน 2569 (ค่าเริ่มต้น: วันนี้ หรือ PRONGSAI_TODAY)")
    parser.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="รูปแบบผลลัพธ์")
    parser.add_argument("--fail-under", type=_score, metavar="N",
                        help="จบด้วยรหัส 1 เมื่อคะแนน OIT ที่คาดว่าจะได้ต่ำกว่า N (ใช้ใน CI ก่อนเผยแพร่ เช่น 85)")
    parser.add_argument("--online", action="store_true",
                        help="ตรวจว่าลิงก์ไปเว็บไซต์อื่นเปิดได้ (ต้องต่ออินเทอร์เน็ต ถ้าไม่ระบุจะไม่ใช้เครือข่ายเลย)")
    parser.set_defaults(func=cmd_check)


def _today(args) -> dt.date:
    if args.today:
        return args.today
    if text := os.environ.get("PRONGSAI_TODAY"):
        try:
            return thai.parse_date(text)
        except thai.ParseError:
            print(f"PRONGSAI_TODAY='{text}' อ่านไม่ได้ จึงใช้วันนี้", file=sys.stderr)
    return dt.date.today()


def cmd_check(args) -> int:
    from .. import crosscheck
    from ..pages import plan_pages
    from ..read import read_model
    from ..problems import Problems
    from .assess import assess
    from .report import render

    today = _today(args)
    problems = Problems()
    model, records, catalogues = read_model(args.data, problems, year=args.year, today=today)
    if model is None or model.catalogue is None:
        problems.report(sys.stderr)
        print("ตรวจความพร้อมไม่ได้: อ่านข้อมูลหน่วยงานหรือบัญชีรายการ OIT ไม่ได้ ให้แก้ตามรายการด้านบน", file=sys.stderr)
        return EXIT_FAIL
    page_ids = {page.id for page in plan_pages(model)}
    crosscheck.cross_check(model, records, catalogues, page_ids, problems)
    assessment = assess(model, page_ids, today, online=args.online, problems=problems)
    sys.stdout.write(render(assessment, args.format))
    if problems.items:
        problems.report(sys.stderr)
        print("(ข้อมูลมีปัญหาตามรายการด้านบน ผลการตรวจความพร้อมนับเฉพาะหลักฐานที่ใช้ได้)", file=sys.stderr)
    if args.fail_under is not None and assessment.scores.oit < args.fail_under:
        print(f"คะแนน OIT ที่คาดว่าจะได้ {assessment.scores.oit:.2f} ต่ำกว่าเกณฑ์ {args.fail_under:g} ที่กำหนดด้วย --fail-under",
              file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK
