"""Links and the site's own address are parsed and rebuilt, never passed through.

`site_url` reaches every page unescaped (MkDocs and Material print the canonical link and
sitemap.xml from it): `https://ita.tuayang.go.th"><img/src/onerror=alert(document.domain)>/`
passed validation and ran on every page. What is stored now is the URL rebuilt from its
checked parts (scheme, host by the IDNA rules, port, percent-encoded path, query, fragment),
or the data is refused with `file:line: field: message`. mkdocs.yml's own URLs and texts are
checked as strictly (fields.config_problems, called by the MkDocs hook).
"""

from __future__ import annotations

import re
import textwrap
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fields import INVALID, SAFE_LINK_SCHEMES, Ctx, SiteUrl, Url, UrlError, config_problems, rebuild_url
from generator.problems import Problems
from safety_kit import copy_mini, line_of, run_prongsai
from test_safety_payloads import INSPECT_JS, SETTLE_JS, TRAP_JS, browser, page_path  # noqa: F401 (fixture)

PAYLOAD = 'https://ita.tuayang.go.th"><img/src/onerror=alert(document.domain)>/'

# Refused as a site address (each with a Thai message).
HOSTILE_SITE_URLS = [
    PAYLOAD,
    "javascript:alert(document.domain)//",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://ita.tuayang.go.th/\"onmouseover=\"alert(1)/",      # quotes in the path
    "https://ita.tuayang.go.th/'><script>alert(1)</script>/",
    "https://ita.tuayang.go.th/?x=\"><script>alert(1)</script>",  # query
    "https://ita.tuayang.go.th/#\"><svg/onload=alert(1)>",        # fragment
    "https://ita.tuayang.go.th\\@evil.example/",                  # backslash: browsers read it as /
    "https://evil.example\\ita.tuayang.go.th/",
    "https://ita.tuayang.go.th@evil.example/",                    # user info
    "https://user:pass@ita.tuayang.go.th/",
    "https://ita.tuаyang.go.th/",                                  # Cyrillic а among Latin letters
    "https://xn--ita-tuyang-i5i.go.th/",                           # the same, written as punycode
    "https://ตัวอย่างa.go.th/",                                     # Thai and Latin in one label
    "https://ita.tuayang.go.th/" + "a" * 2100,                     # overlong
    "https://ita.tuayang.go.th:99999/",
    "https://ita.tuayang.go.th/\u200b/",                           # an invisible character
    "https://ita.tuayang.go.th/ita folder/",
    "https://ita.tuayang.go.th/แผน/",                               # a folder that needs encoding
    "https://ita.tuayang.go.th/../",
    "https://[::1\"]/",
    "https:///ita.tuayang.go.th/",
    "//ita.tuayang.go.th/",
    "ita.tuayang.go.th",
]

# Accepted as a site address, stored as rebuilt.
SITE_URLS = {
    "https://ita.tuayang.go.th/": "https://ita.tuayang.go.th/",
    "HTTPS://ITA.TuaYang.GO.TH": "https://ita.tuayang.go.th/",
    "https://ita.tuayang.go.th:443/ita": "https://ita.tuayang.go.th/ita/",
    "http://ita.tuayang.go.th:8080/ita/": "http://ita.tuayang.go.th:8080/ita/",
    "https://ตัวอย่าง.go.th/": "https://xn--72c1a1bt4awk9o.go.th/",
    "https://ＩＴＡ.tuayang.go.th/": "https://ita.tuayang.go.th/",       # full-width letters (IDNA mapping)
    "https://ita.tuayang.go.th./": "https://ita.tuayang.go.th/",
}

UNSAFE_IN_URL = re.compile(r"[\"'<>`\\\s\x00-\x1f\x7f]")


def check(field, value):
    problems = Problems()
    result = field.check(value, Ctx("data/site.yaml", "site_url", 3, problems))
    return result, [item.message for item in problems.items]


@pytest.mark.parametrize("value", HOSTILE_SITE_URLS)
def test_hostile_site_addresses_are_refused_in_thai(value):
    result, messages = check(SiteUrl(), value)
    assert result is INVALID and len(messages) == 1, (value, result)
    assert re.search("[\u0e00-\u0e7f]", messages[0]), messages


