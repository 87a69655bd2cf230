"""Where articles come from: files, folders, globs, stdin, JSONL, WARC and URL lists.

`iter_inputs` turns what the user named into a stream of RawInput (one per article)
or InputError (one per input that cannot be read), in a deterministic order: the
arguments in the order given, folders walked in sorted order, members of a container
in file order. Nothing is read twice and nothing is held beyond the item in flight.

URLs are fetched only when `settings.fetch` is on, one at a time, with a timeout and a
polite delay per host. Only the listed URLs are fetched; links inside pages are never
followed.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from newsgraph import errors
from newsgraph.errors import InputError
from newsgraph.model import MediaType, RawInput
from newsgraph.settings import Settings

PLAIN: dict[str, MediaType] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
}
CONTAINERS = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".warc", ".warc.gz")
URL_LISTS = (".urls", ".url.txt", ".urls.txt")
SUPPORTED = ", ".join(sorted(PLAIN) + list(CONTAINERS) + list(URL_LISTS))

USER_AGENT = "newsgraph/0.1 (offline article reader; one request per listed URL)"

_HINT_FIELDS = {
    "url": ("url", "link", "source_url", "canonical_url"),
    "title": ("title", "headline"),
    "authors": ("authors", "author", "byline", "creator"),
    "published": (
        "published",
        "date",
        "published_at",
        "publish_date",
        "pubdate",
        "datePublished",
        "date_published",
        "time",
    ),
    "language": ("language", "lang"),
    "site": ("site", "site_name", "sitename", "domain", "source_name", "publisher"),
}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for ending in URL_LISTS + CONTAINERS:
        if name.endswith(ending):
            return ending
    return path.suffix.lower()


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


# Files that describe a folder rather than hold an article; skipped when a folder is
# walked (naming such a file on the command line still reads it).
_PROJECT_FILES = {"readme", "license", "licence", "changelog", "contributing", "copying", "notice"}


def _is_project_file(name: str) -> bool:
    return name.split(".", 1)[0].lower() in _PROJECT_FILES


def _expand(arg: str) -> list[Path] | None:
    """Files named by one argument (None: it names nothing)."""
    path = Path(arg)
    if path.is_dir():
        found: list[Path] = []
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or _is_project_file(name):
                    continue
                f = Path(folder) / name
                if _suffix(f) in PLAIN or _suffix(f) in CONTAINERS or _suffix(f) in URL_LISTS:
                    found.append(f)  # other files in folders (images, READMEs) are not articles
        return found
    if path.exists():
        return [path]
    if any(ch in arg for ch in "*?["):
        matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
        out: list[Path] = []
        for m in matches:
            out.extend((_expand(str(m)) or []) if m.is_dir() else [m])
        return out or None
    return None


def iter_inputs(paths, settings: Settings) -> Iterator[RawInput | InputError]:
    """Every article the arguments name, or the error that kept it out.

    >>> from newsgraph.settings import Settings
    >>> [type(x).__name__ for x in iter_inputs(["/no/such/file.txt"], Settings())]
    ['InputError']
    """
    fetcher: _Fetcher | None = None
    for arg in paths:
        arg = str(arg)
        if arg == "-":
            yield from _read_stdin(settings)
            continue
        if _is_url(arg):
            fetcher = fetcher or _Fetcher(settings)
            yield from fetcher.fetch_all([arg])
            continue
        files = _expand(arg)
        if files is None:
            yield InputError(errors.MISSING_PATH, source=arg)
            continue
        for f in files:
            suffix = _suffix(f)
            if suffix in URL_LISTS:
                fetcher = fetcher or _Fetcher(settings)
                yield from _read_url_list(f, settings, fetcher)
            else:
                yield from read_file(f, settings)


# --------------------------------------------------------------------------- files
def read_file(path: Path, settings: Settings) -> Iterator[RawInput | InputError]:
    """The articles in one file (one, or many for JSONL and WARC)."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield InputError(f"{errors.MISSING_PATH} ({exc.strerror})", source=source)
        return
    if size > settings.max_mb * 1024 * 1024 and _suffix(path) not in CONTAINERS:
        yield InputError(
            errors.TOO_LARGE.format(size=round(size / 2**20, 1), limit=settings.max_mb),
            source=source,
        )
        return
    suffix = _suffix(path)
    try:
        if suffix in (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"):
            yield from _read_jsonl(path, settings)
        elif suffix in (".warc", ".warc.gz"):
            yield from _read_warc(path, settings)
        else:
            data = path.read_bytes()
            media = PLAIN.get(suffix) or _sniff_media(data)
            yield RawInput(source=source, data=data, media_type=media)
    except OSError as exc:
        yield InputError(f"could not be read ({exc.strerror or exc})", source=source)


def _sniff_media(data: bytes) -> MediaType:
    head = data[:2048].lstrip().lower()
    if (
        head.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<body" in head
        or b"<p>" in head
    ):
        return "html"
    return "text"


def _read_stdin(settings: Settings) -> Iterator[RawInput | InputError]:
    data = sys.stdin.buffer.read()
    if len(data) > settings.max_mb * 1024 * 1024:
        yield InputError(
            errors.TOO_LARGE.format(size=round(len(data) / 2**20, 1), limit=settings.max_mb),
            source="stdin",
        )
        return
    yield RawInput(source="stdin", data=data, media_type=_sniff_media(data))


# --------------------------------------------------------------------------- JSONL
def _hints(obj: dict) -> dict[str, object]:
    hints: dict[str, object] = {}
    for key, names in _HINT_FIELDS.items():
        for name in names:
            value = obj.get(name)
            if value in (None, "", []):
                continue
            if key == "authors":
                hints[key] = (
                    tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)
                )
            elif isinstance(value, str | int | float):
                hints[key] = str(value)
            else:
                continue
            break
    return hints


