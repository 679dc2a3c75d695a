"""Pipeline stage 4: Markdown pages from the model, with Jinja2 templates.

Safety by default: every `{{ value }}` is escaped for Markdown and HTML by the
environment's `finalize`, so text from the data can never become a link, an
HTML tag or a script. Only the filters here produce markup (returned as
`Markup`), and they escape what they wrap. Digits follow site.yaml's `digits:`
(see page_digits): strings from the data keep theirs; numbers, dates, template
text and what passes `| own` (Prongsai's own words) are converted. Templates live in
generator/templates/ and start with a header of the variables they receive.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from . import buildcache, thai
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


def _escape_inline(text: str) -> str:
    return _INLINE_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def md_escape(value) -> Markup:
    """Text from the data → Markdown that shows exactly that text, never markup."""
    if isinstance(value, Markup):
        return value
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_LINE_START.sub(_escape_line_start, _escape_inline(line.strip())) for line in text.split("\n")]
    return Markup("\n".join(lines))


# A web address written in a paragraph of the data: http(s) only, ASCII up to a space, a quote,
# a bracket or Thai text; punctuation that ends the sentence is not part of it.
_WEB_ADDRESS = re.compile(r"\bhttps?://[A-Za-z0-9][A-Za-z0-9\-._~:/?#@!$&*+,;=%]*", re.I)
_SENTENCE_END = ".,;:!?"


def _escape_line_with_links(line: str) -> str:
    """One line of the data's text as md_escape writes it, its web addresses made links whose
    words are the address as written and whose target is percent-encoded by safe_url."""
    out, last = [], 0
    for match in _WEB_ADDRESS.finditer(line):
        url = match.group().rstrip(_SENTENCE_END)
        out.append(_escape_inline(line[last:match.start()]))
        out.append(f"[{_escape_inline(url)}]({safe_url(url)})")
        last = match.start() + len(url)
    out.append(_escape_inline(line[last:]))
    return _LINE_START.sub(_escape_line_start, "".join(out))


def md_linked(value) -> Markup:
    """Like md_escape, with the web addresses in the text shown as links (paragraphs of the data:
    "ดูได้ที่ http://…" is meant to be followed)."""
    if isinstance(value, Markup):
        return value
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return Markup("\n".join(_escape_line_with_links(line.strip()) for line in text.split("\n")))


def _finalize(value):
    if value is None:
        return ""
    return md_escape(value)


def md_cell(value) -> Markup:
    """Text or list of texts for a Markdown table cell (one line, pipes escaped)."""
    items = value if isinstance(value, list) else [value]
    parts = [str(md_escape(item)).replace("\n", "<br>") for item in items if item not in (None, "")]
    return Markup("<br>".join(parts) or "-")


def md_paragraphs(value, links: bool = False) -> Markup:
    """Paragraphs of text; with `links`, web addresses in them become links (md_linked)."""
    items = value if isinstance(value, list) else [value]
    escape = md_linked if links else md_escape
    return Markup("\n\n".join(str(escape(item)) for item in items if item))


def md_bullets(value) -> Markup:
    items = value if isinstance(value, list) else [value]
    return Markup("\n".join(f"- {md_escape(item)}".replace("\n", " ") for item in items if item))


def safe_url(url: str) -> str:
    """Percent-encode what could end a Markdown link or break an attribute."""
    return quote(url, safe="/:?#[]@!$&*+,;=%~-._")


# --- digits -------------------------------------------------------------------------
# site.yaml's `digits:` decides every digit Prongsai writes: numbers, dates, years, section
# numbers, titles. Text typed in the data keeps its own digits (a law's number, a phone in
# a sentence) unless `digits_in_text: true`. While a page is rendered, text from the data is
# fenced by two private-use characters, so that the page can be converted afterwards without
# touching it; link targets, HTML tags, code, entities and the front matter are never converted.
DATA_START, DATA_END = "\ue000", "\ue001"
_ARABIC, _THAI = "0123456789", "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(_ARABIC, _THAI)
_TO_ARABIC = str.maketrans(_THAI, _ARABIC)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_KEPT_IN_PAGE = re.compile(
    r"(?P<data>\ue000.*?\ue001)"      # text from the data
    r"|`[^`\n]*`"                      # code
    r"|\]\([^)\n]*\)"                  # a link's target (URL, file name, tel:, anchor)
    r"|<[^<>\n]*>"                     # an HTML tag or an autolink, with its attributes
    r"|&#?\w+;",                       # an HTML entity
    re.S,
)
# Inside text from the data (when converted): addresses, file names and the ITA item codes
# (O1–O33, I1…, E1…: written so in the NACC's manual, in ITAS and in the site's addresses)
# keep their digits.
_KEPT_IN_TEXT = re.compile(
    r"\b[OIE]\d+\b|(?:https?|ftp)://\S+|www\.\S+|(?:mailto|tel):\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w./\\-]+\.(?:pdf|docx?|xlsx?|pptx?|csv|txt|jpe?g|png|gif|zip|rar|odt|ods)\b",
    re.I,
)


def digits_table(thai_digits: bool):
    return _TO_THAI if thai_digits else _TO_ARABIC


def generated_digits(text, thai_digits: bool) -> str:
    """Text Prongsai writes itself (a title such as "ITA 2569", a section number) in the
    site's digits."""
    return str(text).translate(digits_table(thai_digits))


