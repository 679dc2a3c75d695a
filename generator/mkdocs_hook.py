"""Older site projects listed this file (or prongsai_hooks.py, which imports it) under
`hooks:` in mkdocs.yml. Prongsai is an MkDocs plugin now (generator/plugin.py): these hooks
still build the site, through the plugin, and say in Thai what to change in mkdocs.yml.
A mkdocs.yml that lists the plugin too is left to the plugin.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    from generator import plugin as _plugin
except ImportError:  # loaded by path as an MkDocs hook, package not on the path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator import plugin as _plugin

from generator.problems import Problems

_told: set[str] = set()


def _hooks_line(config_file: Path) -> int | None:
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"(?m)^hooks\s*:", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def tell_what_to_change(config) -> None:
    """One warning per configuration file and process, as file:line: field: message."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    if str(config_file) in _told:
        return
    _told.add(str(config_file))
    notice = Problems()
    notice.warning(config_file.name, _hooks_line(config_file), "hooks", (
        "Prongsai รุ่นนี้เป็นปลั๊กอินของ MkDocs แล้ว ให้แก้ mkdocs.yml ดังนี้ "
        "1) ลบส่วน hooks: ที่ชี้ไปยัง prongsai_hooks.py หรือ generator/mkdocs_hook.py และ generator/search_hook.py "
        "(แล้วลบไฟล์ prongsai_hooks.py ได้) "
        "2) เปลี่ยน plugins: [] เป็น plugins: [prongsai] "
        "(ถ้าใช้โดเมนของตนเองบน GitHub Pages ให้เขียนเป็น plugins: [{prongsai: {cname: true}}]) "
        "3) ย้ายค่าใน extra: prongsai: (เช่น data:) ไปไว้ใต้ปลั๊กอิน prongsai "
        "ครั้งนี้ยังสร้างเว็บไซต์ให้ตามเดิม"))
    notice.report(sys.stderr)


def _ours(config) -> bool:
    """The older hooks do the work unless mkdocs.yml lists the plugin itself."""
    return "prongsai" not in config.plugins


def on_startup(command, dirty):
    _plugin.legacy_plugin().on_startup(command=command, dirty=dirty)


def on_shutdown():
    _plugin.legacy_plugin().on_shutdown()


def on_config(config):
    if not _ours(config):
        return config
    tell_what_to_change(config)
    plugin = _plugin.legacy_plugin()
    plugin.legacy_config = config
    return plugin.on_config(config)


def on_files(files, config):
    return _plugin.legacy_plugin().on_files(files, config) if _ours(config) else files


def on_env(env, config, files):
    return _plugin.legacy_plugin().on_env(env, config, files) if _ours(config) else env


def on_page_content(html, page, config, files):
    return _plugin.legacy_plugin().on_page_content(html, page, config, files) if _ours(config) else html


def on_post_build(config):
    if _ours(config):
        _plugin.legacy_plugin().on_post_build(config)


def on_build_error(error):
    _plugin.legacy_plugin().on_build_error(error)


def on_serve(server, config, builder):
    return _plugin.legacy_plugin().on_serve(server, config, builder) if _ours(config) else server
