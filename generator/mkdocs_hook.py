"""Thin MkDocs hook: runs the generator so that plain `mkdocs build` and
`mkdocs serve` work, adds the generated pages and sets the navigation.

The redirect pages /ita/<year>/O<N>/ are left out when the site folder ignores the case
of names (Windows, macOS): there they would replace the item pages /ita/<year>/o<N>/
(see generator/write.py case_insensitive).

Options come from environment variables set by the `prongsai` command
(PRONGSAI_DATA, PRONGSAI_YEAR, PRONGSAI_STRICT, PRONGSAI_TODAY), else from
`extra.prongsai` in mkdocs.yml. `prongsai build` has already run the generator with the
same options and hands its result over (pipeline.hand_over): the data is read and
validated once per build.

Theme files that no page loads (Material's lunr search, its worker, source maps) are left
out of the site.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from generator import identity, pipeline, publish, thai, write
from generator.fields import config_problems
from generator.problems import DataError, Problems

_state: dict = {}


def _options(config) -> pipeline.Options:
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    settings = (config.extra or {}).get("prongsai", {}) or {}
    data_dir = Path(os.environ.get("PRONGSAI_DATA") or settings.get("data", "data"))
    data_dir = data_dir if data_dir.is_absolute() else root / data_dir
    year = os.environ.get("PRONGSAI_YEAR") or settings.get("year")
    today = os.environ.get("PRONGSAI_TODAY")
    return pipeline.Options(
        data_dir=data_dir,
        year=thai.normalise_be_year(thai.parse_int(year)) if year else None,
        strict=os.environ.get("PRONGSAI_STRICT") == "1",
        out_dir=pipeline.generated_dir(root, data_dir, year),
        today=dt.date.fromisoformat(today) if today else None,
    )


def _content_pages(docs_dir: Path) -> list[str]:
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md") if p.name != "index.md")


def _check_config(config) -> None:
    """mkdocs.yml values that the theme prints unescaped, and the folder a plain `mkdocs build`
    empties in place, are checked as strictly as the data (prongsai build checks its own
    folder before it builds)."""
    problems = Problems()
    shown = Path(config.config_file_path or "mkdocs.yml").name
    for key, message in config_problems(config):
        problems.error(shown, None, key, message)
    refused = publish.check_output_dir(config["site_dir"])
    if refused:
        problems.error(shown, None, "site_dir", refused)
    if problems.items:
        problems.report(sys.stderr)
        raise Abort("การตั้งค่าใน mkdocs.yml ใช้ไม่ได้ ให้แก้ตามรายการด้านบน")


def on_config(config):
    _check_config(config)
    options = _options(config)
    # `prongsai build` has already run the pipeline (and printed its warnings): take its result
    result = pipeline.take_handed_over(options) or _generate(options)
    _state.update(result=result, options=options)
    # MkDocs and Material treat the site name and nav titles as HTML: escape the data
    # (Markup, so that the theme's own `| e` does not escape it twice)
    config["site_name"] = Markup(html.escape(result.model.organisation.name, quote=True))
    config["nav"] = result.navigation(_content_pages(Path(config["docs_dir"])))
    # the plan's projects are left out of the navigation on purpose (they are listed on the
    # plan page): no notice listing hundreds of pages "not included in the nav"
    config["validation"]["nav"]["omitted_files"] = logging.DEBUG
    if not config.get("site_url") and result.model.site.site_url:
        config["site_url"] = result.model.site.site_url  # canonical links and sitemap.xml
    # the organisation's logo, favicon, colour and footer (generator/identity.py)
    look = identity.apply_identity(config, result.model)
    if look.items:
        look.report(sys.stderr)
        if look.has_errors(options.strict):
            raise Abort("ข้อมูลมีข้อผิดพลาด ให้แก้ตามรายการด้านบนแล้วสร้างเว็บไซต์ใหม่")
    return config


def _generate(options: pipeline.Options) -> pipeline.Result:
    try:
        result = pipeline.generate(options)
    except DataError as error:
        error.problems.report(sys.stderr)
        raise Abort("ข้อมูลมีข้อผิดพลาด ให้แก้ตามรายการด้านบนแล้วสร้างเว็บไซต์ใหม่") from None
    if result.problems.items:
        result.problems.report(sys.stderr)  # data warnings: printed, not MkDocs warnings
    return result


# Theme files no page loads: the site has its own search (generator/search_hook.py), so
# Material's lunr languages and search worker are never fetched, and source maps only serve
# a developer's browser tools. Left out, they would be a quarter of every site's weight.
_UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def unused_theme_file(src_uri: str) -> bool:
    return src_uri.startswith(_UNUSED_THEME_FILES) or (src_uri.startswith("assets/") and src_uri.endswith(".map"))


def on_files(files, config):
    result, options = _state["result"], _state["options"]
    for file in [f for f in files if unused_theme_file(f.src_uri)]:
        files.remove(file)
    skipped = _redirects_left_out(result.redirects, config)
    for path in result.files:
        if path in skipped:
            continue
        if files.get_file_from_path(path) is None:  # a hand-written page wins
            files.append(File(path, str(options.out_dir), config["site_dir"], config["use_directory_urls"]))
    return files


def _redirects_left_out(redirects: list[str], config) -> set[str]:
    """The redirect pages /ita/<year>/O<N>/ point at folder URLs (../o<N>/): without
    use_directory_urls there are none; in a site folder that ignores the case of names they
    would replace the item pages themselves, so they are left out with a one-line notice."""
    if not redirects:
        return set()
    if not config["use_directory_urls"]:
        return set(redirects)
    if write.case_insensitive(Path(config["site_dir"])):
        print(f"หมายเหตุ: โฟลเดอร์ {config['site_dir']} ไม่แยกตัวพิมพ์เล็ก-ใหญ่ (Windows/macOS) จึงไม่สร้างหน้า "
              "/ita/<ปี>/O<เลขข้อ>/ ที่พาไปหน้าข้อ ที่อยู่ของแต่ละข้อยังเป็น /ita/<ปี>/o<เลขข้อ>/ ตามเดิม", file=sys.stderr)
        return set(redirects)
    return set()


def on_env(env, config, files):
    env.bytecode_cache = pipeline.theme_templates  # the theme compiled once per process
    return env


def on_post_build(config):
    publish.mark_output_dir(config["site_dir"])  # a plain `mkdocs build`'s folder is this site's from now on


def on_serve(server, config, builder):
    server.watch(str(_state["options"].data_dir))
    return server