def _convert_kept_apart(text: str, kept: re.Pattern, table, data) -> str:
    out, last = [], 0
    for match in kept.finditer(text):
        out.append(text[last:match.start()].translate(table))
        out.append(data(match.group()) if match.lastgroup == "data" else match.group())
        last = match.end()
    out.append(text[last:].translate(table))
    return "".join(out)


def page_digits(markdown: str, thai_digits: bool, digits_in_text: bool = False) -> str:
    """A rendered page in the site's digits; the data's text fences removed."""
    table = digits_table(thai_digits)

    def data(fenced: str) -> str:
        text = fenced[1:-1]
        if not digits_in_text:
            return text
        return _convert_kept_apart(text, _KEPT_IN_TEXT, table, lambda kept: kept)

    front = _FRONT_MATTER.match(markdown)
    head, body = (front.group(), markdown[front.end():]) if front else ("", markdown)
    body = _convert_kept_apart(body, _KEPT_IN_PAGE, table, data)
    return head.replace(DATA_START, "").replace(DATA_END, "") + body.replace(DATA_START, "").replace(DATA_END, "")


def _fence(markup) -> Markup:
    """Marks text from the data (already escaped) as the data's own writing."""
    text = str(markup)
    return Markup(f"{DATA_START}{text}{DATA_END}") if text else Markup(text)


def _finalize_fenced(value):
    """Like _finalize; strings (text from the data, or the catalogue's) are fenced. Numbers
    are not: `{{ project.no }}` is a number Prongsai writes."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _fence(md_escape(value))
    return md_escape(value)


def _link_text(title) -> Markup:
    """A link's words: the data's (fenced), or Prongsai's own when already Markup (`| own`)."""
    return title if isinstance(title, Markup) else _fence(md_escape(title))


@dataclass
class PageContext:
    src: str  # the page being rendered, e.g. "ita/2569/o1.md"


# compiled templates shared by every Renderer of the process and kept on disk between
# builds (buildcache): compiling them again took most of the rendering time
_BYTECODE = buildcache.TemplateCache()


class Renderer:
    def __init__(self, model: Model, page_sources: dict[str, str]):
        self.model = model
        self.page_sources = page_sources  # page id → source path
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATE_DIR)),
            undefined=StrictUndefined,
            finalize=_finalize_fenced,
            autoescape=False,  # Markdown, not HTML: escaping is done by _finalize_fenced
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_BYTECODE,
        )
        digits = model.site.thai_digits
        self.env.filters.update(
            md=lambda v: _fence(md_escape(v)),
            cell=lambda v: _fence(md_cell(v)),
            paras=lambda v: _fence(md_paragraphs(v, links=True)), bullets=lambda v: _fence(md_bullets(v)),
            # Prongsai's own words passed as values (the ITA catalogue, readiness messages,
            # titles composed in a template): escaped the same, digits in the site's style.
            own=md_escape, own_cell=md_cell, own_paras=md_paragraphs,
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
        text = _link_text(title if title is not None else self.page_title(page_id))
        return Markup(f"[{text}]({self.page_href(context, page_id)})")

    @pass_context
    def file_href(self, context, relative_path: str) -> str:
        return safe_url(self._relative(context, relative_path))

    @pass_context
    def file_link(self, context, relative_path: str, title=None) -> Markup:
        text = _link_text(title or posixpath.basename(relative_path))
        return Markup(f"[{text}]({self.file_href(context, relative_path)})")

    @staticmethod
    def link(url: str, title=None) -> Markup:
        text = _link_text(title or url)
        return Markup(f"[{text}]({safe_url(url)})")

    def page_title(self, page_id: str) -> str:
        return self.titles.get(page_id, page_id)

    # --- pages ---

    def render(self, template: str, page_src: str, **variables) -> str:
        text = self.env.get_template(template).render(page_src=page_src, **variables)
        text = page_digits(text, self.model.site.thai_digits, self.model.site.digits_in_text)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


@functools.lru_cache(maxsize=1)
def _html_templates() -> Environment:
    """The environment of the HTML templates (escaped as HTML), made once per process: a site
    has a redirect page for every OIT item of every year."""
    return Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), undefined=StrictUndefined,
                       autoescape=True, keep_trailing_newline=True, trim_blocks=True,
                       lstrip_blocks=True, bytecode_cache=_BYTECODE)


def redirect_html(item, year: int, site_url: str | None, thai_digits: bool = False) -> str:
    """The page at /ita/<year>/O<N>/ that sends the reader to /ita/<year>/o<N>/."""
    target = f"../{item.slug}/"
    canonical = f"{site_url.rstrip('/')}/ita/{year}/{item.slug}/" if site_url else target
    return _html_templates().get_template("ita/redirect.html.j2").render(item=item, year=year, target=target,
                                                            canonical=canonical,
                                                            year_shown=generated_digits(year, thai_digits))
