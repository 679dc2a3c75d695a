"""Importers: documents LAO staff already have → data files of the data folder.

- `prongsai import plan FILE`      the text (or .docx) of an anti-corruption action plan → plan.yaml
- `prongsai import measures FILE`  the text (or .docx) of an integrity-measure report → measures/<ปี>.yaml
- `prongsai import FILE.xlsx`      a workbook from `prongsai template xlsx` → plan / measures / oit files
- `prongsai template xlsx DIR`     empty workbooks with Thai headers (or filled from the data folder)

Every import is checked against the data format before anything is written,
so a written file passes `prongsai validate`; an existing file is replaced
only with --force. Problems are printed as `file:line: field: message`.
See docs/import.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from ..problems import Problems

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
KINDS = ("plan", "measures", "oit")


def _schema(kind: str):
    from .. import schema

    return {"plan": schema.PLAN, "measures": schema.MEASURES_REPORT, "oit": schema.OIT}[kind]


def validate_data(kind: str, data: dict, shown_as: str, data_root: Path | None = None) -> tuple[Problems, object]:
    """Check `data` exactly as `prongsai validate` would check the written file.

    The data goes through YAML text first, so that what is checked is what
    will be on disk. Returns (problems, normalised data).
    """
    from ..fields import INVALID, Ctx
    from ..load import _LoadFailure, parse_yaml_text
    from .write_yaml import dump_yaml

    problems = Problems()
    try:
        node = parse_yaml_text(dump_yaml(data))
    except _LoadFailure as failure:  # pragma: no cover - our own YAML always parses
        problems.error(shown_as, failure.line, "-", failure.message)
        return problems, None
    checked = _schema(kind).check(node, Ctx(shown_as, "", getattr(node, "line", 1), problems, data_root))
    return problems, None if checked is INVALID else checked


def target_path(kind: str, data: dict, data_dir: Path) -> Path:
    """Where the data format keeps this kind of data."""
    from .. import thai

    if kind == "plan":
        return data_dir / "plan.yaml"
    if kind == "measures":
        year = thai.normalise_be_year(thai.parse_int(data["fiscal_year"]))
        return data_dir / "measures" / f"{year}.yaml"
    year = thai.normalise_be_year(thai.parse_int(data["ita_year"]))
    return data_dir / "oit" / f"{year}.yaml"


def summary_of(kind: str, data: dict) -> str:
    if kind == "plan":
        dims = data.get("dimensions") or []
        missions = [m for d in dims for m in d.get("missions") or []]
        subs = [s for m in missions for s in m.get("sub_missions") or []]
        projects = [p for m in missions for p in (m.get("projects") or [])] + \
                   [p for s in subs for p in s.get("projects") or []]
        funded = sum(1 for p in projects if p.get("budget"))
        risks = len((data.get("risk_assessment") or {}).get("risks") or [])
        return (f"{len(dims)} มิติ {len(missions)} ภารกิจ {len(subs)} ภารกิจย่อย {len(projects)} โครงการ "
                f"(มีงบประมาณ {funded} โครงการ) ความเสี่ยง {risks} ด้าน")
    if kind == "measures":
        return f"{len(data.get('measures') or [])} มาตรการ"
    items = data.get("items") or {}
    return f"{len(items)} ข้อ"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _import(kind: str, file: Path, data_dir: Path, force: bool, out, err) -> int:
    from .write_yaml import TargetExists, write_yaml

    shown = _display(file)
    if not file.is_file():
        print(f"{shown}: -: ไม่พบไฟล์ที่จะนำเข้า", file=err)
        return EXIT_USAGE
    results: list[tuple[str, dict, Problems]]
    if file.suffix.lower() in (".xlsx", ".xlsm") or kind == "xlsx":
        from .xlsx import import_xlsx

        results = import_xlsx(file, shown)
        if kind in KINDS:
            chosen = [r for r in results if r[0] == kind]
            if not chosen and results and results[0][0] != "unknown":
                print(f"{shown}: -: ไม่พบข้อมูล{'แผน' if kind == 'plan' else kind} ในไฟล์นี้", file=err)
                return EXIT_DATA
            results = chosen or results
    elif kind == "plan":
        from .plan_text import import_plan_text

        results = [("plan", *import_plan_text(file, shown))]
    elif kind == "measures":
        from .measures_text import import_measures_text

        results = [("measures", *import_measures_text(file, shown))]
    else:
        print(f"ไม่รู้จักชนิดข้อมูล '{kind}' ใช้ plan, measures หรือไฟล์ .xlsx", file=err)
        return EXIT_USAGE
    # check everything before writing anything
    plans: list[tuple[str, dict, Path]] = []
    failed = False
    for found_kind, data, problems in results:
        problems.report(err) if problems.items else None
        if found_kind == "unknown" or problems.has_errors() or not data:
            failed = True
            continue
        target = target_path(found_kind, data, data_dir)
        check, _ = validate_data(found_kind, data, _display(target), data_dir)
        if found_kind == "oit":
            _check_item_keys(data, shown, check)
        if check.has_errors():
            # the lines below are those of the file that would have been written, which is not
            print(f"{shown}: -: ข้อมูลที่อ่านได้ยังไม่ผ่านการตรวจ จึงไม่ได้เขียน {_display(target)} "
                  "(เลขบรรทัดด้านล่างคือบรรทัดในไฟล์ที่จะได้ ช่องเช่น measures[0] คือแถวแรกของตาราง)", file=err)
        if check.items:
            check.report(err)
        if check.has_errors():
            failed = True
            continue
        plans.append((found_kind, data, target))
    for _, _, target in plans:
        blocked = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        if target.is_dir() or blocked is not None:
            # a file where the data format keeps a folder (measures/), or a folder named like the file
            where = blocked or target
            print(f"{_display(where)}: -: เป็น{'ไฟล์' if blocked else 'โฟลเดอร์'}ที่ขวางตำแหน่งที่ต้องเขียน "
                  f"{_display(target)} ให้ย้ายหรือเปลี่ยนชื่อก่อน", file=err)
            failed = True
    if failed:
        print("ไม่ได้เขียนไฟล์ใด ๆ เพราะพบข้อผิดพลาดข้างต้น แก้ไขแล้วนำเข้าใหม่", file=err)
        return EXIT_DATA
    if not force:
        existing = [target for _, _, target in plans if target.exists()]
        if existing:
            for target in existing:
                print(f"{_display(target)}: -: มีไฟล์นี้อยู่แล้ว ไม่ได้เขียนทับ ถ้าต้องการแทนที่ให้สั่งใหม่พร้อม --force "
                      "(ควรสำรองไฟล์เดิมไว้ก่อน)", file=err)
            return EXIT_DATA
    if not (data_dir / "organisation.yaml").is_file():
        print(f"{_display(data_dir)}: -: คำเตือน: โฟลเดอร์นี้ยังไม่มี organisation.yaml ตรวจว่า --data ชี้ไปที่โฟลเดอร์ข้อมูลที่ถูกต้อง "
              "(prongsai build ต้องมีไฟล์นี้)", file=err)
    for found_kind, data, target in plans:
        header = (f"นำเข้าจาก {file.name} ด้วย prongsai import\n"
                  "ตรวจคำเตือนที่แสดงตอนนำเข้า แล้วแก้ไขไฟล์นี้ได้โดยตรง (ดู docs/import.md)")
        try:
            write_yaml(target, data, force=force, header=header)
        except TargetExists:
            print(f"{_display(target)}: -: มีไฟล์นี้อยู่แล้ว ไม่ได้เขียนทับ (ใช้ --force)", file=err)
            return EXIT_DATA
        print(f"นำเข้าแล้ว: {_display(target)} ({summary_of(found_kind, data)})", file=out)
    warnings = sum(len(p.warnings) for _, _, p in results)
    warnings += _personal_data_notice([target for _, _, target in plans], data_dir, err)
    if warnings:
        print(f"มีคำเตือน {warnings} รายการ ควรตรวจจุดที่ระบุในเอกสารต้นฉบับและในไฟล์ที่ได้", file=out)
    return EXIT_OK


def _check_item_keys(data: dict, shown: str, problems: Problems) -> None:
    """Evidence for an item the year's catalogue does not have would fail `prongsai validate`."""
    from .. import thai
    from .xlsx import load_catalogue

    try:
        year = thai.normalise_be_year(thai.parse_int(data.get("ita_year")))
    except (thai.ParseError, TypeError, ValueError):
        return      # the schema check has already said what is wrong with the year
    known = {item["key"] for item in load_catalogue(year)}
    if not known:
        return
    for key in data.get("items") or {}:
        if str(key) not in known:
            problems.error(shown, None, "รหัสข้อ", f"ไม่มีข้อ '{key}' ในบัญชีรายการ OIT ปี {year} "
                                                 "ให้ใช้รหัสข้อในแผ่นงาน หลักฐาน ของแบบฟอร์มปีนั้น")


