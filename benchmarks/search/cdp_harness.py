"""Drive headless Chromium over the DevTools protocol to type into a site's search box.

Used by tests/search (pass/fail on recall@5 and MRR) and by benchmarks/search_compare.py
(figures for every configuration).  Only the ``websocket-client`` package is needed:
no WebDriver, no browser download; Chromium is Debian's /usr/bin/chromium.

Pieces:
* ``StaticServer``: serves a built site on 127.0.0.1 with gzip for text types, as
  static hosts do, so that byte counts are what a reader downloads.
* ``Browser`` / ``Page``: a minimal CDP client.
* ``Engine`` subclasses: how to find the search box and read the ranked result
  URLs for each configuration (Prongsai, Material's lunr search, Pagefind's UI).
* ``evaluate``: runs a query set and returns recall@5, MRR and per-query ranks.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import socket
import socketserver
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium",
                       "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--no-default-browser-check",
                  "--disable-extensions", "--mute-audio", "--disable-dev-shm-usage",
                  "--remote-allow-origins=*", "--window-size=1280,900", "--lang=th"]
GZIP_TYPES = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml", ".map")


def find_chromium() -> str | None:
    env = os.environ.get("CHROMIUM")
    for cand in ((env,) if env else ()) + CHROMIUM_CANDIDATES:
        path = shutil.which(cand) if not os.path.isabs(cand) else (cand if os.path.exists(cand) else None)
        if path:
            return path
    return None


# --------------------------------------------------------------------------- server

@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's gzip body, compressed once per version of the file (each page load asks for
    the same stylesheets, scripts and index again)."""
    with open(path, "rb") as fh:
        return gzip.compress(fh.read(), 6)


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    asset_seconds = 0  # 0: every load measured as a first visit (the search benchmark)

    def log_message(self, *args):  # quiet
        pass

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def end_headers(self):
        keep = self.asset_seconds and getattr(self, "_status", 0) == 200 and self.path.startswith("/assets/")
        self.send_header("Cache-Control", f"max-age={self.asset_seconds}" if keep else "no-store")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gz and path.endswith(GZIP_TYPES) and os.path.isfile(path)):
            return super().send_head()
        stat = os.stat(path)
        body = _gzipped(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class StaticServer:
    """``with StaticServer(site_dir) as url: ...`` serves site_dir on a free port.
    Every response says no-store (each load is a first visit), unless ``asset_seconds`` lets
    the browser keep the site's stylesheets, scripts and fonts (assets/) as a reader's browser
    does between pages, for tests that look at the pages rather than at what they load (the
    tab must allow its cache: ``Network.setCacheDisabled``)."""

    def __init__(self, root: Path | str, asset_seconds: int = 0):
        self.root = str(root)
        self.asset_seconds = asset_seconds

    def __enter__(self) -> str:
        handler_class = type("Handler", (_Handler,), {"asset_seconds": self.asset_seconds})
        handler = lambda *a, **k: handler_class(*a, directory=self.root, **k)  # noqa: E731
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# --------------------------------------------------------------------------- browser

class CDPError(RuntimeError):
    pass


# What Chromium answers a script sent to a page that is between two documents
_BETWEEN_DOCUMENTS = ("Inspected target navigated or closed", "Execution context was destroyed",
                      "Cannot find context with specified id")


class Page:
    def __init__(self, ws_url: str):
        import websocket  # websocket-client

        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True,
                                              enable_multithread=True)
        self._id = 0
        self.events: list[dict] = []
        self._pending: list[str] = []
        self.lock = threading.RLock()

    def send(self, method: str, _session: str | None = None, **params):
        with self.lock:
            self._id += 1
            mid = self._id
            msg = {"id": mid, "method": method, "params": params}
            if _session:
                msg["sessionId"] = _session
            self.ws.send(json.dumps(msg))
            while True:
                msg = json.loads(self.ws.recv())
                if msg.get("id") == mid:
                    if "error" in msg:
                        raise CDPError(f"{method}: {msg['error']}")
                    result = msg.get("result", {})
                    break
                if "method" in msg:
                    self._event(msg)
        self._attach_pending()
        return result

    def _event(self, msg: dict) -> None:
        self.events.append(msg)
        if msg["method"] == "Target.attachedToTarget":
            self._pending.append(msg["params"]["sessionId"])

    def _attach_pending(self) -> None:
        # Workers (Material's lunr worker) fetch on their own session: record
        # their network traffic too, then let them run.
        while self._pending:
            sid = self._pending.pop(0)
            for method in ("Network.enable", "Runtime.runIfWaitingForDebugger"):
                try:
                    self.send(method, _session=sid)
                except CDPError:
                    pass

    def pump(self, seconds: float = 0.05) -> None:
        """Read pending events for up to ``seconds``."""
        end = time.monotonic() + seconds
        self.ws.settimeout(0.02)
        try:
            while time.monotonic() < end:
                try:
                    msg = json.loads(self.ws.recv())
                except Exception:  # timeout
                    continue
                if "method" in msg:
                    self._event(msg)
        finally:
            self.ws.settimeout(60)
        self._attach_pending()

    def eval(self, expr: str, await_promise: bool = False):
        res = self.send("Runtime.evaluate", expression=expr, returnByValue=True,
                        awaitPromise=await_promise)
        if "exceptionDetails" in res:
            raise CDPError(f"JS error in {expr[:80]!r}: {res['exceptionDetails']}")
        return res.get("result", {}).get("value")

    def wait_for(self, expr: str, timeout: float = 20.0, interval: float = 0.03):
        end = time.monotonic() + timeout
        while True:
            try:
                val = self.eval(expr)
            except CDPError as exc:
                # asked while the page was being replaced (a redirect, a reload): ask the next one
                if not any(passing in str(exc) for passing in _BETWEEN_DOCUMENTS):
                    raise
                val = None
            if val:
                return val
            if time.monotonic() > end:
                raise TimeoutError(f"timed out waiting for {expr[:120]!r}")
            self.pump(interval)

    def navigate(self, url: str, timeout: float = 30.0) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        # polled often: a local page loads in a tenth of a second
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'",
                      timeout=timeout, interval=0.005)

    def type_text(self, text: str, delay: float = 0.0) -> None:
        """Type ``text`` one key at a time (keydown, keypress/input, keyup), as a
        reader with a Thai keyboard layout does."""
        for ch in text:
            self.send("Input.dispatchKeyEvent", type="keyDown", key=ch, text=ch,
                      unmodifiedText=ch)
            self.send("Input.dispatchKeyEvent", type="keyUp", key=ch)
            if delay:
                self.pump(delay)

    def insert_text(self, text: str) -> None:
        """``text`` entered at once, as a phone keyboard's suggestion or a paste enters it
        (one input event)."""
        self.send("Input.insertText", text=text)

    def press(self, key: str, code: str | None = None, vk: int = 0) -> None:
        for typ in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=typ, key=key, code=code or key,
                      windowsVirtualKeyCode=vk, nativeVirtualKeyCode=vk)

    def clear_input(self) -> None:
        self.eval("document.activeElement && document.activeElement.select && "
                  "document.activeElement.select()")
        self.press("Backspace", vk=8)

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass


