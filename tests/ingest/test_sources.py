"""Every source kind: files, folders, globs, stdin, JSONL(.gz), WARC(.gz), URL lists."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import InputError
from newsgraph.ingest import clean, iter_inputs
from newsgraph.model import RawInput
from newsgraph.settings import Settings

TEXT = (
    "The port authority said on Friday that grain shipments had resumed after a pause of "
    "three weeks, with the first vessel leaving the harbour at dawn under naval escort."
)
HTML = (
    "<html><head><title>Grain ships sail</title></head><body><article><h1>Grain ships sail</h1>"
    f"<p>{TEXT}</p><p>{TEXT.replace('Friday', 'Saturday')}</p></article></body></html>"
)


def _items(paths, **settings):
    return list(iter_inputs([str(p) for p in paths], Settings(**settings)))


def _raws(items) -> list[RawInput]:
    assert not [x for x in items if isinstance(x, InputError)], items
    return items


def test_plain_files_by_extension(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.md").write_text(f"# Heading\n\n{TEXT}\n")
    (tmp_path / "c.html").write_text(HTML)
    (tmp_path / "d.htm").write_text(HTML)
    items = _raws(_items(sorted(tmp_path.iterdir())))
    assert [r.media_type for r in items] == ["text", "markdown", "html", "html"]
    for raw in items:
        assert "grain shipments" in clean(raw).body


def test_folder_is_recursive_sorted_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "z" / "deeper").mkdir(parents=True)
    (tmp_path / "z" / "deeper" / "2.txt").write_text(TEXT)
    (tmp_path / "1.txt").write_text(TEXT)
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".hidden.txt").write_text(TEXT)
    items = _raws(_items([tmp_path]))
    assert [Path(r.source).name for r in items] == ["1.txt", "2.txt"]


def test_glob(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html"):
        (tmp_path / name).write_text(TEXT if name.endswith("txt") else HTML)
    items = _raws(_items([tmp_path / "*.txt"]))
    assert [Path(r.source).name for r in items] == ["a.txt", "b.txt"]
    missing = _items([tmp_path / "*.nothing"])
    assert len(missing) == 1 and isinstance(missing[0], InputError)


def test_stdin() -> None:
    code = (
        "from newsgraph.ingest import iter_inputs, clean\n"
        "from newsgraph.settings import Settings\n"
        "[raw] = list(iter_inputs(['-'], Settings()))\n"
        "print(raw.source, raw.media_type, clean(raw).title)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=HTML.encode(), capture_output=True, check=True
    )
    assert done.stdout.decode().split() == ["stdin", "html", "Grain", "ships", "sail"]


def test_jsonl_text_and_html_fields_and_hints(tmp_path: Path) -> None:
    lines = [
        {
            "text": TEXT,
            "title": "Ships",
            "author": "Ada Byron",
            "date": "2020-03-01",
            "url": "https://example.org/x",
        },
        {"html": HTML},
        {"nothing": "here"},
        "not an object",
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken json\n")
    items = _items([path])
    assert isinstance(items[0], RawInput) and items[0].source == f"{path}#1"
    doc = clean(items[0])
    assert doc.title == "Ships" and doc.authors == ("Ada Byron",)
    assert (doc.published, doc.published_precision) == ("2020-03-01", "day")
    assert doc.url == "https://example.org/x" and doc.site == "example.org"
    assert items[1].media_type == "html"
    assert all(isinstance(x, InputError) for x in items[2:])
    assert "line 5" in str(items[4]) and str(path) in str(items[4])


def test_jsonl_gz_with_configured_field(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(json.dumps({"story": TEXT}) + "\n")
    items = _raws(_items([path], text_fields=("story",)))
    assert items[0].data.decode() == TEXT
    default = _items([path])
    assert isinstance(default[0], InputError) and "--text-field" in str(default[0])


def _warc(path: Path, compress: bool) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        for i, (ctype, body) in enumerate(
            [
                ("text/html; charset=utf-8", HTML.encode()),
                ("image/png", b"\x89PNG"),
                ("text/html", HTML.encode()),
            ]
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://news.example.net/{i}",
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
            )
            writer.write_record(record)


def test_warc_and_warc_gz(tmp_path: Path) -> None:
    for name, compress in (("crawl.warc", False), ("crawl.warc.gz", True)):
        path = tmp_path / name
        _warc(path, compress)
        items = _raws(_items([path]))
        assert len(items) == 2  # the image is not an article
        assert items[0].hints["url"] == "https://news.example.net/0"
        assert items[0].encoding == "utf-8"
        doc = clean(items[0])
        assert doc.site == "news.example.net" and "grain shipments" in doc.body


def test_url_list_is_not_fetched_without_fetch(tmp_path: Path) -> None:
    path = tmp_path / "reading.urls"
    path.write_text("# a comment\nhttps://example.invalid/a\n\nhttps://example.invalid/b\n")
    items = _items([path])
    assert len(items) == 2
    assert all(isinstance(x, InputError) and "--fetch" in str(x) for x in items)
    assert items[0].source == "https://example.invalid/a"
