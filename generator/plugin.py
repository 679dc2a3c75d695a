"""Prongsai as an MkDocs plugin: the generated pages, the navigation, the organisation's look
and the Thai site search, for `prongsai build` / `prongsai serve` and for plain `mkdocs build`
/ `mkdocs serve` alike. A site's mkdocs.yml needs only:

    plugins:
      - prongsai:          # every option may be left out
          data_dir: data   # the data folder, relative to mkdocs.yml (like docs_dir and site_dir)
          year: 2569       # the ITA year shown as current (default: site.yaml, else the newest)
          strict: false    # warnings in the data are errors
          today: null      # YYYY-MM-DD: the "as of" date when the data gives none
          search: true     # Prongsai's Thai search replaces Material's own
          generate: true   # false: a hand-written site that only uses the Thai search
          cname: false     # write CNAME (the custom domain of site_url) for GitHub Pages

`prongsai validate`, `build` and `serve` read the same options, so that they build the site
`mkdocs build` builds: their --data / --year win only when given on the command line. An option
name the plugin does not know, or a value of the wrong kind, stops every command (and a plain
`mkdocs build`) with a Thai message naming the line of mkdocs.yml, before the data is read.

The plugin adds the package's theme folder (Sarabun font, print stylesheet, search box, 404 page)
when mkdocs.yml names no `theme.custom_dir` of its own, so a site project needs no copy of it.

`prongsai build` runs the generator once, prints its problems and hands the result over to the
plugin of the same process (`hand_over`): the data is read and validated once per build.
`prongsai serve` hands over its command-line options for the whole session; MkDocs keeps one
plugin instance for the session (it has on_startup), so that state lives on the instance.

Under serve, data errors do not stop the preview: the site becomes one Thai page listing the
problems, shown at every address, and the browser reloads to the real site once the files are
fixed (`build` still fails on them). An edit that leaves the navigation and every site-wide
setting as they were is rebuilt "dirty" (`prongsai serve` asks MkDocs for dirty builds): only
the pages whose Markdown changed are rendered again, and the search index keeps the rest; the
generator itself reuses the Markdown of pages whose inputs did not change (generator/reuse.py).

Theme files that no page loads (Material's lunr search, its worker, source maps) are left out.

Each page's converted Markdown and finished HTML are kept in the build cache and used again when
nothing they depend on has changed (generator/pagecache.py, generator/framecache.py): a repeated
build, and `prongsai portal` rebuilding a province, render only what changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import html
import json
import logging
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import jinja2
import yaml
import yaml_env_tag
from markupsafe import Markup
from mkdocs import utils as mkdocs_utils
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from . import buildcache, identity, pipeline, publish, thai, write
from .fields import config_problems
from .framecache import PageFrameCache
from .pagecache import PageHtmlCache
from .problems import DataError, Problems
from .reuse import PageRenders
from .search.indexer import dump_index, page_entry
from .search.thesaurus import THESAURUS_PATH, compact_thesaurus, load_thesaurus

log = logging.getLogger("mkdocs.plugins.prongsai")

PACKAGE_THEME = Path(__file__).resolve().parent / "theme"
DATA_ERROR = "ข้อมูลมีข้อผิดพลาด ให้แก้ตามรายการด้านบนแล้วสร้างเว็บไซต์ใหม่"
CONFIG_ERROR = "การตั้งค่าใน mkdocs.yml ใช้ไม่ได้ ให้แก้ตามรายการด้านบน"


class PluginConfig(base.Config):
    data_dir = c.Optional(c.Type(str))  # not `data`: a Config is a dict whose contents are .data
    year = c.Optional(c.Type((int, str)))
    strict = c.Type(bool, default=False)
    today = c.Optional(c.Type((str, dt.date)))
    search = c.Type(bool, default=True)
    generate = c.Type(bool, default=True)
    cname = c.Type(bool, default=False)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class ProngsaiPlugin(BasePlugin[PluginConfig]):
    def load_config(self, options, config_file_path=None):
        """MkDocs only warns, in English, about an option it does not know, and builds with the
        defaults: here a misspelt or wrongly typed option stops the build with a Thai message."""
        errors, warnings = super().load_config(options, config_file_path)
        problems = option_problems(options, config_file_path)
        if problems.items:
            errors = [(p.field.rpartition(".")[2], p.format()) for p in problems.sorted()]
            warnings = [(key, text) for key, text in warnings if key in _option_names()]
        return errors, warnings

    def __init__(self):
        self.search = ThaiSearch()
        self.serving = False          # under `serve` (prongsai serve or mkdocs serve)
        self.listening = False        # the server has started: later builds are rebuilds
        self.handed: tuple | None = None          # (Options, Result) of `prongsai build`, taken once
        self.session_options: pipeline.Options | None = None  # `prongsai serve`'s, for the session
        self.options: pipeline.Options | None = None
        self.result: pipeline.Result | None = None
        self.problems: Problems | None = None     # data errors shown instead of the site (serve)
        self.dirty = False                        # MkDocs builds only pages whose source changed
        self.shape: str | None = None             # what every page shows besides its own content
        self.rebuild_all = True                   # this build renders every page
        self.titles: dict[str, str] = {}          # page titles of earlier builds, by source file
        self.legacy_config = None                 # the configuration the older hook files run for
        self.renders: PageRenders | None = None   # under serve: pages reused when unchanged
        self.page_html = PageHtmlCache()          # Markdown converted once, kept in the build cache
        self.page_frames = PageFrameCache()       # finished pages kept in the build cache

    # --- what the prongsai command hands over ---------------------------------------------------

    def hand_over(self, options: pipeline.Options, result: pipeline.Result | None = None) -> None:
        """`prongsai build`: the options and the pipeline's result for the next build (once).
        `prongsai serve`: the options for every build of the session (result None)."""
        if result is None:
            self.session_options, self.handed = options, None
        else:
            self.handed, self.session_options = (options, result), None
            self.serving = self.listening = self.dirty = False
            self.renders = None

    @property
    def model(self):
        """The model of the site being built (None under serve while the data is broken)."""
        return self.result.model if self.result is not None and self.problems is None else None

    # --- MkDocs events ----------------------------------------------------------------------------

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.renders = PageRenders() if self.serving else None
        self.dirty = dirty
        self.listening = False
        self.shape = None
        if dirty:
            _quiet_dirty_warning()

    def on_shutdown(self):
        self.serving = self.listening = self.dirty = False
        self.renders = None
        self.session_options = self.handed = None
        self.shape = None

    def on_config(self, config):
        if buildcache.folder() is None:  # plain `mkdocs build` / `mkdocs serve`
            buildcache.use(buildcache.project_folder(Path(config.config_file_path or "mkdocs.yml").parent))
        _add_package_theme(config)
        if self.config.search:
            self.search.replace_materials(config)
        if not self.config.generate:
            return config
        _check_config(config)
        self.problems = None
        options, handed = self._options(config)
        self.options = options
        try:
            result = handed or _generate(options, self.renders)
        except DataError as error:
            if not self.serving:
                raise Abort(DATA_ERROR) from None
            return self._show_problems(config, error.problems)
        self.result = result
        return self._configure_site(config, result)

    def _options(self, config) -> tuple[pipeline.Options, pipeline.Result | None]:
        if self.handed is not None:
            (options, result), self.handed = self.handed, None
            return options, result
        if self.session_options is not None:
            return self.session_options, None
        return options_from_config(config, self.config), None

    def _configure_site(self, config, result: pipeline.Result):
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
            if look.has_errors(self.options.strict):
                if not self.serving:
                    raise Abort(DATA_ERROR)
                return self._show_problems(config, look)
        return config

    def on_files(self, files, config):
        if self.config.generate:
            if self.problems is not None:
                files = _problem_files(files, config, self.problems)
            else:
                files = self._add_generated(files, config)
        for file in [f for f in files if unused_theme_file(f.src_uri, own_search=self.config.search)]:
            files.remove(file)
        self._choose_dirty_or_full(files, config)
        self.page_html.start_build(self.site_name_in_cache(config))
        self.page_frames.start_build(self.site_name_in_cache(config))
        return files

    def site_name_in_cache(self, config) -> str:
        """What names this site in the build cache, which the sites of a portal share: the
        folder of its generated pages (one per data folder and year), else its docs folder."""
        if self.config.generate and self.options is not None:
            return str(self.options.out_dir)
        return str(config["docs_dir"])

    def _add_generated(self, files, config):
        skipped = _redirects_left_out(self.result.redirects, config)
        out_dir = str(self.options.out_dir)
        for path in self.result.files:
            if path in skipped:
                continue
            if files.get_file_from_path(path) is None:  # a hand-written page wins
                files.append(File(path, out_dir, config["site_dir"], config["use_directory_urls"]))
        return files

    def _choose_dirty_or_full(self, files, config) -> None:
        """A dirty build (MkDocs renders only the pages whose source is newer than the page it
        built last time) is right only when nothing that every page shows has changed: the
        navigation, the site's name, look and settings, the list of files and the hand-written
        pages (their titles are in the navigation). Otherwise the site folder is emptied first,
        so that every page is built again."""
        shape = _site_shape(files, config, self.problems)
        self.rebuild_all = shape != self.shape
        if not self.rebuild_all:
            return
        self.shape = shape
        self.search.reset()
        self.titles.clear()
        if self.dirty:
            mkdocs_utils.clean_directory(config["site_dir"])

    def on_nav(self, nav, config, files):
        """In a dirty build MkDocs reads only the pages it builds again, so the others would have
        no title in the navigation those pages show: give them the title of the last build."""
        if self.dirty and not self.rebuild_all:
            for page in nav.pages:
                if page.title is None and not page.file.is_modified():
                    page.title = self.titles.get(page.file.src_uri)
        return nav

    def on_env(self, env, config, files):
        env.bytecode_cache = theme_templates  # the theme compiled once per process
        env.template_class = self.page_frames.template_class()  # pages through the cache (framecache.py)
        return env

    def on_page_markdown(self, markdown_text, page, config, files):
        # MkDocs converts the page right after this event: through the cache (generator/pagecache.py)
        page.render = functools.partial(self.page_html.render, page)
        return markdown_text

    def on_page_content(self, html_text, page, config, files):
        self.titles[page.file.src_uri] = page.title
        if self.config.search:
            self.search.add_page(html_text, page, config, self.site_name_in_cache(config))
        return html_text

    def on_post_build(self, config):
        if self.config.search:
            self.search.write_index(config)
        if self.config.cname:
            write_cname(config)
        if not self.config.generate:
            return
        publish.mark_output_dir(config["site_dir"])  # a plain `mkdocs build`'s folder is this site's from now on
        if self.problems is not None:
            _problems_at_every_address(config)
        elif self.listening:
            _say("สร้างใหม่แล้ว")

    def on_build_error(self, error):
        self.shape = None  # the site folder may be half written: the next build is a full one

    def on_serve(self, server, config, builder):
        if self.config.generate and self.options is not None:
            _poll_often(server)
            server.watch(str(self.options.data_dir))
        self._announce_when_listening(server)
        _reload_from_missing_pages(server)
        return server

    # --- data errors under serve: one page listing the problems -----------------------------------

    def _show_problems(self, config, problems: Problems):
        """The preview keeps running on broken data: the whole site becomes a page listing
        the problems (already printed in the terminal), until the files are fixed."""
        _say("ข้อมูลมีข้อผิดพลาด เว็บไซต์ตัวอย่างจึงแสดงรายการปัญหาแทน "
             "แก้ไฟล์แล้วบันทึก หน้าเว็บจะกลับมาเองเมื่อแก้ครบ")
        self.problems = problems
        config["nav"] = ["index.md"]
        return config

    def _announce_when_listening(self, server) -> None:
        """MkDocs says nothing in Thai (and, run from prongsai, nothing at all): once the
        server listens, say where to look."""
        listen = server.server_activate

        def server_activate():
            listen()
            self.listening = True
            _say(f"เปิดดูเว็บไซต์ได้ที่ {server.url} (กด Ctrl-C เพื่อหยุด)")

        server.server_activate = server_activate


# --- options ------------------------------------------------------------------------------------

def options_from_config(config, settings) -> pipeline.Options:
    """The generator's options from the plugin's settings in mkdocs.yml (paths relative to it)."""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    older = _older_project_settings(config)
    data_dir = Path(settings.get("data_dir") or older.get("data") or "data")
    data_dir = data_dir if data_dir.is_absolute() else root / data_dir
    year = settings.get("year") or older.get("year")
    today = settings.get("today")
    return pipeline.Options(
        data_dir=data_dir,
        year=thai.normalise_be_year(thai.parse_int(year)) if year else None,
        strict=bool(settings.get("strict")),
        out_dir=pipeline.generated_dir(root, data_dir, str(year) if year else None),
        today=_date_setting(today) if isinstance(today, str) else today,
    )


def _older_project_settings(config) -> dict:
    """`extra.prongsai` (data, year) of a project still on the older `hooks:` lines, which lists
    no prongsai plugin: it keeps building as before until it moves them under the plugin, as the
    warning of generator/mkdocs_hook.py tells it to. Ignored once mkdocs.yml lists the plugin."""
    if "prongsai" in config.plugins:
        return {}
    older = (config.extra or {}).get("prongsai")
    return older if isinstance(older, dict) else {}


# --- checking the options in mkdocs.yml ----------------------------------------------------------

# what each option takes, said the way it is written in mkdocs.yml (Latin words after a space)
_EXPECTED = {
    "data_dir": "ชื่อโฟลเดอร์ข้อมูล (เทียบกับโฟลเดอร์ของ mkdocs.yml) เช่น data",
    "year": "ปี พ.ศ. เช่น 2569",
    "strict": " true หรือ false",
    "today": "วันที่แบบ 2026-04-20",
    "search": " true หรือ false",
    "generate": " true หรือ false",
    "cname": " true หรือ false",
}


def _option_names() -> list[str]:
    return [name for name, _ in PluginConfig._schema]


def option_problems(options, config_file=None, shown: str | None = None) -> Problems:
    """Each misspelt or wrongly typed option of `plugins: - prongsai:` (Thai, with the line of
    mkdocs.yml it is on): all of them at once, so that one edit fixes them all."""
    problems = Problems()
    if not isinstance(options, dict):
        return problems
    shown = shown or (Path(config_file).name if config_file else "mkdocs.yml")
    lines = option_lines(config_file) if config_file else {}
    for name, message in _option_messages(options):
        problems.error(shown, lines.get(name), f"plugins.prongsai.{name}", message)
    return problems


def _option_messages(options: dict) -> list[tuple[str, str]]:
    known = _option_names()
    messages = []
    for name in options:
        if name in known or name == "enabled":  # enabled: MkDocs' own switch, for every plugin
            continue
        closest = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
        hint = f"หมายถึง '{closest[0]}' หรือไม่" if closest else f"ตัวเลือกที่มีคือ {', '.join(known)}"
        messages.append((str(name), f"ไม่รู้จักตัวเลือกนี้ {hint}"))
    checked = PluginConfig()
    checked.load_dict({name: value for name, value in options.items() if name in known})
    wrong = {name for name, _ in checked.validate()[0]}
    for name in known:
        if name in options and (name in wrong or not _usable(name, options[name])):
            messages.append((name, f"'{_shown_value(options[name])}' ใช้ไม่ได้ ต้องเป็น{_EXPECTED[name]}"))
    return messages


def _usable(name: str, value) -> bool:
    """What the option's type alone lets through but the generator cannot use."""
    if value is None:
        return True
    try:
        if name == "year":
            return not isinstance(value, bool) and thai.normalise_be_year(thai.parse_int(value)) > 2400
        if name == "today" and isinstance(value, str):
            dt.date.fromisoformat(value.strip())
    except (thai.ParseError, ValueError):
        return False
    return True