def _personal_data_notice(written: list[Path], data_dir: Path, err) -> int:
    """Personal data copied from the document (a phone number, an ID) is kept, since
    the officer decides what is published; but `prongsai build` will refuse it, so
    say so now, at the line of the new file. Returns the number of warnings."""
    from .. import privacy
    from ..pipeline import Options, build_model

    model, _, _ = build_model(Options(data_dir=data_dir), Problems())
    allowed = privacy.allowed_keys(model) if model is not None else set()
    notice = Problems()
    for target in written:
        try:
            raw = target.read_bytes()
        except OSError:
            continue
        for field_path, line, finding in privacy.findings_in_yaml(raw):
            if finding.key not in allowed:
                notice.warning(_display(target), line, field_path,
                               finding.message() + " (prongsai build จะไม่เผยแพร่จนกว่าจะแก้)")
    if notice.items:
        notice.report(err)
    return len(notice.items)


def _guarded(function, *args) -> int:
    try:
        return function(*args)
    except KeyboardInterrupt:
        print("ยกเลิกแล้ว", file=sys.stderr)
        return EXIT_USAGE
    except Exception:  # never a traceback for the user
        if os.environ.get("PRONGSAI_DEBUG"):
            traceback.print_exc()
        print("เกิดข้อผิดพลาดภายในโปรแกรม ไม่ได้เขียนไฟล์ใด ๆ กรุณาแจ้งผู้ดูแลพร้อมไฟล์ที่นำเข้า "
              "(ตั้ง PRONGSAI_DEBUG=1 เพื่อดูรายละเอียด)", file=sys.stderr)
        return EXIT_INTERNAL


