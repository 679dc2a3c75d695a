"""--online: evidence links are opened (HEAD, GET when HEAD is refused) against a real local
HTTP server; without --online nothing is opened at all, and a silent server cannot hang the check."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.readiness.online import UrlChecker
from readiness_kit import MINI, by_key, check_json, copy_data, edit_yaml, messages


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        if self.path == "/eservice":
            code = 200
        elif self.path == "/no-head" and self.command == "HEAD":
            code = 405
        elif self.path == "/no-head":
            code = 200
        else:
            code = 404
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/eservice"  # nobody listens there any more


def with_eservice(tmp_path, *urls):
    data = copy_data(MINI, tmp_path / "mini")

    def change(oit):
        oit["items"]["e_service"] = {"links": [{"title": f"ระบบ E-Service {i}", "url": u} for i, u in enumerate(urls)]}
    edit_yaml(data / "oit" / "2569.yaml", change)
    return data


def test_reachable_link_passes_online(tmp_path, server):
    data = with_eservice(tmp_path, f"{server}/eservice")
    report = check_json(data, "--online")
    assert report["online"] is True
    assert by_key(report)["e_service"]["status"] == "complete"


def test_broken_link_fails_online_with_the_http_status(tmp_path, server):
    data = with_eservice(tmp_path, f"{server}/gone")
    report = check_json(data, "--online")
    e_service = by_key(report)["e_service"]
    assert e_service["status"] == "incomplete"
    assert "เปิดไม่ได้" in messages(e_service)
    assert any("HTTP 404" in n["message"] for n in e_service["notes"])
    assert report["unreachable"][f"{server}/gone"] == "HTTP 404"


def test_head_refused_falls_back_to_get(server):
    checker = UrlChecker(timeout=2)
    checker.check_all([f"{server}/no-head"])
    assert checker.status(f"{server}/no-head") == (True, "HTTP 200")


def test_without_online_no_link_is_opened(tmp_path):
    data = with_eservice(tmp_path, closed_port_url())
    report = check_json(data)
    assert report["online"] is False and report["unreachable"] == {}
    assert by_key(report)["e_service"]["status"] == "complete"
    refused = check_json(data, "--online")
    assert by_key(refused)["e_service"]["status"] == "incomplete"


def test_silent_server_cannot_hang_the_check():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection in the backlog and never answers
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        checker = UrlChecker(timeout=0.5)
        checker.check_all([url])
        ok, detail = checker.status(url)
        assert ok is False and detail
    finally:
        listener.close()
