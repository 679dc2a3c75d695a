"""The Markdown of the previous build, reused by `prongsai serve` for pages whose inputs have not
changed: an edit of one value re-renders only the pages that can show it.

A page is reused only when everything its template can read is as it was: the template files,
the page's own variables (compared by their repr: the model's dataclasses show every field),
the site's digit settings and the address and title of every page (links and titles of other
pages). Templates that read the whole model or the organisation (`model`, `org`, `site`, or
an include whose name is computed) are always rendered again. `prongsai build` renders every
page: this is for the preview only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import meta

from .render import TEMPLATE_DIR

# Globals a template may read without its page losing its reuse: pure functions, or functions of
# what the key already holds (the pages' addresses and titles).
_GLOBALS_IN_KEY = {"has_page", "page_title", "indent", "fiscal_bounds"}


class PageRenders:
    """{page source: (key, Markdown)} of the last build."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[tuple, str]] = {}
        self._reusable: dict[tuple, bool] = {}

    def begin(self, renderer, site) -> "_Build":
        """The keys of one build (templates' versions, digit settings, pages and titles)."""
        return _Build(self, renderer, site)


class _Build:
    def __init__(self, renders: PageRenders, renderer, site) -> None:
        self.renders = renders
        self.renderer = renderer
        self.templates = _templates_version()
        shared = repr((site.thai_digits, site.digits_in_text, sorted(renderer.page_sources.items()),
                       sorted(renderer.titles.items())))
        self.shared = hashlib.sha1((self.templates + shared).encode("utf-8")).hexdigest()
        self.fingerprints: dict[int, str | None] = {}
        self.used: dict[str, tuple[tuple, str]] = {}

    def render(self, template: str, page_src: str, variables: dict) -> str:
        key = self._key(template, variables)
        previous = self.renders.pages.get(page_src)
        if key is not None and previous is not None and previous[0] == key:
            text = previous[1]
        else:
            text = self.renderer.render(template, page_src, **variables)
        if key is not None:
            self.used[page_src] = (key, text)
        return text

    def end(self) -> None:
        """Keep this build's pages for the next one (pages no longer built are dropped)."""
        self.renders.pages = self.used

    def _key(self, template: str, variables: dict) -> tuple | None:
        if not self._reusable(template):
            return None
        parts = []
        for name in sorted(variables):
            fingerprint = self._fingerprint(variables[name])
            if fingerprint is None:
                return None
            parts.append((name, fingerprint))
        return (template, self.shared, tuple(parts))

    def _fingerprint(self, value) -> str | None:
        """A digest of the value's repr (once per object and build); None for a value whose repr
        does not show its content (`<… object at 0x…>`)."""
        known = self.fingerprints.get(id(value), False)
        if known is not False:
            return known
        text = repr(value)
        fingerprint = None if " object at 0x" in text else hashlib.sha1(text.encode("utf-8")).hexdigest()
        self.fingerprints[id(value)] = fingerprint
        return fingerprint

    def _reusable(self, template: str) -> bool:
        cache_key = (template, self.templates)
        if cache_key not in self.renders._reusable:
            # a global not known to be in the key (the whole model, the organisation, one added
            # later) or an include whose name is computed: rendered every time
            names = _names_read(self.renderer.env, template, set())
            self.renders._reusable[cache_key] = names <= _GLOBALS_IN_KEY
        return self.renders._reusable[cache_key]


def _names_read(env, template: str, seen: set[str]) -> set[str]:
    """The global names a template and everything it includes or extends read."""
    if template in seen:
        return set()
    seen.add(template)
    bare = env.overlay()
    bare.globals = {}
    tree = bare.parse(env.loader.get_source(env, template)[0])
    names = {name for name in meta.find_undeclared_variables(tree) if name in env.globals}
    for included in meta.find_referenced_templates(tree):
        names |= _names_read(env, included, seen) if included else {"<computed>"}
    return names


def _templates_version() -> str:
    """Every template file's name, size and modification time: an edited template is read again."""
    stamps = sorted((str(p.relative_to(TEMPLATE_DIR)), p.stat().st_size, p.stat().st_mtime_ns)
                    for p in Path(TEMPLATE_DIR).rglob("*.j2"))
    return hashlib.sha1(repr(stamps).encode("utf-8")).hexdigest()
