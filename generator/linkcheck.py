"""After a build: every internal link of every page resolves, and every OIT item
of the catalogue year has its page (the URLs the organisation submits in ITAS).

Run by publish.SiteSwap.publish_checks on the finished staging folder, so a
broken link fails the build and the published site is left as it was. Each
problem names the page it is on:

    ita/2569/o3/index.html: ลิงก์ '../o99/' ชี้ไปหน้าที่ไม่มีอยู่ (/ita/2569/o99/)
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import buildcache

# Attributes that make the browser fetch or open another URL.
_URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
    "script": ("src",), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
    "source": ("src", "srcset"), "track": ("src",), "video": ("src", "poster"),
    "audio": ("src",), "object": ("data",), "input": ("src",), "form": ("action",),
}
# rel values whose href is not something the page needs (and may point elsewhere on purpose).
_IGNORED_RELS = {"alternate", "preconnect", "dns-prefetch", "me", "external"}
MAX_REPORTED = 50


@dataclass(frozen=True)
class BrokenLink:
    page: str       # the HTML file, relative to the site folder
    url: str        # as written in the page
    target: str     # the site path it resolves to

    def format(self) -> str:
        return f"{self.page}: ลิงก์ '{self.url}' ชี้ไปหน้าหรือไฟล์ที่ไม่มีอยู่ ({self.target})"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        _collect(self, tag, dict(attrs))

    handle_startendtag = handle_starttag


def _collect(collector, tag: str, attributes: dict) -> None:
    if tag == "base" and attributes.get("href"):
        collector.base = attributes["href"]
    if tag == "link":
        rels = set((attributes.get("rel") or "").lower().split())
        if rels & _IGNORED_RELS:
            return
    for name in _URL_ATTRIBUTES.get(tag, ()):
        value = attributes.get(name)
        if not value:
            continue
        if name == "srcset":
            collector.urls += [part.strip().split()[0] for part in value.split(",") if part.strip()]
        else:
            collector.urls.append(value.strip())


# A regular expression finds the few tags that carry URLs far faster than a full HTML parser
# (most of a page's markup is navigation). Comments and the bodies of script and style are
# removed first: HTMLParser, which it replaces, reads no tags inside them either. Both
# expressions begin with a plain "<" (names are matched case-insensitively inside), which
# lets the regular-expression engine skip to the next "<" instead of trying every character.
_SKIPPED = re.compile(r"<(?:!--.*?(?:-->|$)|(((?i:script|style))\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)"
                      r".*?(?:</(?i:\2)\s*>|$))", re.S)
_TAG = re.compile(r"<((?i:%s|base))\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>" % "|".join(_URL_ATTRIBUTES))
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class _RegexCollector:
    def __init__(self):
        self.urls: list[str] = []
        self.base: str | None = None

    def feed(self, text: str) -> None:
        text = _SKIPPED.sub(lambda m: "<" + m.group(1) if m.group(1) else "", text)  # a script's own tag stays
        for match in _TAG.finditer(text):
            attributes: dict[str, str] = {}
            for name, double, single, bare in _ATTRIBUTE.findall(match.group(2)):
                attributes.setdefault(name.lower(), html.unescape(double or single or bare))
            _collect(self, match.group(1).lower(), attributes)

    def close(self) -> None:
        pass


def page_url(site: Path, page: Path) -> str:
    """The URL path of a page file: ita/2569/o1/index.html → /ita/2569/o1/."""
    relative = page.relative_to(site).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


@lru_cache(maxsize=16)
def _site_prefix(site_url: str | None) -> tuple[str, str]:
    """(scheme://host, path prefix) of the published site, e.g. ('https://x.go.th', '/sub/')."""
    if not site_url:
        return "", "/"
    parts = urlsplit(site_url)
    prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}", prefix or "/"


