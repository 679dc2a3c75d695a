"""Importers: documents LAO staff already have → data files of the data folder.

- `prongsai import plan FILE`      the text (or .docx) of an anti-corruption action plan → plan.yaml
- `prongsai import measures FILE`  the text (or .docx) of an integrity-measure report → measures/<ปี>.yaml
                                   (the six-month round: measures/<ปี>-6m.yaml)
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import Problems

if TYPE_CHECKING:
    from .measures_files import Placement

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
KINDS = ("plan", "measures", "oit")


def _schema(kind: str):
    from .. import schema

    return {"plan": schema.PLAN, "measures": schema.MEASURES_REPORT, "oit": schema.OIT}[kind]


def validate_data(kind: str, data: dict, shown_as: str, data_root: Path | None = None) -> tuple[Problems, object]:
    """Check `data` exactly as `prongsai validate` would check the written file.

    The data goes through YAML text first, so that what is checked is what
    will be on disk (our own YAML always parses). Returns (problems, normalised data).
    """
    from ..fields import INVALID, Ctx
    from ..load import parse_yaml_text
    from .write_yaml import dump_yaml

    problems = Problems()
    node = parse_yaml_text(dump_yaml(data))
    checked = _schema(kind).check(node, Ctx(shown_as, "", getattr(node, "line", 1), problems, data_root))
    return problems, None if checked is INVALID else checked


def _year(value) -> int:
    from .. import thai

    return thai.normalise_be_year(thai.parse_int(value))


def target_path(kind: str, data: dict, data_dir: Path) -> Path:
    """Where the data format keeps this kind of data (a measures report: by fiscal year and round)."""
    from .measures_files import report_file_name, report_round

    if kind == "plan":
        return data_dir / "plan.yaml"
    if kind == "measures":
        return data_dir / "measures" / report_file_name(_year(data["fiscal_year"]), report_round(data))
    return data_dir / "oit" / f"{_year(data['ita_year'])}.yaml"


def _plan_summary(data: dict) -> str:
    from .xlsx_plan import plan_projects

    dims = data.get("dimensions") or []
    missions = [m for d in dims for m in d.get("missions") or []]
    subs = [s for m in missions for s in m.get("sub_missions") or []]
    projects = [project for *_, project in plan_projects(data)]
    funded = sum(1 for p in projects if p.get("budget"))
    risks = len((data.get("risk_assessment") or {}).get("risks") or [])
    return (f"{len(dims)} มิติ {len(missions)} ภารกิจ {len(subs)} ภารกิจย่อย {len(projects)} โครงการ "
            f"(มีงบประมาณ {funded} โครงการ) ความเสี่ยง {risks} ด้าน")


def _measures_summary(data: dict) -> str:
    from .measures_files import report_round

    round_ = report_round(data)
    return f"{len(data.get('measures') or [])} มาตรการ" + (f" รายงานรอบ {round_}" if round_ else "")


def summary_of(kind: str, data: dict) -> str:
    if kind == "plan":
        return _plan_summary(data)
    if kind == "measures":
        return _measures_summary(data)
    return f"{len(data.get('items') or {})} ข้อ"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class _Write:
    """One data file the import will write, once everything has been checked."""

    kind: str
    data: dict
    target: Path
    placement: Placement | None = None       # measures reports: the round, and an earlier file to move

    def same_file_exists(self) -> bool:
        if self.placement is not None:
            return self.placement.same_round_exists()
        return self.target.exists()


# --- the steps of an import ----------------------------------------------------------------------

def _read_workbook(kind: str, file: Path, shown: str, err):
    """The kinds of data found in a workbook, only `kind` when one was named; an exit code on failure."""
    from .xlsx import import_xlsx

    results = import_xlsx(file, shown)
    if kind not in KINDS:
        return results
    chosen = [r for r in results if r[0] == kind]
    if not chosen and results and results[0][0] != "unknown":
        print(f"{shown}: -: ไม่พบข้อมูล{'แผน' if kind == 'plan' else kind} ในไฟล์นี้", file=err)
        return EXIT_DATA
    return chosen or results


def _read(kind: str, file: Path, shown: str, err):
    """[(kind, data, problems)] read from the file, or an exit code."""
    if file.suffix.lower() in (".xlsx", ".xlsm") or kind == "xlsx":
        return _read_workbook(kind, file, shown, err)
    if kind == "plan":
        from .plan_text import import_plan_text

        return [("plan", *import_plan_text(file, shown))]
    if kind == "measures":
        from .measures_text import import_measures_text

        return [("measures", *import_measures_text(file, shown))]
    print(f"ไม่รู้จักชนิดข้อมูล '{kind}' ใช้ plan, measures หรือไฟล์ .xlsx", file=err)
    return EXIT_USAGE


def _planned_write(kind: str, data: dict, data_dir: Path) -> _Write:
    if kind != "measures":
        return _Write(kind, data, target_path(kind, data, data_dir))
    from .measures_files import place_report

    placement = place_report(data, _year(data["fiscal_year"]), data_dir / "measures")
    return _Write(kind, data, placement.target, placement)


def _check(kind: str, data: dict, data_dir: Path, shown: str, err) -> _Write | None:
    """The file this data would be written to, checked as `prongsai validate` will check it;
    None (with the problems printed) when it would not pass."""
    write = _planned_write(kind, data, data_dir)
    check, _ = validate_data(kind, data, _display(write.target), data_dir)
    if kind == "oit":
        _check_item_keys(data, shown, check)
    if check.has_errors():
        # the lines below are those of the file that would have been written, which is not
        print(f"{shown}: -: ข้อมูลที่อ่านได้ยังไม่ผ่านการตรวจ จึงไม่ได้เขียน {_display(write.target)} "
              "(เลขบรรทัดด้านล่างคือบรรทัดในไฟล์ที่จะได้ ช่องเช่น measures[0] คือแถวแรกของตาราง)", file=err)
    if check.items:
        check.report(err)
    return None if check.has_errors() else write


def _check_all(results, data_dir: Path, shown: str, err) -> tuple[list[_Write], bool]:
    """Everything checked before anything is written: (the files to write, whether anything failed)."""
    writes: list[_Write] = []
    failed = False
    for kind, data, problems in results:
        if problems.items:
            problems.report(err)
        write = None
        if kind != "unknown" and not problems.has_errors() and data:
            write = _check(kind, data, data_dir, shown, err)
        failed = failed or write is None
        writes += [write] if write else []
    return writes, failed


def _blocked(writes: list[_Write], err) -> bool:
    """A file where the data format keeps a folder (measures/), or a folder named like the file."""
    found = False
    for write in writes:
        target = write.target
        blocked = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        if target.is_dir() or blocked is not None:
            where = blocked or target
            print(f"{_display(where)}: -: เป็น{'ไฟล์' if blocked else 'โฟลเดอร์'}ที่ขวางตำแหน่งที่ต้องเขียน "
                  f"{_display(target)} ให้ย้ายหรือเปลี่ยนชื่อก่อน", file=err)
            found = True
    return found


def _held_round(write: _Write) -> tuple[Path, str | None]:
    """The file already holding this report's place, and its round when it is the report's round."""
    from .measures_files import round_of_file

    placement = write.placement
    if placement is None:
        return write.target, None
    if placement.move_to == write.target:          # the same round, kept under the annual name
        return placement.move_from, placement.round
    same = placement.round is not None and round_of_file(write.target) == placement.round
    return write.target, placement.round if same else None


def _refuse_existing(writes: list[_Write], err) -> bool:
    """Without --force nothing the data folder has is replaced: say which files are already there."""
    existing = [write for write in writes if write.same_file_exists()]
    for write in existing:
        held, round_ = _held_round(write)
        what = f"มีรายงานรอบ {round_} ของปีงบประมาณนี้อยู่แล้ว" if round_ else "มีไฟล์นี้อยู่แล้ว"
        print(f"{_display(held)}: -: {what} ไม่ได้เขียนทับ ถ้าต้องการแทนที่ให้สั่งใหม่พร้อม --force "
              "(ควรสำรองไฟล์เดิมไว้ก่อน)", file=err)
    return bool(existing)


def _move_earlier_report(write: _Write, data_dir: Path, err) -> int:
    """Move a six-month report kept under the annual name to its own name, and name the OIT
    evidence that points at its old page; returns the number of warnings said."""
    from .measures_files import ROUND_6, move_aside, pages_pointing_at

    placement = write.placement
    if placement is None or placement.move_from is None:
        return 0
    move_aside(placement)
    old, new = placement.move_from.stem, placement.move_to.stem
    replaced = placement.round == ROUND_6
    what = "และแทนที่ด้วยรายงานที่นำเข้า (--force)" if replaced else "เพื่อให้รายงานประจำปีใช้ชื่อเดิม"
    print(f"{_display(placement.move_from)}: -: คำเตือน: ไฟล์นี้เป็นรายงานรอบ 6 เดือน จึงย้ายไปเป็น "
          f"{_display(placement.move_to)} (หน้าเว็บ /measures/{new}/) {what}", file=err)
    now = "ไม่มีหน้านี้แล้ว" if replaced else "ตอนนี้เป็นรายงานประจำปี"
    references = pages_pointing_at(data_dir, f"measures/{old}")
    for path, line in references:
        print(f"{_display(path)}:{line}: pages: คำเตือน: measures/{old} {now} "
              f"ถ้าหมายถึงรายงานรอบ 6 เดือน ให้แก้เป็น measures/{new}", file=err)
    return 1 + len(references)


def _write_all(writes: list[_Write], file: Path, data_dir: Path, force: bool, out, err) -> tuple[int, int]:
    """Write every checked file; returns (exit code, warnings said on the way)."""
    from .write_yaml import TargetExists, write_yaml

    header = (f"นำเข้าจาก {file.name} ด้วย prongsai import\n"
              "ตรวจคำเตือนที่แสดงตอนนำเข้า แล้วแก้ไขไฟล์นี้ได้โดยตรง (ดู docs/import.md)")
    warnings = 0
    for write in writes:
        try:
            warnings += _move_earlier_report(write, data_dir, err)
            write_yaml(write.target, write.data, force=force, header=header)
        except (TargetExists, FileExistsError):
            print(f"{_display(write.target)}: -: มีไฟล์นี้อยู่แล้ว ไม่ได้เขียนทับ (ใช้ --force)", file=err)
            return EXIT_DATA, warnings
        print(f"นำเข้าแล้ว: {_display(write.target)} ({summary_of(write.kind, write.data)})", file=out)
    return EXIT_OK, warnings


def _import(kind: str, file: Path, data_dir: Path, force: bool, out, err) -> int:
    shown = _display(file)
    if not file.is_file():
        print(f"{shown}: -: ไม่พบไฟล์ที่จะนำเข้า", file=err)
        return EXIT_USAGE
    results = _read(kind, file, shown, err)
    if isinstance(results, int):
        return results
    writes, failed = _check_all(results, data_dir, shown, err)
    if _blocked(writes, err) or failed:
        print("ไม่ได้เขียนไฟล์ใด ๆ เพราะพบข้อผิดพลาดข้างต้น แก้ไขแล้วนำเข้าใหม่", file=err)
        return EXIT_DATA
    if not force and _refuse_existing(writes, err):
        return EXIT_DATA
    if not (data_dir / "organisation.yaml").is_file():
        print(f"{_display(data_dir)}: -: คำเตือน: โฟลเดอร์นี้ยังไม่มี organisation.yaml ตรวจว่า --data ชี้ไปที่โฟลเดอร์ข้อมูลที่ถูกต้อง "
              "(prongsai build ต้องมีไฟล์นี้)", file=err)
    code, warnings = _write_all(writes, file, data_dir, force, out, err)
    if code != EXIT_OK:
        return code
    warnings += sum(len(p.warnings) for _, _, p in results)
    warnings += _personal_data_notice([write.target for write in writes], data_dir, err)
    if warnings:
        print(f"มีคำเตือน {warnings} รายการ ควรตรวจจุดที่ระบุในเอกสารต้นฉบับและในไฟล์ที่ได้", file=out)
    return EXIT_OK


def _check_item_keys(data: dict, shown: str, problems: Problems) -> None:
    """Evidence for an item the year's catalogue does not have would fail `prongsai validate`."""
    from .. import thai
    from .xlsx import load_catalogue

    try:
        year = _year(data.get("ita_year"))
    except (thai.ParseError, TypeError, ValueError):
        return      # the schema check has already said what is wrong with the year
    known = {item["key"] for item in load_catalogue(year)}
    if not known:
        return
    for key in data.get("items") or {}:
        if str(key) not in known:
            problems.error(shown, None, "รหัสข้อ", f"ไม่มีข้อ '{key}' ในบัญชีรายการ OIT ปี {year} "
                                                 "ให้ใช้รหัสข้อในแผ่นงาน หลักฐาน ของแบบฟอร์มปีนั้น")


def _allowed_personal_data(data_dir: Path) -> set[str]:
    """What the data folder allows to be published (official contacts, site.yaml's
    allowed_personal_data), read from organisation.yaml and site.yaml as `prongsai build` reads them."""
    from types import SimpleNamespace

    from .. import model, privacy, schema, validate
    from ..load import load_data_folder

    problems = Problems()
    dataset = load_data_folder(data_dir, problems)
    organisation = validate.check_file(dataset.organisation, schema.ORGANISATION, data_dir, problems)
    if organisation is None:
        return set()
    site = validate.check_file(dataset.site, schema.SITE, data_dir, problems)
    return privacy.allowed_keys(SimpleNamespace(organisation=model.build_organisation(organisation),
                                                site=model.build_site(site)))


def _personal_data_notice(written: list[Path], data_dir: Path, err) -> int:
    """Personal data copied from the document (a phone number, an ID) is kept, since
    the officer decides what is published; but `prongsai build` will refuse it, so
    say so now, at the line of the new file. Returns the number of warnings."""
    from .. import privacy

    allowed = _allowed_personal_data(data_dir)
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