@pytest.mark.parametrize("value,expected", SITE_URLS.items())
def test_site_addresses_are_stored_as_rebuilt(value, expected):
    result, messages = check(SiteUrl(), value)
    assert result == expected and not messages


@pytest.mark.parametrize("value", [
    PAYLOAD, 'https://example.org/a"><script>alert(1)</script>', "https://example.org/?q='\"<>`{}|^",
    "https://example.org/#\"><svg/onload=alert(1)>", "https://ตัวอย่าง.go.th/แผน ฉบับ 2569.pdf".replace(" ", "%20"),
    "mailto:saraban@ตัวอย่าง.go.th?subject=\"><b>", "tel:+66-43-000-000",
])
def test_links_are_rebuilt_with_nothing_that_can_leave_an_attribute(value):
    try:
        rebuilt = rebuild_url(value, SAFE_LINK_SCHEMES)
    except UrlError:
        assert value == PAYLOAD  # its host is not a host: refused
        return
    assert not UNSAFE_IN_URL.search(rebuilt), rebuilt
    assert rebuild_url(rebuilt, SAFE_LINK_SCHEMES) == rebuilt


@pytest.mark.parametrize("value", ["mailto:a\"b@example.org", "mailto:x@evil.example\\.go.th", "tel:0'1",
                                   "tel:javascript:alert(1)", "mailto:x@gо.th"])
def test_mailto_and_tel_links_are_checked_too(value):
    result, messages = check(Url(schemes=SAFE_LINK_SCHEMES), value)
    assert result is INVALID and messages


URL_ALPHABET = st.sampled_from(list("aZ09-._~:/?#[]@!$&'()*+,;=%\"<> `\\{}|^\t\n") +
                               ["ก", "๙", "\u200b", "\u202e", "а", "ｈ", "ß", "\u0e33", "%2", "%zz", "xn--"])


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.sampled_from(["https://", "http://", "HTTPS://", "mailto:", "tel:", "javascript:", ""]),
       st.lists(URL_ALPHABET, max_size=40).map("".join), st.lists(URL_ALPHABET, max_size=30).map("".join))
def test_any_text_is_refused_or_rebuilt_into_a_safe_stable_link(scheme, host, rest):
    value = scheme + "ita.tuayang.go.th" + host + "/" + rest if scheme.startswith("http") else scheme + host + rest
    for field in (Url(schemes=SAFE_LINK_SCHEMES), SiteUrl()):
        result, messages = check(field, value)
        if result is INVALID:
            assert messages and all(re.search("[\u0e00-\u0e7f]", m) for m in messages)
            continue
        assert result.isascii() and not UNSAFE_IN_URL.search(result), (value, result)
        assert urlsplit(result).scheme in SAFE_LINK_SCHEMES
        assert field.check(result, Ctx("x", "y", 1, Problems())) == result, (value, result)


@pytest.mark.slow
def test_the_payload_is_refused_by_validate_and_build_with_file_and_line(tmp_path):
    data = copy_mini(tmp_path / "data")
    site_yaml = data / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        "site_url: https://www.test.go.th/", f"site_url: {PAYLOAD}\nmain_site_url: '{PAYLOAD}'"), encoding="utf-8")
    for command in ("validate", "build"):
        args = [command, "--data", str(data)] + (["--site-dir", str(tmp_path / "site")] if command == "build" else [])
        result = run_prongsai(*args)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        for field in ("site_url", "main_site_url"):
            line = line_of(site_yaml, f"{field}:")
            assert re.search(rf"data/site\.yaml:{line}: {field}: .*[\u0e00-\u0e7f]", result.stderr), result.stderr
    assert not (tmp_path / "site").exists()


