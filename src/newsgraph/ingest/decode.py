"""Bytes -> text: byte-order marks, declared charsets, detection, binary refusal.

The cascade, first that works wins:
1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the charset the container declared (HTTP or WARC header, JSONL is always UTF-8);
3. for HTML, the charset the page declares in its first bytes (<meta charset>);
4. strict UTF-8;
5. charset-normalizer's best guess (this is what reads a cp1251 page with no declaration);
6. otherwise the input is refused as undecodable.

The decoded text is the "raw text" that `Document.offsets` point into, so line
ends are normalised here once (CR LF and lone CR become LF) and never again.
"""

from __future__ import annotations

import codecs
import re

from newsgraph import errors
from newsgraph.errors import InputError
from newsgraph.model import RawInput

# File signatures of formats that are certainly not articles.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"7z\xbc\xaf", "7-zip archive"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""")


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary data `data` is, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text carries NUL bytes legitimately
    if b"\x00" in head:
        return "contains NUL bytes"
    # Control characters other than tab, LF, FF, CR, ESC are rare in any text encoding.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        return "mostly control characters"
    return None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def declared_charset(data: bytes, media_type: str) -> str | None:
    """The charset an HTML or XML page declares about itself in its first bytes."""
    if media_type != "html":
        return None
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return _codec(match.group(1).decode("ascii", "replace")) if match else None


def _try(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    # Pages declaring latin-1 are in practice cp1252 (the WHATWG rule).
    if encoding in ("latin-1", "iso8859-1", "ascii"):
        encoding = "cp1252"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def bytes_to_text(data: bytes, *, source: str, media_type: str, declared: str | None = None) -> str:
    """Decode `data` following the module's cascade; raise InputError when it cannot be text."""
    kind = sniff_binary(data)
    if kind:
        raise InputError(errors.BINARY_INPUT.format(kind=kind), source=source)
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding)
            break
    if text is None:
        text = _try(data, _codec(declared)) or _try(data, declared_charset(data, media_type))
    if text is None:
        text = _try(data, "utf-8")
    if text is None:
        text = _detect(data)
    if text is None:
        raise InputError(errors.UNDECODABLE, source=source)
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    return _try(data, best.encoding)


def decode(raw: RawInput) -> str:
    """The decoded raw text of `raw`, the text `Document.offsets` point into.

    >>> page = "Переговоры в Женеве продолжатся на следующей неделе. " * 4
    >>> decode(RawInput("x.txt", page.encode("cp1251"), "text"))[:10]
    'Переговоры'
    """
    return bytes_to_text(
        raw.data, source=raw.source, media_type=raw.media_type, declared=raw.encoding
    )
