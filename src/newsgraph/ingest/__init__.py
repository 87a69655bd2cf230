"""Ingest: sources -> RawInput -> clean Document.

Entry points (the pipeline calls these):
- `iter_inputs(paths, settings)` yields a RawInput or an InputError per input (sources.py);
- `clean(raw)` turns one RawInput into a Document, or raises InputError;
- `with_site_furniture(inputs)` finds the lines that several documents of one site or
  folder share (site furniture: counted over the whole folder, see site.py) and hands
  them to `clean` through the inputs' hints;
  `clean_batch(raws)` is both steps in one call;
- `decode(raw)` gives the decoded raw text that `Document.offsets` point into;
- `raw_hash(raw)` is the sha256 of the raw bytes.

Cleaning: HTML goes through html.py (trafilatura, then our fallback, our metadata);
plain text and Markdown through text.py (our line classifier). Metadata the container
gave (JSONL fields, WARC and HTTP headers) wins over what the page says about itself.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar
from urllib.parse import urlsplit

from newsgraph import errors
from newsgraph.errors import InputError
from newsgraph.ingest.body import BodyBuilder, content_hash
from newsgraph.ingest.decode import decode as _decode
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.metadata import PublishedDate, parse_date, split_authors
from newsgraph.ingest.site import MIN_DOCUMENTS, folder_furniture, shared_line_hashes
from newsgraph.ingest.sources import iter_inputs
from newsgraph.ingest.text import clean_text
from newsgraph.model import Document, RawInput

__all__ = [
    "clean",
    "clean_batch",
    "decode",
    "iter_inputs",
    "raw_hash",
    "site_key",
    "warm_up",
    "with_site_furniture",
]

T = TypeVar("T")

# decode() is asked for twice per input (cleaning, then storing the raw text);
# remember the last answer so that a large input is decoded once.
_last_decoded: tuple[RawInput | None, str] = (None, "")


def warm_up() -> None:
    """Load what cleaning loads on first use (the language model, the HTML extractor), so
    that a process started to clean inputs pays it before the first batch, once."""
    from newsgraph.ingest import html as _html
    from newsgraph.ingest import language as _language

    _language.warm_up()
    _html.warm_up()


def decode(raw: RawInput) -> str:
    """The decoded raw text of `raw` (see decode.py for the cascade)."""
    global _last_decoded
    if _last_decoded[0] is raw:
        return _last_decoded[1]
    text = _decode(raw)
    _last_decoded = (raw, text)
    return text


def raw_hash(raw: RawInput) -> str:
    """sha256 hex of the raw bytes, as the store keeps it."""
    return hashlib.sha256(raw.data).hexdigest()


def site_key(raw: RawInput) -> str:
    """What groups inputs into one site: the URL's host, else the folder or container."""
    url = raw.hints.get("url")
    if isinstance(url, str) and url:
        return (urlsplit(url).hostname or "").lower()
    site = raw.hints.get("site")
    if isinstance(site, str) and site:
        return site.lower()
    return os.path.dirname(raw.source.split("#", 1)[0])