@lru_cache(maxsize=65536)  # pure; the sites of a portal have the same pages linking the same way
def resolve(url: str, current: str, site_url: str | None = None) -> str | None:
    """The site path an internal URL leads to, or None for an external link (or a
    link to the same page)."""
    origin, prefix = _site_prefix(site_url)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[broken": a link nobody can follow
        return "\0" + url
    if parts.scheme or parts.netloc:
        if not origin or parts.scheme.lower() not in ("http", "https", ""):
            return None
        if f"{parts.scheme.lower() or origin.split(':')[0]}://{parts.netloc.lower()}" != origin:
            return None
        path = parts.path or "/"
        if not unquote(path).startswith(prefix) and unquote(path) + "/" != prefix:
            return None  # the same host, outside the site's folder: another application
    else:
        path = parts.path
        if not path:
            return None  # "#top", "?q=…": this page
    path = unquote(path)
    if path.startswith("/"):
        if not path.startswith(prefix) and path + "/" != prefix:
            return "\0" + path  # outside the site's own folder: cannot resolve
        path = "/" + path[len(prefix):]
    else:
        path = posixpath.join(posixpath.dirname(current) if not current.endswith("/") else current, path)
    if posixpath.normpath(path.lstrip("/")).startswith(".."):
        return "\0" + path  # above the site's root folder
    normalised = posixpath.normpath(path)
    if path.endswith("/") and normalised != "/":
        normalised += "/"
    return normalised


def target_exists(site: Path, path: str) -> bool:
    if path.startswith("\0") or path.startswith("/.."):
        return False
    relative = path.lstrip("/")
    candidate = site / relative
    try:
        if path.endswith("/"):
            return (candidate / "index.html").is_file()
        if candidate.is_file():
            return True
        return candidate.is_dir() and (candidate / "index.html").is_file()
    except (OSError, ValueError):
        return False


def check_links(site: Path, site_url: str | None = None, cache_scope: str = "") -> list[BrokenLink]:
    """Every internal href/src of every HTML page under `site` that leads nowhere. Each distinct
    target is looked up once (the links every page shares, navigation and theme assets, are
    mostly the same targets), and the URLs of a page whose bytes an earlier build has already
    read come from the build cache (generator/buildcache.py): finding the tags is most of the
    work, and most pages of a rebuilt site are unchanged. `cache_scope` names the published
    site (its folder), whose pages have their own files in the cache: the sites of a portal
    share one cache."""
    site = Path(site)
    broken: list[BrokenLink] = []
    inside = {entry.name for entry in site.iterdir()} | {""} if site.is_dir() else {""}
    exists: dict[str, bool] = {}
    links = _PageLinks(cache_scope)
    for page in sorted(site.rglob("*.html")):
        current = page_url(site, page)
        shown = page.relative_to(site).as_posix()
        try:
            found_base, urls = links.of(shown, page.read_bytes())
        except OSError:
            continue
        base = current
        if found_base:
            resolved_base = resolve(found_base, current, site_url)
            if resolved_base and not resolved_base.startswith("\0"):
                base = resolved_base
        for url in dict.fromkeys(urls):
            if url.lower().startswith(("mailto:", "tel:", "data:", "javascript:", "blob:")):
                continue
            target = resolve(url, base, site_url)
            if target is None:
                continue
            if not target.startswith("\0") and urlsplit(url).netloc and target.strip("/").split("/")[0] not in inside:
                continue  # a full URL on the site's host but not into the site (e.g. an e-service)
            if target not in exists:
                exists[target] = target_exists(site, target)
            if not exists[target]:
                broken.append(BrokenLink(shown, url, target.lstrip("\0")))
    return broken


class _PageLinks:
    """The <base> and the URLs of a page, kept in the build cache (one small file per page of
    the site, holding a digest of the page's bytes) for the next build. Only what the page's
    bytes say is kept; where each URL leads, and whether that exists, is worked out afresh at
    every check."""

    KIND = "page-links"

    def __init__(self, scope: str = "") -> None:
        self.scope = scope

    def of(self, page: str, raw: bytes) -> tuple[str | None, list[str]]:
        digest = hashlib.sha256(raw).hexdigest()
        key = buildcache.key_of(_collector_version(), self.scope, page) if buildcache.folder() else None
        stored = buildcache.read_json(self.KIND, key) if key else None
        if isinstance(stored, dict) and stored.get("digest") == digest and _well_formed(stored.get("links")):
            return stored["links"][0], stored["links"][1]
        # read as a text file is read: undecodable bytes replaced, newlines made "\n"
        text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        collector = _RegexCollector()
        collector.feed(text)
        if key:
            buildcache.write_json(self.KIND, key, {"digest": digest, "links": [collector.base, collector.urls]})
        return collector.base, collector.urls


def _well_formed(entry) -> bool:
    """[base or None, [url, …]]: anything else in the cache file is read from the page again."""
    return (isinstance(entry, list) and len(entry) == 2 and (entry[0] is None or isinstance(entry[0], str))
            and isinstance(entry[1], list) and all(isinstance(url, str) for url in entry[1]))


@lru_cache(maxsize=1)
def _collector_version() -> str:
    """Changes with this module, whose expressions decide which URLs a page has."""
    return buildcache.key_of(hashlib.sha256(Path(__file__).read_bytes()).hexdigest())


def item_page(year: int, slug: str, use_directory_urls: bool = True) -> str:
    return f"ita/{year}/{slug}/index.html" if use_directory_urls else f"ita/{year}/{slug}.html"


def check_oit_items(site: Path, catalogue, use_directory_urls: bool = True) -> list[str]:
    """Problems with the OIT item URLs of the catalogue year: each item's page exists and
    the year's index links to it."""
    if catalogue is None:
        return []
    site = Path(site)
    year = catalogue.ita_year
    problems = []
    index = site / (f"ita/{year}/index.html" if use_directory_urls else f"ita/{year}.html")
    if not index.is_file():
        return [f"ไม่มีหน้ารายการ OIT ของปี {year} ({index.relative_to(site).as_posix()})"]
    collector = _RegexCollector()
    collector.feed(index.read_text(encoding="utf-8", errors="replace"))
    index_url = page_url(site, index)
    linked = {resolve(url, index_url) for url in collector.urls}
    for item in catalogue.items:
        relative = item_page(year, item.slug, use_directory_urls)
        if not (site / relative).is_file():
            problems.append(f"ไม่มีหน้าของข้อ {item.code} ({relative}) ซึ่งเป็น URL ที่ต้องกรอกในระบบ ITAS")
            continue
        url = page_url(site, site / relative)
        if url not in linked:
            problems.append(f"{index.relative_to(site).as_posix()}: หน้ารายการ OIT ปี {year} ไม่มีลิงก์ไปข้อ {item.code} ({url})")
    return problems


def check_site(site: Path, site_url: str | None = None, catalogues=(),
               use_directory_urls: bool = True, cache_scope: str = "") -> list[str]:
    """All problems of a built site, as lines to show the user (empty: the site is fine).
    `catalogues`: the catalogue of every published ITA year, whose item URLs must all work."""
    by_target: dict[str, list[BrokenLink]] = {}
    for link in check_links(site, site_url, cache_scope):
        by_target.setdefault(link.target, []).append(link)
    problems = []
    for links in by_target.values():
        line = links[0].format()
        if len(links) > 1:
            line += f" และอีก {len(links) - 1} หน้าที่ลิงก์ไปที่เดียวกัน"
        problems.append(line)
    for catalogue in catalogues:
        problems += check_oit_items(site, catalogue, use_directory_urls)
    return problems


def summary(problems: list[str]) -> str:
    shown = problems[:MAX_REPORTED]
    more = len(problems) - len(shown)
    text = f"พบลิงก์เสีย {len(problems)} รายการ เว็บไซต์เดิมยังไม่ถูกแทนที่:\n" + "\n".join(shown)
    if more:
        text += f"\n… และอีก {more} รายการ"
    return text
