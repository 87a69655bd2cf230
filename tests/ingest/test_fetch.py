"""URL lists fetched from a real HTTP server on 127.0.0.1: timeouts, errors, politeness."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.ingest import clean, iter_inputs
from newsgraph.model import RawInput
from newsgraph.settings import Settings

ARTICLE = (
    "<html><head><title>Dam inspection</title></head><body><article><h1>Dam inspection</h1>"
    "<p>Engineers began a week-long inspection of the river dam on Monday after residents "
    "reported new cracks in the spillway wall during the spring rains.</p>"
    "<p>The water authority said there was no immediate danger but that it had lowered the "
    "reservoir level as a precaution. <a href='/never-follow-me'>Related</a></p>"
    "</article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, float]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Handler.requests.append((self.path, time.monotonic()))
        if self.path.startswith("/article"):
            body = ARTICLE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        elif self.path == "/slow":
            time.sleep(1.5)
            body = b"<p>too late</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        elif self.path == "/image":
            body = b"\x89PNG\r\n"
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
        else:
            body = b"not here"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _fetch(tmp_path: Path, urls: list[str], **settings) -> list[RawInput | InputError]:
    listing = tmp_path / "list.urls"
    listing.write_text("\n".join(urls) + "\n")
    return list(iter_inputs([str(listing)], Settings(fetch=True, **settings)))


def test_fetch_article_404_timeout_and_non_article(tmp_path: Path, server: str) -> None:
    items = _fetch(
        tmp_path,
        [f"{server}/article/1", f"{server}/missing", f"{server}/slow", f"{server}/image"],
        fetch_timeout=0.5,
        fetch_delay=0.0,
    )
    raw, missing, slow, image = items
    assert isinstance(raw, RawInput) and raw.media_type == "html"
    doc = clean(raw)
    assert doc.title == "Dam inspection" and "spillway wall" in doc.body
    assert doc.url == f"{server}/article/1"
    assert isinstance(missing, InputError) and "HTTP 404" in str(missing)
    assert isinstance(slow, InputError) and "timed out" in str(slow)
    assert isinstance(image, InputError) and "image/png" in str(image)
    # Only the listed URLs were requested: links in the page are never followed.
    assert "/never-follow-me" not in [path for path, _ in _Handler.requests]


def test_polite_delay_between_requests_to_one_host(tmp_path: Path, server: str) -> None:
    items = _fetch(tmp_path, [f"{server}/article/{i}" for i in range(3)], fetch_delay=0.4)
    assert all(isinstance(x, RawInput) for x in items)
    times = [t for _, t in _Handler.requests]
    assert len(times) == 3
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.35


def test_single_url_argument_needs_fetch(server: str) -> None:
    [item] = list(iter_inputs([f"{server}/article/9"], Settings()))
    assert isinstance(item, InputError) and "--fetch" in str(item)
    assert _Handler.requests == []
