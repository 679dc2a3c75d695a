"""Pipeline stage 4: Markdown pages from the model, with Jinja2 templates.

Safety by default: every `{{ value }}` is escaped for Markdown and HTML by the
environment's `finalize`, so text from the data can never become a link, an
HTML tag or a script. Only the filters here produce markup (returned as
`Markup`), and they escape what they wrap. Templates live in
generator/templates/ and start with a header of the variables they receive.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from . import thai
from .model import Model

TEMPLATE_DIR = Path(__file__).parent / "templates"

# Characters that start Markdown syntax anywhere in a line (all are in
# Python-Markdown's backslash-escapable set; `|` via the tables extension).
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]|])")
# Syntax that only matters at the start of a line (headings, lists, rules, quotes).
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+[.)])")


def _escape_line_start(match: re.Match) -> str:
    indent, token = match.group(1), match.group(2)
    if token[0].isdigit():  # "1." or "1)" would start an ordered list
        return f"{indent}{token[:-1]}\\{token[-1]}"
    return f"{indent}\\{token}"


def md_escape(value) -> Markup:
    """Text from the data → Markdown that shows exactly that text, never markup."""
    if isinstance(value, Markup):
        return value
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        line = html.escape(line.strip(), quote=False)
        line = _INLINE_SPECIALS.sub(r"\\\1", line)
        line = _LINE_START.sub(_escape_line_start, line)
        lines.append(line)
    return Markup("\n".join(lines))


def _finalize(value):
    if value is None:
        return ""
    return md_escape(value)


def md_cell(value) -> Markup:
    """Text or list of texts for a Markdown table cell (one line, pipes escaped)."""
    items = value if isinstance(value, list) else [value]
    parts = [str(md_escape(item)).replace("\n", "<br>") for item in items if item not in (None, "")]
    return Markup("<br>".join(parts) or "-")


def md_paragraphs(value) -> Markup:
    items = value if isinstance(value, list) else [value]
    return Markup("\n\n".join(str(md_escape(item)) for item in items if item))


def md_bullets(value) -> Markup:
    items = value if isinstance(value, list) else [value]
    return Markup("\n".join(f"- {md_escape(item)}".replace("\n", " ") for item in items if item))


def safe_url(url: str) -> str:
    """Percent-encode what could end a Markdown link or break an attribute."""
    return quote(url, safe="/:?#[]@!$&*+,;=%~-._")


@dataclass
class PageContext:
    src: str  # the page being rendered, e.g. "ita/2569/o1.md"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by every Renderer of the process: each build (and each
    rebuild of `prongsai serve`) makes a new Environment, and compiling the templates
    again took most of the rendering time. Keys include the template source's checksum."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


class Renderer:
    def __init__(self, model: Model, page_sources: dict[str, str]):
        self.model = model
        self.page_sources = page_sources  # page id → source path
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATE_DIR)),
            undefined=StrictUndefined,
            finalize=_finalize,
            autoescape=False,  # Markdown, not HTML: escaping is done by _finalize
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_BYTECODE,
        )
        digits = model.site.thai_digits
        self.env.filters.update(
            md=md_escape, cell=md_cell, paras=md_paragraphs, bullets=md_bullets,
            date=lambda d: Markup(thai.thai_date(d, digits)) if d else "-",
            date_short=lambda d: Markup(thai.thai_date_short(d, digits)) if d else "-",
            baht=lambda n: Markup(thai.format_baht(n, digits)),
            num=lambda n: Markup(thai.format_number(n, digits)),
            link=self.link, page_link=self.page_link, file_link=self.file_link,
            page_href=self.page_href, file_href=self.file_href,
        )
        self.env.globals.update(model=model, org=model.organisation, site=model.site,
                                has_page=lambda page_id: page_id in page_sources,
                                indent=lambda depth: Markup("    " * depth),  # nested Markdown lists
                                fiscal_bounds=thai.fiscal_year_bounds,
                                page_title=self.page_title)
        self.titles: dict[str, str] = {}

    # --- links (relative to the page being rendered, so MkDocs checks them) ---

    def _relative(self, context, target: str) -> str:
        current = context["page_src"]
        return posixpath.relpath(target, posixpath.dirname(current) or ".")

    @pass_context
    def page_href(self, context, page_id: str) -> str:
        return safe_url(self._relative(context, self.page_sources[page_id]))

    @pass_context
    def page_link(self, context, page_id: str, title=None) -> Markup:
        text = md_escape(title if title is not None else self.page_title(page_id))
        return Markup(f"[{text}]({self.page_href(context, page_id)})")

    @pass_context
    def file_href(self, context, relative_path: str) -> str:
        return safe_url(self._relative(context, relative_path))

    @pass_context
    def file_link(self, context, relative_path: str, title=None) -> Markup:
        text = md_escape(title or posixpath.basename(relative_path))
        return Markup(f"[{text}]({self.file_href(context, relative_path)})")

    @staticmethod
    def link(url: str, title=None) -> Markup:
        text = md_escape(title or url)
        return Markup(f"[{text}]({safe_url(url)})")

    def page_title(self, page_id: str) -> str:
        return self.titles.get(page_id, page_id)

    # --- pages ---

    def render(self, template: str, page_src: str, **variables) -> str:
        text = self.env.get_template(template).render(page_src=page_src, **variables)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def redirect_html(item, year: int, site_url: str | None) -> str:
    """The page at /ita/<year>/O<N>/ that sends the reader to /ita/<year>/o<N>/."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), undefined=StrictUndefined,
                      autoescape=True, keep_trailing_newline=True, trim_blocks=True,
                      lstrip_blocks=True, bytecode_cache=_BYTECODE)
    target = f"../{item.slug}/"
    canonical = f"{site_url.rstrip('/')}/ita/{year}/{item.slug}/" if site_url else target
    return env.get_template("ita/redirect.html.j2").render(item=item, year=year, target=target,
                                                            canonical=canonical)