def _read_jsonl(path: Path, settings: Settings) -> Iterator[RawInput | InputError]:
    source = str(path)
    opener = gzip.open if source.lower().endswith(".gz") else open
    lineno = 0
    try:
        with opener(path, "rb") as fh:
            for lineno, line in enumerate(fh, start=1):  # noqa: B007 (used after the loop)
                if not line.strip():
                    continue
                member = f"{source}#{lineno}"
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    yield InputError(
                        errors.BAD_JSONL_LINE.format(line=lineno, detail=exc), source=member
                    )
                    continue
                if not isinstance(obj, dict):
                    yield InputError(
                        errors.BAD_JSONL_LINE.format(line=lineno, detail="not an object"),
                        source=member,
                    )
                    continue
                yield _jsonl_member(obj, member, lineno, settings)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield InputError(
            errors.BAD_GZIP.format(detail=f"after line {lineno}: {exc}"), source=source
        )


def _jsonl_member(obj: dict, member: str, lineno: int, settings: Settings) -> RawInput | InputError:
    hints = _hints(obj)
    for name in settings.html_fields:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return RawInput(
                source=member,
                data=value.encode("utf-8"),
                media_type="html",
                hints=hints,
                encoding="utf-8",
            )
    for name in settings.text_fields:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return RawInput(
                source=member,
                data=value.encode("utf-8"),
                media_type="text",
                hints=hints,
                encoding="utf-8",
            )
    fields = ", ".join(settings.text_fields + settings.html_fields)
    return InputError(errors.JSONL_NO_TEXT.format(line=lineno, fields=fields), source=member)


