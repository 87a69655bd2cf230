"""Ingest: sources -> RawInput -> clean Document.

Entry points:
- `iter_inputs(paths, settings)` yields a `RawInput` or an `InputError` per input.
- `clean(raw)` turns one RawInput into a Document (raises InputError).

(Placeholder implementation; the full cascade lives in sources.py, html.py,
text.py, metadata.py.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.model import Block, Document, RawInput
from newsgraph.settings import Settings


def iter_inputs(paths: Sequence[str], settings: Settings) -> Iterator[RawInput | InputError]:
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            if not f.exists():
                yield InputError("no such file", source=str(f))
                continue
            yield RawInput(source=str(f), data=f.read_bytes(), media_type="text")


def clean(raw: RawInput) -> Document:
    text = raw.data.decode("utf-8", errors="replace").strip()
    if not text:
        raise InputError("empty", source=raw.source)
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        id=content_hash[:16],
        source=raw.source,
        raw_hash=hashlib.sha256(raw.data).hexdigest(),
        content_hash=content_hash,
        body=text,
        blocks=(Block("paragraph", 0, len(text)),),
    )