def _shown_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _OptionsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Reads the options of the prongsai plugin alone, as MkDocs reads them (with !ENV);
    libyaml's parser where PyYAML has it (every command reads them first)."""


_OptionsLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)


def _prongsai_node(config_file):
    """(loader, the YAML node of `prongsai:`'s options) in mkdocs.yml, or (None, None)."""
    try:
        loader = _OptionsLoader(Path(config_file).read_text(encoding="utf-8"))
        root = loader.get_single_node()
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, None  # MkDocs says what is wrong with the file itself
    plugins = _mapping_value(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for entry in entries:
        node = _mapping_value(entry, "prongsai")
        if node is not None:
            return loader, node
    return None, None


def _mapping_value(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value
    return None


def option_lines(config_file) -> dict[str, int]:
    """The line of each option under `prongsai:` in mkdocs.yml."""
    _, node = _prongsai_node(config_file)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


def check_options(config_file, shown: str | None = None) -> Problems:
    """The options of `plugins: - prongsai:` in mkdocs.yml checked before anything else runs
    (the commands print these instead of MkDocs' English and before validating the data)."""
    loader, node = _prongsai_node(config_file)
    if node is None:
        return Problems()
    try:
        options = loader.construct_document(node)
    except yaml.YAMLError:
        return Problems()  # a tag MkDocs may know: left to MkDocs
    return option_problems(options, config_file, shown)


def _date_setting(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Abort(f"mkdocs.yml: plugins.prongsai.today: '{text}' ไม่ใช่วันที่ ให้เขียนแบบ 2026-04-20") from None


def _generate(options: pipeline.Options, renders: PageRenders | None = None) -> pipeline.Result:
    try:
        result = pipeline.generate(options, renders)
    except DataError as error:
        error.problems.report(sys.stderr)
        raise
    if result.problems.items:
        result.problems.report(sys.stderr)  # data warnings: printed, not MkDocs warnings
    return result


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
        raise Abort(CONFIG_ERROR)


def _add_package_theme(config) -> None:
    """The package's theme overrides, unless the site names a theme folder of its own; and a
    theme environment that does not list hidden folders."""
    theme = config["theme"]
    _list_visible_theme_files(theme)
    if getattr(theme, "_custom_dir", None) or str(PACKAGE_THEME) in theme.dirs:
        return
    theme.dirs.insert(0, str(PACKAGE_THEME))


class VisibleFilesLoader(jinja2.FileSystemLoader):
    """The theme's template loader, whose listing leaves out hidden folders. MkDocs lists every
    file of the theme to copy its assets and then drops whatever lies in a hidden folder;
    Material keeps its 14,000 icons in .icons, so walking them was a tenth of a small site's
    build (and of each organisation in `prongsai portal`). Templates load as before."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                prefix = "" if relative == "." else relative.replace(os.path.sep, "/") + "/"
                found.update(prefix + name for name in names)
        return sorted(found)


def _list_visible_theme_files(theme) -> None:
    """theme.get_env gives an environment with VisibleFilesLoader over the same folders."""
    if getattr(theme.get_env, "lists_visible_files", False):
        return
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.loader = VisibleFilesLoader(theme.dirs)
        return env

    get_env.lists_visible_files = True
    theme.get_env = get_env


def site_plugin(config) -> ProngsaiPlugin | None:
    """The plugin instance of a loaded configuration: mkdocs.yml's `plugins: - prongsai`, or, for
    a project still on the older `hooks:` lines, the instance those hooks run (generator/mkdocs_hook.py)."""
    plugin = config.plugins.get("prongsai")
    if isinstance(plugin, ProngsaiPlugin):
        return plugin
    if any(_older_prongsai_hook(module) for module in (config.get("hooks") or {}).values()):
        return legacy_plugin()
    return None


def _older_prongsai_hook(module) -> bool:
    """generator/mkdocs_hook.py itself, or an older project's prongsai_hooks.py, whose events
    are generator.init's (site_hooks)."""
    if Path(getattr(module, "__file__", "") or "").name == "mkdocs_hook.py":
        return True
    return getattr(getattr(module, "on_config", None), "__module__", None) == "generator.init"


_legacy: list[ProngsaiPlugin] = []


def legacy_plugin() -> ProngsaiPlugin:
    """One plugin instance per process for projects that still list the older hook files
    (MkDocs loads hook files afresh for every build; the instance must outlive that)."""
    if not _legacy:
        plugin = ProngsaiPlugin()
        plugin.load_config({})
        _legacy.append(plugin)
    return _legacy[0]


def legacy_hooks_run(config) -> bool:
    """Whether the older hook files (generator/mkdocs_hook.py) build this configuration."""
    return bool(_legacy) and _legacy[0].legacy_config is config


MISSING_PLUGIN = ("mkdocs.yml ไม่ได้เปิดใช้ Prongsai ให้เพิ่มสองบรรทัดนี้ในไฟล์ mkdocs.yml:\n"
                  "plugins:\n  - prongsai\n(ถ้ามีบรรทัด plugins: อยู่แล้ว ให้เพิ่ม - prongsai ในรายการนั้น)\n")


# --- the site's files ---------------------------------------------------------------------------

def _content_pages(docs_dir: Path) -> list[str]:
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md") if p.name != "index.md")


# Theme files no page loads: the site has its own search (ThaiSearch), so Material's lunr
# languages and search worker are never fetched, and source maps only serve a developer's
# browser tools. Left out, they would be a quarter of every site's weight.
_UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def unused_theme_file(src_uri: str, own_search: bool = True) -> bool:
    """Source maps always; Material's search scripts only where the Thai search replaces them."""
    return ((own_search and src_uri.startswith(_UNUSED_THEME_FILES))
            or (src_uri.startswith("assets/") and src_uri.endswith(".map")))


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


def _site_shape(files, config, problems) -> str:
    """A fingerprint of everything a page shows besides its own content."""
    docs_dir = Path(config["docs_dir"])
    hand_written = sorted((f.src_uri, _mtime(Path(f.abs_src_path))) for f in files
                          if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs_dir))
    theme = config["theme"]
    settings = {
        "problems": problems is not None,
        "files": sorted(f.src_uri for f in files),
        "hand_written": hand_written,
        "nav": config.get("nav"),
        "site": [str(config.get(key)) for key in ("site_name", "site_url", "site_dir", "use_directory_urls")],
        "theme": [str(theme.get(key)) for key in ("logo", "favicon", "palette", "features")],
        "extra": config.get("extra"),
    }
    return hashlib.sha1(json.dumps(settings, default=str, sort_keys=True).encode("utf-8")).hexdigest()


class _DirtyIsSafe(logging.Filter):
    """MkDocs warns on every dirty build that the navigation may be out of date: the plugin
    builds every page again whenever the navigation changes, so the warning is only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyIsSafe) for f in logger.filters):
        logger.addFilter(_DirtyIsSafe())


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def write_cname(config) -> None:
    """GitHub Pages serves a custom domain named in the site's CNAME file: the host of site_url,
    unless that is GitHub's own address (*.github.io) or this machine."""
    site_url = config.get("site_url")
    host = (urlsplit(site_url).hostname or "").lower() if site_url else ""
    if host and not host.endswith(".github.io") and host not in ("localhost", "127.0.0.1"):
        Path(config["site_dir"], "CNAME").write_text(host + "\n", encoding="utf-8")


# --- data errors under serve --------------------------------------------------------------------

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


def _problem_files(files, config, problems: Problems):
    for file in [f for f in files if f.is_documentation_page()]:
        files.remove(file)
    files.append(File.generated(config, "index.md", content=problems_page(problems)))
    return files


def _problems_at_every_address(config) -> None:
    """A page the browser had open, /plan/ say, is gone while the data is broken: the
    server answers with 404.html, made the problems page too (absolute base: any depth)."""
    site_dir = Path(config["site_dir"])
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    base_href = html.escape(urlsplit(config.get("site_url") or "/").path or "/", quote=True)
    page = page.replace("<head>", f'<head><base href="{base_href}">', 1)
    (site_dir / "404.html").write_text(page, encoding="utf-8")


# MkDocs' server looks for changed files every half second; the data folder is looked at more
# often, so that an edit reaches the browser sooner (a data folder has a few hundred files).
DATA_POLL_SECONDS = 0.1


def _poll_often(server) -> None:
    """Watches scheduled from now on poll every DATA_POLL_SECONDS (watchdog's observer takes the
    interval of new watches from its `_timeout`; left alone where that is not so)."""
    observer = getattr(server, "observer", None)
    if isinstance(getattr(observer, "_timeout", None), (int, float)) and observer._timeout > DATA_POLL_SECONDS:
        observer._timeout = DATA_POLL_SECONDS


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


# --- compiled theme templates ---------------------------------------------------------------------

# compiled once per process and kept on disk between builds (buildcache)
theme_templates = buildcache.TemplateCache()


# --- the Thai site search -----------------------------------------------------------------------

INDEX_PATH = "assets/search/index.json"
SCRIPT_PATH = "assets/search/search.js"


class _SearchPlaceholder:
    """Stands in for Material's search plugin in ``config.plugins``: Material's header
    template shows its search box only when it finds ``config.plugins["material/search"]``
    with ``config.enabled``; none of Material's search code runs."""

    def __init__(self) -> None:
        self.config = SimpleNamespace(enabled=True, lang=["th", "en"])


class ThaiSearch:
    """Collects every page's rendered content and writes ``assets/search/index.json``
    (generator/search/indexer.py) with the search thesaurus; the browser fetches it, with
    ``assets/search/search.js``, only when the reader starts a search. Pages with
    ``search: {exclude: true}`` in their front matter are left out; ``search: {boost: 2}``
    ranks a page higher, as in Material. Entries outlive a dirty build (only the pages built
    again are replaced); reset() starts afresh."""

    def __init__(self) -> None:
        self.pages: dict[str, dict] = {}

    def reset(self) -> None:
        self.pages.clear()

    def replace_materials(self, config) -> None:
        _drop_material_search(config.plugins)
        config.plugins["material/search"] = _SearchPlaceholder()

    def add_page(self, html_text: str, page, config, site: str = "") -> None:
        meta = (page.meta or {}).get("search") or {}
        if isinstance(meta, dict) and meta.get("exclude"):
            self.pages.pop(page.url, None)
            return
        boost = meta.get("boost", 1.0) if isinstance(meta, dict) else 1.0
        title = _plain(page.title)
        site_name = _plain(config.get("site_name"))
        if page.is_homepage and site_name and site_name not in title:
            # The home page stands for the whole site (its <title> is the site name):
            # searching the organisation's name should find it.
            title = f"{title} · {site_name}" if title else site_name
        self.pages[page.url] = page_entry(page.url, title, html_text, boost=boost, part=part_of_site(page),
                                          site=site)

    def write_index(self, config) -> None:
        site_dir = Path(config["site_dir"])
        target = site_dir / INDEX_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        pages = [self.pages[url] for url in sorted(self.pages, key=lambda u: (u.count("/"), u))]
        tmp = target.with_suffix(".json.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(dump_index(pages, _thesaurus()))
        os.replace(tmp, target)
        if not (site_dir / SCRIPT_PATH).exists():
            log.warning("prongsai search: %s is missing from the site; is the theme folder "
                        "Prongsai's generator/theme/?", SCRIPT_PATH)
        log.info("prongsai search: indexed %d pages into %s", len(pages), INDEX_PATH)


def _drop_material_search(plugins) -> None:
    for name in ("material/search", "search"):
        plugin = plugins.get(name)
        if plugin is None or isinstance(plugin, _SearchPlaceholder):
            continue
        # info, not warning: `prongsai build --strict` turns MkDocs warnings into errors
        log.info("prongsai search: the '%s' plugin is disabled; Prongsai's own Thai "
                 "search replaces it (remove it from mkdocs.yml)", name)
        for handlers in plugins.events.values():
            handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not plugin]
        del plugins[name]


_thesauri: dict[tuple, tuple[list, list[str]]] = {}


def _thesaurus() -> list[list]:
    """The search thesaurus, read once per process while its file is unchanged (a preview
    rebuilds the index on every edit)."""
    key = (str(THESAURUS_PATH), _mtime(THESAURUS_PATH), _size(THESAURUS_PATH))
    if key not in _thesauri:
        entries, problems = load_thesaurus()
        _thesauri.clear()
        _thesauri[key] = (compact_thesaurus(entries), problems)
    compact, problems = _thesauri[key]
    for problem in problems:
        log.warning("prongsai search: %s", problem)
    return compact


def _plain(title) -> str:
    """MkDocs page and nav titles are HTML (the generator escapes data in them):
    the index keeps plain text, which the browser escapes exactly once."""
    return html.unescape(str(title or ""))


def part_of_site(page) -> str:
    """The part of the site a page belongs to, from its place in the navigation:
    the top section and the one below it (``แผนป้องกันการทุจริต › มิติที่ 1 …``,
    ``ITA › ITA 2569``)."""
    titles = [_plain(a.title) for a in reversed(page.ancestors or []) if getattr(a, "title", None)]
    return " › ".join(titles[:2])