# --------------------------------------------------------------------------- WARC
def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _read_warc(path: Path, settings: Settings) -> Iterator[RawInput | InputError]:
    from warcio.archiveiterator import ArchiveIterator

    source = str(path)
    index = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                index += 1
                if record.rec_type not in ("response", "resource"):
                    continue
                if record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        continue
                    content_type = record.http_headers.get_header("Content-Type") or ""
                else:
                    content_type = record.rec_headers.get_header("Content-Type") or ""
                kind = content_type.split(";")[0].strip().lower()
                if kind in ("text/html", "application/xhtml+xml"):
                    media: MediaType = "html"
                elif kind in ("text/plain", "text/markdown"):
                    media = "markdown" if kind == "text/markdown" else "text"
                else:
                    continue  # images, scripts, style sheets: not articles
                url = record.rec_headers.get_header("WARC-Target-URI")
                data = record.content_stream().read()
                hints: dict[str, object] = {"url": url} if url else {}
                yield RawInput(
                    source=f"{source}#{index}",
                    data=data,
                    media_type=media,
                    hints=hints,
                    encoding=_charset(content_type),
                )
    except Exception as exc:  # warcio signals truncation and garbage with assorted errors
        yield InputError(
            errors.BAD_WARC.format(detail=f"after record {index}: {exc}"), source=source
        )


# --------------------------------------------------------------------------- URLs
def _read_url_list(
    path: Path, settings: Settings, fetcher: _Fetcher
) -> Iterator[RawInput | InputError]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        yield InputError(f"could not be read ({exc.strerror})", source=str(path))
        return
    urls = [ln.strip() for ln in lines if _is_url(ln.strip())]
    yield from fetcher.fetch_all(urls, listed_in=str(path))


class _Fetcher:
    """One polite HTTP client: a timeout per request, a delay between requests to a host."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.last_request: dict[str, float] = {}
        self._client = None

    def fetch_all(
        self, urls: list[str], listed_in: str | None = None
    ) -> Iterator[RawInput | InputError]:
        if not self.settings.fetch:
            where = f" (listed in {listed_in})" if listed_in else ""
            for url in urls:
                yield InputError(errors.FETCH_DISABLED + where, source=url)
            return
        for url in urls:
            yield self.fetch(url)

    def _wait_turn(self, host: str) -> None:
        last = self.last_request.get(host)
        if last is not None:
            wait = self.settings.fetch_delay - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
        self.last_request[host] = time.monotonic()

    def fetch(self, url: str) -> RawInput | InputError:
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                timeout=self.settings.fetch_timeout,
                follow_redirects=True,
                max_redirects=5,
                headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9"},
            )
        self._wait_turn(urlsplit(url).netloc.lower())
        limit = int(self.settings.max_mb * 1024 * 1024)
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code != 200:
                    return InputError(
                        errors.FETCH_FAILED.format(detail=f"HTTP {response.status_code}"),
                        source=url,
                    )
                buf = io.BytesIO()
                for chunk in response.iter_bytes():
                    buf.write(chunk)
                    if buf.tell() > limit:
                        return InputError(
                            errors.TOO_LARGE.format(
                                size=f"over {self.settings.max_mb}", limit=self.settings.max_mb
                            ),
                            source=url,
                        )
                content_type = response.headers.get("content-type", "")
                final_url = str(response.url)
        except httpx.TimeoutException:
            return InputError(
                errors.FETCH_FAILED.format(
                    detail=f"timed out after {self.settings.fetch_timeout:g} s"
                ),
                source=url,
            )
        except httpx.HTTPError as exc:
            return InputError(
                errors.FETCH_FAILED.format(detail=f"{type(exc).__name__}: {exc}"), source=url
            )
        kind = content_type.split(";")[0].strip().lower()
        data = buf.getvalue()
        if kind in ("text/html", "application/xhtml+xml"):
            media: MediaType = "html"
        elif kind.startswith("text/"):
            media = "markdown" if kind == "text/markdown" else "text"
        elif not kind:
            media = _sniff_media(data)
        else:
            return InputError(
                errors.FETCH_FAILED.format(detail=f"content type {kind} is not an article"),
                source=url,
            )
        return RawInput(
            source=url,
            data=data,
            media_type=media,
            hints={"url": final_url},
            encoding=_charset(content_type),
        )
