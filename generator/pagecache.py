"""The HTML that MkDocs makes of each page's Markdown, kept in the build cache
(generator/buildcache.py) so that a page whose Markdown has not changed is not converted again:
a repeated build, `prongsai serve` after an edit, and `prongsai portal` rebuilding a province
convert only the pages that changed. Converting Markdown is about four tenths of the MkDocs
part of a build (the theme's page template is most of the rest, and is not kept).

What MkDocs takes out of a conversion is kept with the HTML: the table of contents, the title
found in the page, the anchors it holds and its links to anchors of other pages (MkDocs checks
those after every page is converted). Each page of a site has one file in the cache, replaced
when the page changes; what it holds is used only when its digest matches everything the
conversion depends on:

* the page's Markdown and its address;
* every file of the site with its address and whether it is published (the links of a page
  are checked against them and rewritten to their addresses);
* the Markdown extensions and their settings, the link-check settings, the level MkDocs logs
  at, and the versions of MkDocs and Python-Markdown.

Only conversions with Python-Markdown's own extensions are kept (a third-party extension may
read other files, such as a snippet included from elsewhere, which the digest would not see),
and only those that logged nothing: a page with a broken link is converted, and warned about,
by every build.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import markdown
import mkdocs
from mkdocs.structure.toc import get_toc

from . import buildcache
from .fingerprint import Indescribable, describe, site_files

KIND = "pages"
FORMAT = 1  # raise when what is stored changes

# Python-Markdown's own extensions whose output depends on the text and their settings alone
# (codehilite is left out: its output also depends on the Pygments version)
PURE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "extra", "fenced_code", "footnotes",
    "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables",
    "toc", "wikilinks",
})


class PageHtmlCache:
    """Converts pages through the build cache; one instance serves every build of a process."""

    def __init__(self) -> None:
        self._site = ""             # names the site being built (its pages' folder)
        self._files = None          # the Files object of the current build
        self._site_key: str | None = None

    def start_build(self, site: str) -> None:
        """Called once per build, before any page: `site` names the site (the folder of its
        pages), whose pages have files of their own in the cache (the sites of a portal share
        one cache)."""
        self._site, self._files, self._site_key = site, None, None

    def render(self, page, config, files) -> None:
        """MkDocs' Page.render(config, files), from the cache when the page's conversion is there."""
        slot, expected = self._slot_and_digest(page, config, files)
        if slot is not None:
            stored = buildcache.read_json(KIND, slot)
            if isinstance(stored, dict) and stored.get("digest") == expected and _restore(page, stored, files):
                return
        with _logged_records() as records:
            type(page).render(page, config, files)
        if slot is not None and not records:
            buildcache.write_json(KIND, slot, {"digest": expected, **_snapshot(page)})

    def _slot_and_digest(self, page, config, files) -> tuple[str | None, str]:
        """(the page's file in the cache, a digest of everything its conversion depends on);
        (None, "") when nothing is kept. One file per page of a site, replaced when the page
        changes, so that the cache does not grow with every edit."""
        if buildcache.folder() is None:
            return None, ""
        if files is not self._files:
            self._files, self._site_key = files, _site_key(config, files)
        if self._site_key is None:
            return None, ""
        slot = buildcache.key_of(FORMAT, self._site, page.file.src_uri)
        return slot, buildcache.key_of(self._site_key, page.file.url, page.markdown)


def _site_key(config, files) -> str | None:
    """A digest of what every page's conversion depends on besides its own Markdown, or None
    when the conversion may depend on more than the digest can hold."""
    extensions = config["markdown_extensions"]
    if not all(isinstance(name, str) and _builtin_name(name) in PURE_EXTENSIONS for name in extensions):
        return None
    try:
        settings = describe([extensions, config["mdx_configs"], config["use_directory_urls"], config["validation"],
                             logging.getLogger("mkdocs.structure.pages").getEffectiveLevel(),
                             mkdocs.__version__, markdown.__version__])
    except Indescribable:  # e.g. a function among the settings (toc's slugify)
        return None
    return buildcache.key_of(settings, site_files(files))


def _builtin_name(name: str) -> str:
    """'toc' for 'toc', 'markdown.extensions.toc' and 'markdown.extensions.toc:TocExtension'."""
    module = name.split(":", 1)[0]
    prefix = "markdown.extensions."
    return module[len(prefix):] if module.startswith(prefix) else module


def _snapshot(page) -> dict:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_token(item) for item in page.toc],
        "title": getattr(page, "_title_from_render", None),
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {target.src_uri: anchors for target, anchors in links.items()},
    }


def _token(item) -> dict:
    """A table-of-contents entry as Python-Markdown's toc extension gave it to MkDocs."""
    return {"level": item.level, "id": item.id, "name": item.title,
            "children": [_token(child) for child in item.children]}


def _restore(page, stored: dict, files) -> bool:
    """Set what Page.render sets from a stored conversion; False if it cannot be used (a file
    damaged or written by another version is converted again)."""
    try:
        links = None
        if stored["links"] is not None:
            links = {files.get_file_from_path(src_uri): dict(anchors) for src_uri, anchors in stored["links"].items()}
            if None in links:
                return False
        content, toc, title = str(stored["content"]), get_toc(stored["toc"]), stored["title"]
        anchors = set(stored["anchors"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    page.content, page.toc, page._title_from_render = content, toc, title
    page.present_anchor_ids, page.links_to_anchors = anchors, links
    return True


class _Recorder(logging.Handler):
    def __init__(self, records: list) -> None:
        super().__init__(logging.NOTSET)
        self.records = records

    def emit(self, record) -> None:
        self.records.append(record)


@contextmanager
def _logged_records():
    """Every log record made while converting a page (MkDocs' own logger does not pass its
    records on to the root logger, so both are listened to)."""
    records: list = []
    recorder = _Recorder(records)
    loggers = (logging.getLogger(), logging.getLogger("mkdocs"))
    for logger in loggers:
        logger.addHandler(recorder)
    try:
        yield records
    finally:
        for logger in loggers:
            logger.removeHandler(recorder)
