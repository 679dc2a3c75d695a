"""The `prongsai` command: validate, build, serve, and the tools around them.

Every command ends with a clear message and an exit code, never a traceback
(set PRONGSAI_DEBUG=1 to see one when reporting a bug).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from . import argtypes
from .problems import DataError

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=Path("data"), help="โฟลเดอร์ข้อมูล (ค่าเริ่มต้น data/)")
    parser.add_argument("--year", type=argtypes.year, help="ปีการประเมิน ITA (ค่าเริ่มต้นตามข้อมูล)")
    parser.add_argument("--strict", action="store_true", help="ถือว่าคำเตือนเป็นข้อผิดพลาด")


@contextlib.contextmanager
def _site_env(args, **extra: str):
    """Pass options to the MkDocs hook (which runs inside mkdocs' build) through the
    environment, and restore it afterwards so that nothing leaks into a later run."""
    values = {
        "PRONGSAI_DATA": str(args.data.resolve()),
        "PRONGSAI_YEAR": str(args.year) if args.year else None,
        "PRONGSAI_STRICT": "1" if args.strict else "0",
        "PRONGSAI_TODAY": args.today.isoformat() if getattr(args, "today", None) else None,
        **extra,
    }
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _options(args):
    from .pipeline import Options

    return Options(data_dir=args.data, year=args.year, strict=args.strict, today=getattr(args, "today", None))


# --- commands -----------------------------------------------------------------------------

def cmd_validate(args) -> int:
    return _validate(args)[0]


def _validate(args):
    """(exit code, pipeline.Result) of validating the data folder."""
    from .pipeline import validate_data

    result = validate_data(_options(args))
    return _report(result, args), result


def _report(result, args) -> int:
    """Print the problems and notices of a validated data folder; its exit code."""
    problems = result.problems
    problems.report(sys.stderr)
    _print_provisional_notice(result.model)
    if problems.has_errors(args.strict):
        return EXIT_DATA
    print("ข้อมูลถูกต้อง" + (f" (มีคำเตือน {len(problems.warnings)} รายการ)" if problems.warnings else ""))
    return EXIT_OK


def _generate_for_build(args):
    """(exit code, pipeline.Result): the pipeline run once for this build, its result handed to
    the MkDocs hook of this process so that the data is not read and validated a second time."""
    from . import pipeline

    options = pipeline.Options(
        data_dir=args.data.resolve(), year=args.year, strict=args.strict, today=getattr(args, "today", None),
        out_dir=pipeline.generated_dir(Path(args.config).resolve().parent, args.data,
                                       str(args.year) if args.year else None),
    )
    result = pipeline.run(options)
    code = _report(result, args)
    if code == EXIT_OK:
        pipeline.hand_over(options, result)
    return code, result


def _print_provisional_notice(model) -> None:
    """One line for staff when the current year's catalogue is not yet the NACC's (never on the site)."""
    from .catalogue import provisional_notice

    if model is not None and model.catalogue is not None:
        notice = provisional_notice(model.catalogue)
        if notice:
            print(f"หมายเหตุ: {notice}", file=sys.stderr)


def readiness_summary(result, args) -> str | None:
    """One line after a build: how many items of the current year are complete and which need
    work, judged as of the data's "as of" date like the site's pages, so that a staff member
    who only builds learns that an item has no evidence."""
    from . import thai
    from .readiness.assess import assess

    model = result.model
    if model is None or model.catalogue is None:
        return None
    assessment = assess(model, {page.id for page in result.pages}, today=model.as_of)
    year, total = model.year, len(assessment.items)
    to_fix = [r.item.code for r in assessment.failing]
    shown = ", ".join(to_fix[:8]) + (" …" if len(to_fix) > 8 else "")
    data = "" if Path(args.data) == Path("data") else f" --data {args.data}"
    return (f"ความพร้อม ITA {year} (ข้อมูล ณ วันที่ {thai.thai_date(model.as_of)}): "
            f"ครบ {assessment.count('complete')} จาก {total} ข้อ ต้องแก้ {len(to_fix)} ข้อ"
            + (f" ({shown})" if to_fix else "")
            + f" ดูรายละเอียดด้วยคำสั่ง prongsai check{data} --year {year} --today {model.as_of.isoformat()}")


def _mkdocs_config(args, site_dir: Path):
    from mkdocs.config import load_config

    config_file = Path(args.config)
    if not config_file.is_file():
        raise _UsageError(f"ไม่พบไฟล์ {config_file} ให้สั่งงานจากโฟลเดอร์ของโครงการ หรือระบุ --config")
    return load_config(config_file=str(config_file), site_dir=str(site_dir), strict=args.strict)


class _UsageError(Exception):
    pass


def cmd_build(args) -> int:
    code, validated = build_site(args)
    if code != EXIT_OK:
        return code
    print(f"สร้างเว็บไซต์เสร็จแล้วที่ {args.site_dir}/")
    # pages live at folder addresses (/ita/2569/o1/): opened from disk they show folder listings
    print("ดูเว็บไซต์ด้วยคำสั่ง prongsai serve แล้วเปิด http://127.0.0.1:8000 (เปิดไฟล์ index.html จากโฟลเดอร์โดยตรงไม่ได้) "
          "เผยแพร่โดยอัปโหลดทั้งโฟลเดอร์ขึ้นเว็บเซิร์ฟเวอร์")
    summary = readiness_summary(validated, args)
    if summary:
        print(summary)
    return EXIT_OK


def build_site(args):
    """(exit code, pipeline.Result) of building one organisation's site into args.site_dir
    (data, site_dir, config, year, strict, today): what `prongsai build` and `prongsai portal`
    share. Problems are printed to stderr; a usage problem raises _UsageError."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from .publish import SiteSwap, check_site_dir

    refused = check_site_dir(args.site_dir, args.data, Path(args.config).parent)
    if refused:
        raise _UsageError(refused)
    if not Path(args.config).is_file():  # before anything is generated next to it
        raise _UsageError(f"ไม่พบไฟล์ {args.config} ให้สั่งงานจากโฟลเดอร์ของโครงการ หรือระบุ --config")
    problems_exit, validated = _generate_for_build(args)
    if problems_exit != EXIT_OK:
        return problems_exit, validated
    try:
        swap = SiteSwap(args.site_dir)
    except OSError as exc:
        raise _UsageError(f"--site-dir: เขียนโฟลเดอร์ {args.site_dir} ไม่ได้ ({exc.strerror or exc}) "
                          "ตรวจสิทธิ์การเขียนหรือระบุโฟลเดอร์อื่น") from None
    try:
        with _site_env(args):
            config = _mkdocs_config(args, swap.staging)
            mkdocs_build(config)
        swap.publish_checks(config)
    except MkDocsException as exc:
        swap.discard()
        print(f"สร้างเว็บไซต์ไม่สำเร็จ: {exc}", file=sys.stderr)
        return EXIT_DATA, validated
    except BaseException:
        swap.discard()
        raise
    try:
        swap.commit()
    except OSError as exc:
        swap.discard()
        raise _UsageError(f"--site-dir: แทนที่โฟลเดอร์ {args.site_dir} ไม่ได้ ({exc.strerror or exc}) "
                          "เว็บไซต์เดิมยังอยู่ครบ ตรวจสิทธิ์การเขียนแล้วสั่งใหม่") from None
    return EXIT_OK, validated


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    if not Path(args.config).is_file():
        raise _UsageError(f"ไม่พบไฟล์ {args.config}")
    host, port = _dev_addr(args.dev_addr)
    try:
        # PRONGSAI_SERVE: set by the hook while serving, cleared afterwards
        with _site_env(args, PRONGSAI_SERVE=None):
            serve(config_file=args.config, dev_addr=f"{host}:{port}", livereload=True)
    except OSError as exc:
        # the port is taken by another program, or the address is not this machine's
        raise _UsageError(f"--dev-addr: เปิดที่ {host}:{port} ไม่ได้ ({exc.strerror or exc}) "
                          "ถ้ามีโปรแกรมอื่นใช้พอร์ตนี้อยู่ ให้ใช้พอร์ตอื่น เช่น --dev-addr 127.0.0.1:8001") from None
    return EXIT_OK


def _dev_addr(text: str) -> tuple[str, int]:
    """'127.0.0.1:8000' → ('127.0.0.1', 8000), or a usage error in Thai."""
    host, _, port = str(text).strip().rpartition(":")
    if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise _UsageError(f"--dev-addr: '{text}' ไม่ใช่ที่อยู่และพอร์ต ให้เขียนแบบ 127.0.0.1:8000 (พอร์ต 1–65535)")
    return host, int(port)


def cmd_schema(args) -> int:
    from .schema import FILE_SCHEMAS, json_schema

    args.out.mkdir(parents=True, exist_ok=True)
    for name in FILE_SCHEMAS:
        path = args.out / f"{name}.schema.json"
        path.write_text(json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(path)
    return EXIT_OK


# --- parser --------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prongsai",
        description="สร้างเว็บไซต์เปิดเผยข้อมูล ITA/OIT ขององค์กรปกครองส่วนท้องถิ่นจากไฟล์ข้อมูล YAML",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="คำสั่ง")

    validate = commands.add_parser("validate", help="ตรวจไฟล์ข้อมูล")
    _data_options(validate)
    validate.set_defaults(func=cmd_validate)

    build = commands.add_parser("build", help="ตรวจข้อมูล สร้างหน้า และสร้างเว็บไซต์ลงใน site/")
    _data_options(build)
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น site/)")
    build.add_argument("--config", default="mkdocs.yml", help="ไฟล์ตั้งค่า MkDocs")
    build.add_argument("--today", type=argtypes.date, help="วันที่ใช้เป็น 'ข้อมูล ณ วันที่' เมื่อข้อมูลไม่ระบุ")
    build.set_defaults(func=cmd_build)

    serve = commands.add_parser("serve", help="เปิดดูเว็บไซต์ในเครื่อง สร้างใหม่อัตโนมัติเมื่อแก้ไฟล์ใน data/")
    _data_options(serve)
    serve.add_argument("--config", default="mkdocs.yml")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)

    schema = commands.add_parser("schema", help="ส่งออก JSON Schema ของไฟล์ข้อมูล (ใช้กับโปรแกรมแก้ไขข้อความ)")
    schema.add_argument("--out", type=Path, default=Path("docs/schema"))
    schema.set_defaults(func=cmd_schema)

    for register in _EXTENSIONS:
        register(commands)
    return parser


def _register_extensions():
    """Commands that live in their own modules (readiness check, importers)."""
    registrars = []
    for module_name in ("generator.readiness.cli", "generator.importers.cli", "generator.export", "generator.init",
                        "generator.portal"):
        try:
            module = __import__(module_name, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # the module is not part of this installation
            raise
        registrars.append(module.register)
    return registrars


_EXTENSIONS = _register_extensions()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        exc.problems.report(sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("ยกเลิกแล้ว", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: never show a traceback
        if os.environ.get("PRONGSAI_DEBUG"):
            raise
        print(
            f"เกิดข้อผิดพลาดภายในโปรแกรม ({type(exc).__name__}: {exc}) "
            "ข้อมูลเดิมไม่ถูกแก้ไข โปรดแจ้งผู้ดูแลพร้อมข้อความนี้ (ตั้ง PRONGSAI_DEBUG=1 เพื่อดูรายละเอียด)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
