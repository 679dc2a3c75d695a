"""`prongsai serve`: says in Thai where to look, and shows data errors in the browser
instead of hanging, then comes back to the site once the files are fixed."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from testkit import REPO, free_port

SITE_TEXT = "ตำบลทดสอบมีพื้นที่"  # from the fixture's organisation.yaml, shown on the home page


def _fetch(url: str) -> str | None:
    """The page's text, also for an error answer (the problems page is the 404 answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except OSError:
        return None


def _wait(condition, seconds: float, what: str, output=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"waited {seconds} s for {what}" + (f"; the server said:\n{output.text()}" if output else ""))


class _Output:
    """The server's terminal output, read as it comes (a pipe left unread would block it)."""

    def __init__(self, stream):
        self.lines: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def text(self) -> str:
        return "\n".join(self.lines)


def _validate_lines(data) -> list[str]:
    """What `prongsai validate` prints for the same data: the page must list the same problems."""
    run = subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--data", str(data)],
                         cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode != 0
    return [line for line in run.stderr.splitlines() if re.match(r"^\S+\.yaml:\d+: ", line)]


def _shows_the_problems(data, home: str, output: _Output) -> str:
    """The browser gets a page listing what `prongsai validate` prints, at every address,
    and the terminal has the same Thai lines and no parser traceback."""
    expected = _validate_lines(data)
    assert expected and all("organisation.yaml:" in line for line in expected)
    page = _wait(lambda: (p := _fetch(home)) and "prongsai-problems" in p
                 and [html.unescape(x) for x in re.findall(r"<li><code>(.*?)</code></li>", p)] == expected and p,
                 20, f"the problems page listing {expected}")
    assert SITE_TEXT not in page
    # a page the browser had open answers with the problems too, and still reloads by itself
    plan = _fetch(home + "plan/") or ""
    assert "prongsai-problems" in plan and "livereload(" in plan
    _wait(lambda: all(line in output.lines for line in expected), 5, "the problems in the terminal", output)
    assert "Traceback" not in output.text() and "Error:" not in output.text(), output.text()
    return page


def test_serve_says_where_to_look_and_shows_data_errors_in_the_browser(copy_fixture):
    data = copy_fixture("mini")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
    )
    output = _Output(server.stdout)
    home = f"http://127.0.0.1:{port}/"
    try:
        ready = f"เปิดดูเว็บไซต์ได้ที่ {home} (กด Ctrl-C เพื่อหยุด)"
        _wait(lambda: ready in output.lines, 60, "the Thai ready line", output)
        assert SITE_TEXT in (_fetch(home) or ""), "ready was announced before the site was served"

        organisation = data / "organisation.yaml"
        good = organisation.read_text(encoding="utf-8")
        # broken YAML, then a value the schema refuses, written as markup
        organisation.write_text(good.replace("\n", "\nname: [ไม่ปิดวงเล็บ\n", 1), encoding="utf-8")
        _shows_the_problems(data, home, output)
        organisation.write_text(re.sub(r"(?m)^type: .*$", "type: <b>ตัวหนา</b>", good), encoding="utf-8")
        page = _shows_the_problems(data, home, output)
        assert "<b>ตัวหนา</b>" not in page and "&lt;b&gt;ตัวหนา&lt;/b&gt;" in page

        organisation.write_text(good, encoding="utf-8")
        _wait(lambda: SITE_TEXT in (_fetch(home) or ""), 20, "the site to come back")
        assert "prongsai-problems" not in (_fetch(home + "plan/") or "prongsai-problems")
        _wait(lambda: "สร้างใหม่แล้ว" in output.lines, 10, "the Thai rebuilt line")
    finally:
        server.terminate()
        server.wait(timeout=20)