def run_import(kind: str, file: Path, data_dir: Path, force: bool = False) -> int:
    """Import FILE as `kind` ('plan', 'measures', or 'xlsx'/'auto' for a workbook) into DATA_DIR.

    Prints problems as `file:line: field: message` on stderr; returns the exit code.
    """
    return _guarded(_import, kind, Path(file), Path(data_dir), force, sys.stdout, sys.stderr)


def _load_data_for_template(data_dir: Path) -> dict:
    """The data folder's plan, measures and OIT files, normalised, for filling the workbooks."""
    from ..load import load_data_folder

    problems = Problems()
    found: dict = {}
    if not data_dir.is_dir():
        return found
    dataset = load_data_folder(data_dir, problems)
    pairs = [("plan", dataset.plan)] + [("measures", f) for f in dataset.measures] + [("oit", f) for f in dataset.oit]
    for kind, loaded in pairs:
        if loaded is None or loaded.data is None:
            continue
        from ..fields import INVALID, Ctx

        check = Problems()
        data = _schema(kind).check(loaded.data, Ctx(loaded.name, "", 1, check, data_dir))
        if data is INVALID or check.has_errors():
            check.report(sys.stderr)
            print(f"{loaded.name}: -: ข้อมูลมีข้อผิดพลาด จึงไม่ได้ใส่ลงในแบบฟอร์ม", file=sys.stderr)
            continue
        if kind == "plan":
            found["plan"] = data
        else:
            found.setdefault(kind, {})[loaded.path.stem] = data
    return found