def clean(raw: RawInput, *, site_lines: frozenset[str] | None = None) -> Document:
    """One input -> one clean Document with metadata, furniture and offsets.

    `site_lines` are normalised lines other documents of the same site share; by
    default they come from ``raw.hints["site_lines"]`` (set by with_site_furniture).
    They are removed as site furniture.

    >>> doc = clean(RawInput("a.txt", b"A headline\\n\\nThe minister said on Monday that "
    ...                       b"talks with the rebels would resume next week in Geneva.", "text"))
    >>> doc.title, doc.body[:12], doc.extractor
    ('A headline', 'The minister', 'text-classifier')
    """
    if not raw.data.strip():
        raise InputError(errors.EMPTY_INPUT, source=raw.source)
    text = decode(raw)
    if not text.strip():
        raise InputError(errors.EMPTY_INPUT, source=raw.source)
    url = raw.hints.get("url") if isinstance(raw.hints.get("url"), str) else None
    title: str | None
    authors: tuple[str, ...]
    published: PublishedDate | None
    site: str | None = None
    if raw.media_type == "html":
        from newsgraph.ingest.html import clean_html

        result = clean_html(text, url=url)
        builder: BodyBuilder = result.builder
        meta = result.metadata
        title, authors, published, site = meta.title, meta.authors, meta.published, meta.site
        url = url or meta.url
        extractor = result.extractor
    else:
        if site_lines is None:
            site_lines = frozenset(raw.hints.get("site_lines") or ())  # type: ignore[arg-type]
        cleaned = clean_text(text, markdown=raw.media_type == "markdown", site_lines=site_lines)
        builder = cleaned.builder
        title, authors, published = cleaned.title, cleaned.authors, cleaned.published
        extractor = "text-classifier"
    body = builder.body
    if not body.strip():
        raise InputError(errors.NO_BODY.format(n=len(builder.removed)), source=raw.source)

    title, authors, published, site = _apply_hints(raw, title, authors, published, site)
    if not site and url:
        host = (urlsplit(url).hostname or "").lower()
        site = host[4:] if host.startswith("www.") else host or None
    language = raw.hints.get("language")
    digest = content_hash(body)
    return Document(
        id=digest[:16],
        source=raw.source,
        raw_hash=raw_hash(raw),
        content_hash=digest,
        body=body,
        title=title or None,
        authors=tuple(authors),
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        language=str(language) if language else detect_language(body),
        site=site,
        url=url,
        media_type=raw.media_type,
        blocks=tuple(builder.blocks),
        removed=tuple(builder.removed),
        offsets=tuple(builder.offsets),
        extractor=extractor,
    )


def _apply_hints(raw: RawInput, title, authors, published, site):
    hints = raw.hints
    if isinstance(hints.get("title"), str) and hints["title"].strip():
        title = " ".join(str(hints["title"]).split())
    hinted = hints.get("authors")
    if hinted:
        names: list[str] = []
        for value in hinted if isinstance(hinted, list | tuple) else [hinted]:
            names.extend(n for n in split_authors(str(value)) if n not in names)
        authors = tuple(names) or authors
    hinted_date = parse_date(str(hints["published"])) if hints.get("published") else None
    published = hinted_date or published
    if isinstance(hints.get("site"), str) and hints["site"]:
        site = hints["site"]
    return title, authors, published, site


def with_site_furniture(items: Sequence[T]) -> list[T]:
    """The inputs with each plain-text RawInput told which lines its site shares.

    Inputs are grouped by `site_key`. A group that is a folder of files is counted over
    the whole folder, once per build (site.folder_furniture: a cheap first pass that
    keeps only line hashes), so that the answer does not depend on which inputs were
    read together. Other groups (JSONL records, WARC members, stdin) are counted over
    the inputs given, when there are three or more. The hashes of the short lines that
    three or more documents carry travel in ``hints["site_lines"]``, so that `clean`
    removes them wherever the input is cleaned (this process, a worker pool, Dask).
    HTML is left to trafilatura; anything that is not a RawInput passes through.
    """
    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if isinstance(item, RawInput) and item.media_type != "html":
            groups.setdefault(site_key(item), []).append(i)
    out = list(items)
    for key, members in groups.items():
        if all(_in_folder(out[i], key) for i in members):  # type: ignore[arg-type]
            shared = folder_furniture(key)
        elif len(members) >= MIN_DOCUMENTS:
            shared = shared_line_hashes(_decoded(out[i]) for i in members)  # type: ignore[arg-type]
        else:
            continue
        if not shared:
            continue
        hashes = tuple(sorted(shared))
        for i in members:
            raw: RawInput = out[i]  # type: ignore[assignment]
            out[i] = replace(raw, hints={**raw.hints, "site_lines": hashes})  # type: ignore[assignment]
    return out


def _in_folder(raw: RawInput, folder: str) -> bool:
    """True when `raw` is a whole file directly in `folder` (not a container member)."""
    return (
        bool(folder)
        and "#" not in raw.source
        and os.path.dirname(raw.source) == folder
        and os.path.isdir(folder)
    )


def _decoded(raw: RawInput) -> str:
    try:
        return decode(raw)
    except InputError:
        return ""


def clean_batch(raws: Sequence[RawInput]) -> list[Document | InputError]:
    """Clean a batch in order, removing lines that several documents of one site share."""
    out: list[Document | InputError] = []
    for raw in with_site_furniture(raws):
        try:
            out.append(clean(raw))
        except InputError as exc:
            out.append(exc)
    return out
