"""MkDocs hook: Prongsai's Thai site search.

mkdocs.yml needs exactly these lines (and must NOT enable MkDocs'/Material's own
``search`` plugin: a ``plugins:`` list without ``search``; leaving ``plugins:`` out
altogether makes MkDocs add its default search plugin):

    theme:
      name: material
      custom_dir: generator/theme   # provides partials/search.html + assets/search/
    plugins: []                  # or your list, without "search"
    hooks:
      - generator/mkdocs_hook.py
      - generator/search_hook.py

What it does:
* registers a stand-in for Material's search plugin so that Material's header keeps
  its search box (``partials/header.html`` shows it only when "material/search" is
  in ``config.plugins``), while none of Material's search code runs: no lunr worker,
  no ``search_index.json`` fetched on every page load;
* collects every page's rendered content and writes ``assets/search/index.json``
  (see ``generator/search/indexer.py``) with the search thesaurus
  (``generator/search/thesaurus.yaml``); the browser fetches it, together with
  ``assets/search/search.js``, only when the reader starts a search.
Pages with ``search: {exclude: true}`` in their front matter are left out;
``search: {boost: 2}`` ranks a page higher, as in Material.
"""
from __future__ import annotations

import html
import logging
import os
import sys
from pathlib import Path
from types import SimpleNamespace

try:
    from generator.search.indexer import dump_index, page_entry
    from generator.search.thesaurus import compact_thesaurus, load_thesaurus
except ImportError:  # loaded by path as an MkDocs hook, package not installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator.search.indexer import dump_index, page_entry
    from generator.search.thesaurus import compact_thesaurus, load_thesaurus

log = logging.getLogger("mkdocs.hooks.prongsai.search")

INDEX_PATH = "assets/search/index.json"
SCRIPT_PATH = "assets/search/search.js"

_pages: dict[str, dict] = {}


class _SearchPlaceholder:
    """Stands in for Material's search plugin in ``config.plugins``: Material's
    header template reads ``config.plugins["material/search"].config.enabled``."""

    def __init__(self) -> None:
        self.config = SimpleNamespace(enabled=True, lang=["th", "en"])


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


def on_config(config, **kwargs):
    _pages.clear()
    _drop_material_search(config.plugins)
    config.plugins["material/search"] = _SearchPlaceholder()
    return config


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


def on_page_content(html_text, page, config, files, **kwargs):
    meta = (page.meta or {}).get("search") or {}
    if isinstance(meta, dict) and meta.get("exclude"):
        _pages.pop(page.url, None)
        return html_text
    boost = meta.get("boost", 1.0) if isinstance(meta, dict) else 1.0
    title = _plain(page.title)
    site_name = _plain(config.get("site_name"))
    if page.is_homepage and site_name and site_name not in title:
        # The home page stands for the whole site (its <title> is the site name):
        # searching the organisation's name should find it.
        title = f"{title} · {site_name}" if title else site_name
    _pages[page.url] = page_entry(page.url, title, html_text, boost=boost, part=part_of_site(page))
    return html_text


def _thesaurus() -> list[list]:
    entries, problems = load_thesaurus()
    for problem in problems:
        log.warning("prongsai search: %s", problem)
    return compact_thesaurus(entries)


def on_post_build(config, **kwargs):
    site_dir = Path(config.site_dir)
    target = site_dir / INDEX_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    pages = [_pages[url] for url in sorted(_pages, key=lambda u: (u.count("/"), u))]
    tmp = target.with_suffix(".json.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(dump_index(pages, _thesaurus()))
    os.replace(tmp, target)
    if not (site_dir / SCRIPT_PATH).exists():
        log.warning("prongsai search: %s is missing from the site; is theme.custom_dir "
                    "set to Prongsai's generator/theme/ folder?", SCRIPT_PATH)
    log.info("prongsai search: indexed %d pages into %s", len(pages), INDEX_PATH)