class Browser:
    """Headless Chromium with a fresh profile; ``new_page()`` gives a CDP ``Page``."""

    def __init__(self, binary: str | None = None):
        self.binary = binary or find_chromium()
        if not self.binary:
            raise FileNotFoundError("chromium not found")
        self.profile = tempfile.mkdtemp(prefix="prongsai-chromium-")
        self.proc = subprocess.Popen(
            [self.binary, *CHROMIUM_FLAGS, "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        end = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.proc.returncode}")
            if time.monotonic() > end:
                self.close()
                raise TimeoutError("chromium did not start")
            time.sleep(0.05)
        self.port = int(port_file.read_text().split()[0])

    def _json(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read().decode("utf-8"))

    def new_page(self) -> Page:
        info = self._json("/json/new?about:blank", method="PUT")
        page = Page(info["webSocketDebuggerUrl"])
        page.target_id = info["id"]
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.send("Network.enable")
        page.send("Network.setCacheDisabled", cacheDisabled=True)
        # focus/blur events as in a foreground window, for every page of the browser
        page.send("Emulation.setFocusEmulationEnabled", enabled=True)
        page.send("Target.setAutoAttach", autoAttach=True, waitForDebuggerOnStart=True,
                  flatten=True)
        return page

    def close_page(self, page: Page) -> None:
        page.close()
        try:
            self._json(f"/json/close/{page.target_id}")
        except Exception:
            pass

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------- network accounting

def network_bytes(events: list[dict]) -> dict[str, dict]:
    """{url: {"transfer": bytes on the wire, "encoding": ...}} from recorded CDP events."""
    urls, out = {}, {}
    for ev in events:
        m, p = ev.get("method"), ev.get("params", {})
        if m == "Network.requestWillBeSent":
            if p["request"]["url"].startswith(("http:", "https:")):
                urls[p["requestId"]] = p["request"]["url"]
        elif m == "Network.responseReceived":
            enc = (p["response"].get("headers") or {})
            enc = {k.lower(): v for k, v in enc.items()}.get("content-encoding", "")
            out.setdefault(p["requestId"], {})["encoding"] = enc
        elif m == "Network.loadingFinished":
            out.setdefault(p["requestId"], {})["transfer"] = int(p.get("encodedDataLength", 0))
    return {urls.get(rid, rid): v for rid, v in out.items() if rid in urls}


# --------------------------------------------------------------------------- engines

_OBSERVER_JS = """
(() => {
  const el = document.querySelector(%s);
  window.__pr = {last: performance.now(), key: 0, n: 0};
  new MutationObserver(() => { window.__pr.last = performance.now(); window.__pr.n++; })
    .observe(el, {childList: true, subtree: true, characterData: true, attributes: true});
  document.addEventListener('input', () => { window.__pr.key = performance.now(); }, true);
  document.addEventListener('focusin', () => { window.__pr.focus = window.__pr.focus || performance.now(); }, true);
  return true;
})()
"""

_RESULT_URLS_JS = """
(() => {
  const seen = [], base = location.origin;
  for (const a of document.querySelectorAll(%s)) {
    const u = new URL(a.getAttribute('href'), location.href);
    u.hash = ''; u.search = '';
    const p = u.pathname.replace(/index\\.html$/, '');
    if (!seen.includes(p)) seen.push(p);
  }
  return seen;
})()
"""


class Engine:
    """A search UI in a built site: how to open it, where to type, how to read results."""

    name = "engine"
    input_selector = ""
    results_container = ""
    result_links = ""
    search_asset_markers: tuple[str, ...] = ()
    page_path = ""  # page to load (relative to site root)
    quiet_ms = 1000  # generic engines: results are final after this long without change

    def prepare(self, page: Page) -> None:
        page.wait_for(f"!!document.querySelector({json.dumps(self.input_selector)})")
        page.eval(_OBSERVER_JS % json.dumps(self.results_container))

    def focus(self, page: Page) -> None:
        page.eval(f"document.querySelector({json.dumps(self.input_selector)}).focus()")

    def wait_results(self, page: Page, query: str, timeout: float = 20.0) -> float:
        """Wait until the results for ``query`` are shown; return ms from the last
        keystroke to the last change of the result list."""
        self.wait_done(page, query, timeout)
        return page.eval("window.__pr.last - window.__pr.key")

    def wait_done(self, page: Page, query: str, timeout: float) -> None:
        # Generic: wait until the result container has been quiet for 600 ms.
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            quiet = page.eval("performance.now() - Math.max(window.__pr.last, window.__pr.key)")
            if quiet > self.quiet_ms:
                return
            page.pump(0.05)

    def result_urls(self, page: Page) -> list[str]:
        return page.eval(_RESULT_URLS_JS % json.dumps(self.result_links))

    def says_not_found(self, page: Page, urls: list[str]) -> bool:
        """A query the site has nothing on: no result is listed (engines without a
        "not found" message are judged on that alone)."""
        return not urls


class ProngsaiEngine(Engine):
    name = "prongsai"
    input_selector = "[data-prongsai-search] .md-search__input"
    results_container = "[data-prongsai-search] .md-search-result"
    result_links = "[data-prongsai-search] .md-search-result__item > a.md-search-result__link:first-child"
    search_asset_markers = ("assets/search/",)

    def wait_done(self, page, query, timeout):
        page.wait_for(
            "(() => { const l = document.querySelector('[data-prongsai-search] .md-search-result__list');"
            f" return l && l.getAttribute('data-query') === {json.dumps(query)}; }})()",
            timeout=timeout, interval=0.01)

    def says_not_found(self, page, urls):
        meta = page.eval("document.querySelector('[data-prongsai-search] .md-search-result__meta').textContent")
        return not urls and meta.strip().startswith("ไม่พบ")


class MaterialEngine(Engine):
    name = "material"
    input_selector = "[data-md-component=search-query]"
    results_container = "[data-md-component=search-result]"
    result_links = "[data-md-component=search-result] .md-search-result__item > a.md-search-result__link:first-child"
    search_asset_markers = ("search_index.json", "workers/search", "javascripts/lunr/")


class PagefindEngine(Engine):
    name = "pagefind"
    input_selector = ".pagefind-ui__search-input"
    results_container = ".pagefind-ui"
    result_links = ".pagefind-ui__result-link"
    search_asset_markers = ("pagefind/",)
    page_path = "pagefind-search/"


# --------------------------------------------------------------------------- evaluation

@dataclass
class QueryResult:
    query: str
    expected: list[str]
    urls: list[str]
    rank: int | None  # 1-based rank of the first expected page, None if absent
    ms: float
    not_found_ok: bool | None = None  # queries with no expected page: "not found" shown?

    @property
    def answerable(self) -> bool:
        return bool(self.expected)


@dataclass
class Evaluation:
    engine: str
    results: list[QueryResult] = field(default_factory=list)
    first_search_bytes: int = 0
    first_search_requests: list[str] = field(default_factory=list)
    first_search_ms: float = 0.0
    idle_search_requests: list[str] = field(default_factory=list)
    idle_search_bytes: int = 0

    @property
    def answerable(self) -> list[QueryResult]:
        return [r for r in self.results if r.answerable]

    @property
    def recall_at_5(self) -> float:
        """Over the queries that have an expected page."""
        return sum(1 for r in self.answerable if r.rank and r.rank <= 5) / max(1, len(self.answerable))

    @property
    def mrr(self) -> float:
        return sum(1.0 / r.rank for r in self.answerable if r.rank) / max(1, len(self.answerable))

    @property
    def not_found(self) -> tuple[int, int]:
        """(queries answered "not found", queries the site has nothing on)."""
        nores = [r for r in self.results if not r.answerable]
        return sum(1 for r in nores if r.not_found_ok), len(nores)

    @property
    def median_ms(self) -> float:
        ms = [r.ms for r in self.results if r.ms is not None]
        return statistics.median(ms) if ms else float("nan")

    @property
    def p90_ms(self) -> float:
        ms = sorted(r.ms for r in self.results if r.ms is not None)
        return ms[int(0.9 * (len(ms) - 1))] if ms else float("nan")

    def failures(self) -> list[QueryResult]:
        return [r for r in self.results
                if (r.answerable and (not r.rank or r.rank > 1)) or (not r.answerable and not r.not_found_ok)]


def norm_path(url: str) -> str:
    p = urllib.parse.urlsplit(url).path if "://" in url else url
    if not p.startswith("/"):
        p = "/" + p
    if p.endswith("index.html"):
        p = p[: -len("index.html")]
    return p


def rank_of(urls: list[str], expected: list[str]) -> int | None:
    exp = {norm_path(e) for e in expected}
    for i, u in enumerate(urls, 1):
        if norm_path(u) in exp:
            return i
    return None


def evaluate(browser: Browser, base_url: str, engine: Engine, queries: list[dict],
             delay: float = 0.0, timeout: float = 20.0, cpu_throttle: float = 1.0,
             keystrokes: bool = True) -> Evaluation:
    """Load the page, let it settle, record what it downloads without searching, then
    type every query into the search box (clearing it between queries).
    ``cpu_throttle`` slows the page's CPU down (4 = roughly a mid-range phone).
    ``keystrokes``: each query typed one key at a time (what the latency figures measure);
    False enters each at once, as a keyboard's suggestion or a paste does: the results
    for the whole query are the same, and a long query set is judged in a fraction of
    the time."""
    ev = Evaluation(engine.name)
    page = browser.new_page()
    try:
        if cpu_throttle != 1.0:
            page.send("Emulation.setCPUThrottlingRate", rate=cpu_throttle)
        page.navigate(base_url + engine.page_path)
        page.pump(1.0)  # let idle loading finish
        idle = network_bytes(page.events)
        ev.idle_search_requests = [u for u in idle
                                   if any(m in u for m in engine.search_asset_markers)]
        ev.idle_search_bytes = sum(idle[u].get("transfer", 0) for u in ev.idle_search_requests)
        engine.prepare(page)
        page.events.clear()
        engine.focus(page)
        for i, q in enumerate(queries):
            text = str(q["q"])
            if i:
                page.clear_input()
            if keystrokes:
                page.type_text(text, delay)
            else:
                page.insert_text(text)
            ms = engine.wait_results(page, text, timeout)
            urls = engine.result_urls(page)
            expected = list(q.get("expect") or [])
            ev.results.append(QueryResult(text, expected, urls, rank_of(urls, expected), ms,
                                          None if expected else engine.says_not_found(page, urls)))
            if i == 0:
                page.pump(0.3)
                net = network_bytes(page.events)
                ev.first_search_requests = sorted(net)
                ev.first_search_bytes = sum(v.get("transfer", 0) for v in net.values())
                # cold: from focusing the box (which starts any lazy loading) to results
                ev.first_search_ms = page.eval("window.__pr.last - (window.__pr.focus || window.__pr.key)")
    finally:
        browser.close_page(page)
    return ev


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
