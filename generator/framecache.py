"""The finished HTML of each page (the theme's page template around the page's own HTML: header,
navigation, table of contents, footer) kept in the build cache (generator/buildcache.py), so
that a page whose output would come out the same is not rendered through the theme again. The
theme's page template is about half of a repeated build once the Markdown conversions are
reused (generator/pagecache.py); `prongsai portal` and repeated builds gain most.

A page template can read the whole configuration, the whole navigation and the page, so the
stored page is used only when a digest of all of them matches, taken from what the template
receives:

* the page: its address, title, HTML, table of contents, metadata, edit and canonical links,
  the previous and next page, and the sections above it;
* the navigation: every section, page and link with its title and address (which items are
  open follows from the page's address);
* the configuration, every entry (the site's name, the theme and its features, `extra` with
  the organisation's look, the plugins' settings …) except the few that name folders of this
  build or how the build runs, which no page template reads;
* the site's files; the template files (by name, size and time, or the package version for the
  templates of an installed theme); the versions of MkDocs, Material and Jinja.

A value the digest cannot describe by content (an object of an unknown kind, a function in the
settings), a plugin other than Prongsai and the search box, or a template of the site's own
that shows the build time (build_date_utc) turns the cache off for the build: such a site is
rendered in full, as by plain MkDocs.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import jinja2
import mkdocs
from mkdocs.config.base import Config
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from . import buildcache
from .fingerprint import Indescribable, describe, site_files

KIND = "frames"
FORMAT = 2  # raise when what is stored changes

# Plugins whose part in a page is known: Prongsai itself and the search box (Material's header
# asks for config.plugins["material/search"]). Another plugin may put anything in the page.
KNOWN_PLUGINS = frozenset({"prongsai", "material/search", "search"})

# Configuration entries that name this build's folders (the site is built in a temporary
# folder, so site_dir changes with every build) or how it runs: no page template reads them.
NOT_IN_PAGES = frozenset({
    "site_dir", "docs_dir", "config_file_path", "dev_addr", "watch", "hooks", "strict",
    "validation", "exclude_docs", "draft_docs", "not_in_nav", "remote_branch", "remote_name",
})


class PageFrameCache:
    """Renders the page template through the cache; one instance serves every build."""

    def __init__(self) -> None:
        self._site = ""
        self._site_digest: str | None = None
        self._described = False

    def start_build(self, site: str) -> None:
        """Called once per build, before any page: `site` names the site in the cache."""
        self._site, self._site_digest, self._described = site, None, False

    def template_class(self) -> type:
        """The Jinja template class for the theme's environment of this build."""
        frames = self

        class FrameTemplate(jinja2.Template):
            def render(self, *args, **kwargs) -> str:
                if kwargs or len(args) != 1 or not isinstance(args[0], dict):
                    return super().render(*args, **kwargs)
                return frames.render(self, args[0], super().render)

        return FrameTemplate

    def render(self, template, context: dict, render) -> str:
        """`render(context)`, or the page stored under the same digest."""
        slot, expected = self._slot_and_digest(template, context)
        if slot is not None:
            stored = buildcache.read_text(KIND, slot, expected)
            if stored is not None:
                return stored
        html = render(context)
        if slot is not None:
            buildcache.write_text(KIND, slot, expected, html)
        return html

    def _slot_and_digest(self, template, context: dict) -> tuple[str | None, str]:
        page = context.get("page")
        if buildcache.folder() is None or not isinstance(page, Page):
            return None, ""  # the 404 page and the sitemap are rendered every time
        if not self._described:
            self._described = True
            self._site_digest = _describe_site(context, template.environment)
        if self._site_digest is None:
            return None, ""
        try:
            page_part = describe(_page_facts(page)) + describe(
                {k: v for k, v in context.items() if k not in _CONTEXT_IN_SITE_DIGEST})
        except Indescribable:
            return None, ""
        slot = buildcache.key_of(FORMAT, self._site, page.file.src_uri, template.name)
        return slot, buildcache.key_of(self._site_digest, template.name, page_part)


# what _describe_site covers, or what follows from the page (its base_url) or is never shown
_CONTEXT_IN_SITE_DIGEST = frozenset({"config", "nav", "pages", "page", "base_url", "mkdocs_version",
                                     "build_date_utc", "extra_css", "extra_javascript"})


def _describe_site(context: dict, env) -> str | None:
    """A digest of what every page's template reads besides the page, or None when the cache
    must stay off for this build."""
    config = context.get("config")
    if not isinstance(config, Config) or not set(config["plugins"]) <= KNOWN_PLUGINS:
        return None
    try:
        entries = {key: value for key, value in config.items() if key not in NOT_IN_PAGES}
        return buildcache.key_of(
            describe(entries), describe(_navigation(context["nav"])),
            site_files(context["pages"]),
            describe(sorted(env.globals)), describe(sorted(env.filters)),
            describe(_template_files(config["theme"])),
            mkdocs.__version__, buildcache.package_version("mkdocs-material"), jinja2.__version__,
        )
    except (Indescribable, KeyError, OSError, TypeError, ValueError, AttributeError):
        return None  # rendered in full: the cache only ever saves time


def _navigation(nav) -> list:
    return [_nav_item(item) for item in nav.items]


def _nav_item(item):
    if isinstance(item, Section):
        return ["section", item.title, [_nav_item(child) for child in item.children]]
    if isinstance(item, Page):
        return ["page", item.title, item.url, item.file.src_uri, item.is_index]
    if isinstance(item, Link):
        return ["link", item.title, item.url]
    raise Indescribable(type(item).__name__)


def _page_facts(page: Page) -> dict:
    def neighbour(other):
        return None if other is None else [other.title, other.url]

    ancestors = [getattr(a, "title", None) for a in page.ancestors]
    return {
        "url": page.url, "title": page.title, "src": page.file.src_uri, "homepage": page.is_homepage,
        "content": buildcache.key_of(page.content or ""),
        "toc": [_toc_entry(item) for item in page.toc], "meta": page.meta,
        "canonical": page.canonical_url, "abs": page.abs_url, "edit": page.edit_url,
        "previous": neighbour(page.previous_page), "next": neighbour(page.next_page), "ancestors": ancestors,
    }


def _toc_entry(item) -> list:
    return [item.title, item.id, item.level, [_toc_entry(child) for child in item.children]]


def _template_files(theme: Theme) -> list:
    """The theme's template folders: an installed theme's by its package version (Material
    alone holds thousands of icons), any other folder by its files' names, sizes and times."""
    described = []
    packages = {"material": "mkdocs-material", "mkdocs": "mkdocs"}
    for folder in map(Path, theme.dirs):
        package = next((name for part, name in packages.items()
                        if _inside_package(folder, part)), None)
        if package is not None:
            described.append([str(folder), package, buildcache.package_version(package)])
            continue
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        if any(_reads_the_build_time(p) for p in files):
            raise Indescribable(f"{folder} shows the build time")
        described.append([str(folder), [(str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                                        for p in files]])
    return described


def _reads_the_build_time(template: Path) -> bool:
    """A template of the site's own that shows when the site was built: every build differs."""
    if template.suffix not in (".html", ".xml", ".j2", ".jinja"):
        return False
    return "build_date_utc" in template.read_text(encoding="utf-8", errors="replace")


def _inside_package(folder: Path, package: str) -> bool:
    spec = importlib.util.find_spec(package)
    roots = [Path(root).resolve() for root in (spec.submodule_search_locations or [])] if spec else []
    folder = folder.resolve()
    return any(folder == root or root in folder.parents for root in roots)
