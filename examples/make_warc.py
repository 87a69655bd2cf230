"""Write examples/warc/steppe-ledger_moscow-format.warc.gz from one of the demo HTML pages.

The WARC holds a warcinfo record and one HTTP response record whose payload is the
byte-for-byte content of examples/html/steppe-ledger_moscow-format.html, as a crawler
would have stored it. Record ids and dates are fixed so that running the script again
writes the same records.

    .venv/bin/python examples/make_warc.py
"""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGE = HERE / "html" / "steppe-ledger_moscow-format.html"
OUT = HERE / "warc" / "steppe-ledger_moscow-format.warc.gz"
URL = "https://steppeledger.example/analysis/moscow-format-five-years"
CRAWLED = "2021-10-23T06:00:00Z"


def write_warc(page: Path = PAGE, out: Path = OUT) -> Path:
    """Store `page` as the HTTP response for URL in a gzipped WARC at `out`."""
    payload = page.read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = writer.create_warcinfo_record(
            out.name,
            {"software": "newsgraph examples/make_warc.py", "format": "WARC File Format 1.0"},
        )
        info.rec_headers.replace_header("WARC-Date", CRAWLED)
        info.rec_headers.replace_header(
            "WARC-Record-ID", "<urn:uuid:6f1c2d8e-0000-4000-8000-000000000001>"
        )
        writer.write_record(info)

        http_headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))],
            protocol="HTTP/1.1",
        )
        response = writer.create_warc_record(
            URL,
            "response",
            payload=io.BytesIO(payload),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": CRAWLED,
                "WARC-Record-ID": "<urn:uuid:6f1c2d8e-0000-4000-8000-000000000002>",
            },
        )
        writer.write_record(response)
    return out


if __name__ == "__main__":
    print(write_warc())