def test_mkdocs_yml_values_printed_unescaped_are_checked(tmp_path):
    from mkdocs.config import load_config

    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(textwrap.dedent(f"""\
        site_name: x
        docs_dir: docs
        site_url: '{PAYLOAD}'
        repo_url: 'https://github.com/x/y"><script>alert(1)</script>'
        site_description: '<img src=x onerror=alert(1)>'
        extra:
          social:
            - link: javascript:alert(1)
          bad: 'a"b'
          note: ok
        """), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    problems = dict(config_problems(load_config(str(config_file))))
    assert set(problems) == {"site_url", "repo_url", "site_description", "extra.social[0].link", "extra.bad"}, problems
    assert all(re.search("[\u0e00-\u0e7f]", message) for message in problems.values())
    config_file.write_text("site_name: x\ndocs_dir: docs\nsite_url: https://ita.tuayang.go.th/\n", encoding="utf-8")
    assert config_problems(load_config(str(config_file))) == []


# --- a real build, opened in Chromium -------------------------------------------------------------

LINKS = {
    "quote in the path": 'https://qa.example.org/a"><img/src=x/onerror=alert(1)>',
    "quote in the query": "https://qa.example.org/?q='\"><script>alert(2)</script>",
    "quote in the fragment": "https://qa.example.org/#\"><svg/onload=alert(3)>",
    "Thai domain": "https://ตัวอย่าง.go.th/ถาม-ตอบ",
}


@pytest.fixture(scope="module")
def idn_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("urls")
    data = copy_mini(root / "data")
    site_yaml = data / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        "site_url: https://www.test.go.th/", "site_url: https://ตัวอย่าง.go.th/ita\nmain_site_url: https://ＷＷＷ.ตัวอย่าง.go.th"),
        encoding="utf-8")
    organisation = data / "organisation.yaml"
    tree = yaml.safe_load(organisation.read_text(encoding="utf-8"))
    tree["qa_channels"] = [{"title": title, "url": url} for title, url in LINKS.items()]
    organisation.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = root / "site"
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr[-4000:]
    return site


CANONICAL_JS = """
(() => [...document.querySelectorAll('link[rel=canonical]')].map(l => l.outerHTML))()
"""


@pytest.mark.slow
@pytest.mark.browser
def test_no_url_payload_executes_in_the_browser(idn_site, browser):  # noqa: F811
    harness, chromium = browser
    base_url = "https://xn--72c1a1bt4awk9o.go.th/ita/"
    sitemap = (idn_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert locs and all(loc.startswith(base_url) for loc in locs), locs[:3]
    pages = sorted(idn_site.rglob("*.html"))
    problems, canonicals = [], {}
    # the site's own stylesheets, scripts and fonts kept between pages, as a reader's browser does
    with harness.StaticServer(idn_site, asset_seconds=3600) as base:
        tab = chromium.new_page()
        try:
            tab.send("Network.setCacheDisabled", cacheDisabled=False)
            tab.send("Page.addScriptToEvaluateOnNewDocument", source=TRAP_JS)
            for html in pages:
                url_path = page_path(idn_site, html)
                text = html.read_text(encoding="utf-8")
                if '<meta http-equiv="refresh"' in text:  # a redirect (e.g. /ita/2569/O1/ → o1/): read, not opened
                    canonicals[url_path] = re.findall(r'<link rel="canonical"[^>]*>', text)
                    continue
                tab.navigate(base.rstrip("/") + url_path)
                tab.eval(SETTLE_JS, await_promise=True)
                result = tab.eval(INSPECT_JS)
                found = result["hits"] + result["bad"] + [f"element <{t.lower()}>" for t in result["foreign"]]
                if result["pwned"]:
                    found.append("window.__pwned")
                if found:
                    problems.append(f"{url_path}: {found[:5]}")
                canonicals[url_path] = tab.eval(CANONICAL_JS)
        finally:
            chromium.close_page(tab)
    assert not problems, "\n".join(problems[:20])
    for url_path, links in canonicals.items():
        if url_path.endswith("404.html"):
            continue
        # one canonical link, on the rebuilt address, that is this page (an upper-case alias such
        # as /ita/2569/O1/ names its lower-case page)
        assert len(links) == 1, (url_path, links)
        href = re.fullmatch(r'<link rel="canonical" href="([^"<>]*)">', links[0])
        assert href and href.group(1).lower() == f"{base_url}{url_path.lstrip('/')}".lower(), (url_path, links)
    contact = (idn_site / "organisation" / "contact" / "index.html").read_text(encoding="utf-8") \
        if (idn_site / "organisation" / "contact" / "index.html").is_file() else ""
    hrefs = re.findall(r'href="(https://qa\.example\.org[^"]*|https://xn--[^"]*)"', contact)
    assert hrefs and not any(UNSAFE_IN_URL.search(h) for h in hrefs), hrefs
