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

Under `serve` (prongsai serve or mkdocs serve) data errors do not stop the preview: the site
becomes a single Thai page listing the problems, shown at every address, and the browser
reloads to the real site once the files are fixed. `build` still fails on them.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from generator import identity, pipeline, publish, thai, write
from generator.fields import config_problems
from generator.problems import DataError, Problems

_state: dict = {}

# MkDocs loads this file afresh for every rebuild, so what must outlive a rebuild (are we
# serving, has the server started) is kept in the process environment.
_SERVING = "PRONGSAI_SERVE"
_DATA_ERROR = "ข้อมูลมีข้อผิดพลาด ให้แก้ตามรายการด้านบนแล้วสร้างเว็บไซต์ใหม่"


def _serving() -> bool:
    return bool(os.environ.get(_SERVING))


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


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


def on_startup(command, dirty):
    if command == "serve":
        os.environ[_SERVING] = "starting"


def on_config(config):
    _check_config(config)
    options = _options(config)
    _state.update(options=options, problems=None)
    try:
        # `prongsai build` has already run the pipeline (and printed its warnings): take its result
        result = pipeline.take_handed_over(options) or _generate(options)
    except DataError as error:
        if not _serving():
            raise Abort(_DATA_ERROR) from None
        return _show_problems(config, error.problems)
    _state.update(result=result)
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
            if not _serving():
                raise Abort(_DATA_ERROR)
            return _show_problems(config, look)
    return config


def _generate(options: pipeline.Options) -> pipeline.Result:
    try:
        result = pipeline.generate(options)
    except DataError as error:
        error.problems.report(sys.stderr)
        raise
    if result.problems.items:
        result.problems.report(sys.stderr)  # data warnings: printed, not MkDocs warnings
    return result


# Theme files no page loads: the site has its own search (generator/search_hook.py), so
# Material's lunr languages and search worker are never fetched, and source maps only serve
# a developer's browser tools. Left out, they would be a quarter of every site's weight.
_UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def unused_theme_file(src_uri: str) -> bool:
    return src_uri.startswith(_UNUSED_THEME_FILES) or (src_uri.startswith("assets/") and src_uri.endswith(".map"))


# --- data errors under serve: one page listing the problems ---------------------------------

def _show_problems(config, problems: Problems):
    """The preview keeps running on broken data: the whole site becomes a page listing
    the problems (already printed in the terminal), until the files are fixed."""
    _say("ข้อมูลมีข้อผิดพลาด เว็บไซต์ตัวอย่างจึงแสดงรายการปัญหาแทน "
         "แก้ไฟล์แล้วบันทึก หน้าเว็บจะกลับมาเองเมื่อแก้ครบ")
    _state.update(problems=problems)
    config["nav"] = ["index.md"]
    return config


def problems_page(problems: Problems) -> str:
    """Markdown of the page shown instead of the site; the data's text is escaped."""
    lines = "\n".join(f"<li><code>{html.escape(p.format())}</code></li>" for p in problems.sorted())
    return (
        "# ข้อมูลมีข้อผิดพลาด\n\n"
        "ยังสร้างเว็บไซต์ไม่ได้ เพราะไฟล์ข้อมูลมีปัญหาตามรายการด้านล่าง "
        "(ชื่อไฟล์:บรรทัด: ชื่อช่อง: สิ่งที่ต้องแก้) แก้ไฟล์แล้วบันทึก "
        "หน้านี้จะเปลี่ยนเป็นเว็บไซต์เองเมื่อแก้ครบ\n\n"
        f'<ul class="prongsai-problems">\n{lines}\n</ul>\n'
    )


def _problem_files(files, config):
    for file in [f for f in files if f.is_documentation_page() or unused_theme_file(f.src_uri)]:
        files.remove(file)
    files.append(File.generated(config, "index.md", content=problems_page(_state["problems"])))
    return files


def _problems_at_every_address(config) -> None:
    """A page the browser had open, /plan/ say, is gone while the data is broken: the
    server answers with 404.html, made the problems page too (absolute base: any depth)."""
    site_dir = Path(config["site_dir"])
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    base = html.escape(urlsplit(config.get("site_url") or "/").path or "/", quote=True)
    page = page.replace("<head>", f'<head><base href="{base}">', 1)
    (site_dir / "404.html").write_text(page, encoding="utf-8")


def on_files(files, config):
    if _state.get("problems"):
        return _problem_files(files, config)
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
    if _state.get("problems"):
        _problems_at_every_address(config)
    elif os.environ.get(_SERVING) == "ready":
        _say("สร้างใหม่แล้ว")


def on_serve(server, config, builder):
    server.watch(str(_state["options"].data_dir))
    _announce_when_listening(server)
    _reload_from_missing_pages(server)
    return server


def _announce_when_listening(server) -> None:
    """MkDocs says nothing in Thai (and, run from prongsai, nothing at all): once the
    server listens, say where to look."""
    listen = server.server_activate

    def server_activate():
        listen()
        os.environ[_SERVING] = "ready"
        _say(f"เปิดดูเว็บไซต์ได้ที่ {server.url} (กด Ctrl-C เพื่อหยุด)")

    server.server_activate = server_activate


def _reload_from_missing_pages(server) -> None:
    """MkDocs' 404 answer lacks the live-reload script, so a tab left on a missing page
    (or on the problems page) would never come back when the data is fixed."""
    answer = server.error_handler

    def error_handler(code):
        content = answer(code)
        if content is not None and code == 404:
            content = server._inject_js_into_html(content, server._visible_epoch)
        return content

    server.error_handler = error_handler