def _template(directory: Path, data_dir: Path | None, force: bool, out, err) -> int:
    from .write_yaml import TargetExists
    from .xlsx import write_template_xlsx

    if directory.exists() and not directory.is_dir():
        print(f"{_display(directory)}: -: เป็นไฟล์ ไม่ใช่โฟลเดอร์ ให้ระบุโฟลเดอร์ที่จะเก็บแบบฟอร์ม เช่น แบบฟอร์ม/", file=err)
        return EXIT_USAGE
    data = _load_data_for_template(data_dir) if data_dir is not None else {}
    ita_year = None
    if data_dir is not None and (data_dir / "site.yaml").is_file():
        import yaml

        try:
            ita_year = int((yaml.safe_load((data_dir / "site.yaml").read_text(encoding="utf-8")) or {}).get("ita_year"))
        except (TypeError, ValueError, OSError, yaml.YAMLError):
            ita_year = None
    try:
        paths = write_template_xlsx(directory, data, force=force, ita_year=ita_year)
    except TargetExists as exc:
        print(f"{_display(exc.path)}: -: มีไฟล์นี้อยู่แล้ว ไม่ได้เขียนทับ ใช้ --force ถ้าต้องการแทนที่", file=err)
        return EXIT_DATA
    except ValueError as exc:
        print(f"สร้างแบบฟอร์มไม่ได้: {exc}", file=err)
        return EXIT_DATA
    for path in paths:
        print(f"สร้างแล้ว: {_display(path)}", file=out)
    return EXIT_OK


def run_template(directory: Path, data_dir: Path | None = None, force: bool = False) -> int:
    """Write plan.xlsx, measures.xlsx and oit.xlsx into DIRECTORY (filled from DATA_DIR if given)."""
    return _guarded(_template, Path(directory), Path(data_dir) if data_dir else None, force, sys.stdout, sys.stderr)


# --- argparse wiring (for generator/cli.py) ------------------------------------------------------

def add_import_parser(subparsers) -> argparse.ArgumentParser:
    """`prongsai import plan|measures FILE` and `prongsai import FILE.xlsx`."""
    parser = subparsers.add_parser(
        "import", help="นำเข้าข้อมูลจากเอกสาร (PDF, Word .docx, ข้อความ .txt หรือ Excel .xlsx)",
        description="นำเข้าแผนปฏิบัติการ (plan) รายงานมาตรการ (measures) หรือไฟล์ Excel จากแบบฟอร์ม",
    )
    parser.add_argument("what", metavar="plan|measures|FILE.xlsx", help="ชนิดข้อมูล หรือไฟล์ .xlsx")
    parser.add_argument("file", nargs="?", type=Path, help="ไฟล์ PDF, .docx หรือข้อความ (.txt) ที่จะนำเข้า")
    parser.add_argument("--data", type=Path, default=Path("data"), help="โฟลเดอร์ข้อมูล (ค่าเริ่มต้น data/)")
    parser.add_argument("--force", action="store_true", help="เขียนทับไฟล์ข้อมูลเดิม")
    parser.set_defaults(handler=handle_import)
    return parser


def handle_import(args) -> int:
    what = args.what
    if args.file is None:
        if what in ("plan", "measures"):
            print(f"ต้องระบุไฟล์ เช่น prongsai import {what} เอกสาร.txt", file=sys.stderr)
            return EXIT_USAGE
        return run_import("xlsx", Path(what), args.data, args.force)
    if what not in ("plan", "measures", "oit", "xlsx"):
        print(f"ไม่รู้จัก '{what}' ใช้ plan, measures หรือไฟล์ .xlsx", file=sys.stderr)
        return EXIT_USAGE
    return run_import(what, args.file, args.data, args.force)


def add_template_parser(subparsers) -> argparse.ArgumentParser:
    """`prongsai template xlsx DIR`."""
    parser = subparsers.add_parser("template", help="สร้างแบบฟอร์ม Excel สำหรับกรอกข้อมูล")
    parser.add_argument("format", choices=["xlsx"], help="รูปแบบแบบฟอร์ม (xlsx)")
    parser.add_argument("directory", type=Path, help="โฟลเดอร์ที่จะเก็บแบบฟอร์ม")
    parser.add_argument("--data", type=Path, default=None,
                        help="ใส่ข้อมูลเดิมจากโฟลเดอร์ข้อมูลนี้ลงในแบบฟอร์ม (เช่น --data data)")
    parser.add_argument("--force", action="store_true", help="เขียนทับแบบฟอร์มเดิม")
    parser.set_defaults(handler=handle_template)
    return parser


def handle_template(args) -> int:
    return run_template(args.directory, args.data, args.force)


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.importers …` (the same commands as prongsai import/template)."""
    parser = argparse.ArgumentParser(prog="python -m generator.importers")
    sub = parser.add_subparsers(dest="command", required=True)
    add_import_parser(sub)
    add_template_parser(sub)
    args = parser.parse_args(argv)
    return args.handler(args)
