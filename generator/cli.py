"""The `prongsai` command: validate, build, serve, and the tools around them.

Every command ends with a clear message and an exit code, never a traceback
(set PRONGSAI_DEBUG=1 to see one when reporting a bug).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import argtypes
from .build import (EXIT_DATA, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError, build_site,
                    project_settings, readiness_summary, site_options, take_plugin_options, use_project_cache,
                    validate)
from .problems import DataError


def _data_options(parser: argparse.ArgumentParser) -> None:
    # None when not given: then the prongsai plugin's data_dir / year in mkdocs.yml apply
    parser.add_argument("--data", type=Path, help="โฟลเดอร์ข้อมูล (ค่าเริ่มต้นตาม data_dir ใน mkdocs.yml หรือ data/)")
    parser.add_argument("--year", type=argtypes.year, help="ปีการประเมิน ITA (ค่าเริ่มต้นตาม year ใน mkdocs.yml หรือตามข้อมูล)")
    parser.add_argument("--strict", action="store_true", help="ถือว่าคำเตือนเป็นข้อผิดพลาด")


# --- commands -----------------------------------------------------------------------------

def cmd_validate(args) -> int:
    return validate(args)[0]


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


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    from .plugin import site_plugin

    host, port = _dev_addr(args.dev_addr)
    # MkDocs keeps the plugin instance for the whole session: it builds with these options
    use_project_cache(args)
    config, plugin_options = project_settings(args)
    take_plugin_options(args, plugin_options)
    site_plugin(config).hand_over(site_options(args))
    try:
        # dirty: only the pages whose Markdown changed are built again, unless the plugin
        # finds that the navigation or a site-wide setting changed (then it builds them all)
        serve(config_file=args.config, dev_addr=f"{host}:{port}", livereload=True, build_type="dirty")
    except OSError as exc:
        # the port is taken by another program, or the address is not this machine's
        raise UsageError(f"--dev-addr: เปิดที่ {host}:{port} ไม่ได้ ({exc.strerror or exc}) "
                          "ถ้ามีโปรแกรมอื่นใช้พอร์ตนี้อยู่ ให้ใช้พอร์ตอื่น เช่น --dev-addr 127.0.0.1:8001") from None
    return EXIT_OK


def _dev_addr(text: str) -> tuple[str, int]:
    """'127.0.0.1:8000' → ('127.0.0.1', 8000), or a usage error in Thai."""
    host, _, port = str(text).strip().rpartition(":")
    if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise UsageError(f"--dev-addr: '{text}' ไม่ใช่ที่อยู่และพอร์ต ให้เขียนแบบ 127.0.0.1:8000 (พอร์ต 1–65535)")
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
    validate.add_argument("--config", help="ไฟล์ตั้งค่า MkDocs ที่อ่านตัวเลือกของ prongsai (ค่าเริ่มต้น mkdocs.yml ถ้ามี)")
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

    for register in _register_extensions():
        register(commands)
    return parser


def _register_extensions():
    """Commands that live in their own modules (readiness check, importers, export, init,
    portal, filing): each module's `register` adds its subcommands to the parser."""
    from . import export, init, portal
    from .filing import cli as filing_cli
    from .importers import cli as importers_cli
    from .readiness import cli as readiness_cli

    return [readiness_cli.register, importers_cli.register, export.register, init.register,
            portal.register, filing_cli.register]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        message = str(exc)
        print(message, file=sys.stderr, end="" if message.endswith("\n") else "\n")
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
