"""`prongsai check --online`: are the evidence links reachable?

Only used when asked: without --online the readiness check makes no network
access at all. Each URL gets an HTTP HEAD (GET when the server refuses HEAD)
with a short timeout; the requests run in parallel daemon threads under one
overall deadline, so a slow or silent server can never make the check hang.
"""

from __future__ import annotations

import queue
import socket
import threading
import time
import urllib.error
import urllib.request

USER_AGENT = "prongsai-check (ITA readiness; +https://github.com/)"
RETRY_WITH_GET = {400, 403, 405, 501}
WORKERS = 8


def probe(url: str, timeout: float) -> tuple[bool, str]:
    """(reachable, Thai detail)."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1)
                return True, f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in RETRY_WITH_GET:
                continue
            return False, f"HTTP {exc.code}"
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                return False, "หมดเวลารอ"
            return False, f"เชื่อมต่อไม่ได้: {reason}"
        except (socket.timeout, TimeoutError):
            return False, "หมดเวลารอ"
        except (OSError, ValueError) as exc:
            return False, f"เชื่อมต่อไม่ได้: {exc}"
    return False, "เซิร์ฟเวอร์ไม่ตอบ"


class UrlChecker:
    def __init__(self, timeout: float = 5.0):
        self.timeout = timeout
        self.results: dict[str, tuple[bool, str]] = {}

    def check_all(self, urls: list[str]) -> None:
        pending: queue.Queue = queue.Queue()
        for url in urls:
            pending.put(url)
        done: dict[str, tuple[bool, str]] = {}
        lock = threading.Lock()

        def work() -> None:
            while True:
                try:
                    url = pending.get_nowait()
                except queue.Empty:
                    return
                result = probe(url, self.timeout)
                with lock:
                    done[url] = result

        threads = [threading.Thread(target=work, daemon=True) for _ in range(min(WORKERS, len(urls)))]
        for thread in threads:
            thread.start()
        # HEAD + GET each up to `timeout` per blocking step; never wait longer than this in total
        deadline = time.monotonic() + self.timeout * 4 + (len(urls) // WORKERS + 1) * self.timeout * 2
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with lock:
            self.results.update(done)
        for url in urls:
            self.results.setdefault(url, (False, "หมดเวลารอ"))

    def status(self, url: str) -> tuple[bool, str] | None:
        return self.results.get(url)

    def unreachable(self) -> dict[str, str]:
        return {url: detail for url, (ok, detail) in self.results.items() if not ok}
