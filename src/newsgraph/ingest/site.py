"""Site furniture: short lines that many documents of one site or folder share.

A menu, a footer or a sign-up box printed on every page of a site is furniture even
where nothing else marks it. Lines are compared in their normalised form and kept only
as short hashes, so that counting a large folder costs little memory.

Two ways to count, both deterministic:
- `folder_furniture(folder)`: a first, cheap pass over every plain-text file directly
  in a folder (the same files a folder build reads), cached per folder, so that every
  input of the folder gets the same answer however the build is split into windows,
  batches or workers;
- `shared_line_hashes(texts)`: the same count over the texts given (inputs that do not
  come from a folder: JSONL records, WARC members, stdin).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from newsgraph.ingest.text import line_hash, normalise_line, split_lines

MIN_DOCUMENTS = 3  # a line on this many documents of one site is furniture
MAX_LINE_WORDS = 30  # longer lines are prose: copies of one article share those
SCAN_BYTES = 256 * 1024  # per file; furniture sits near the top and bottom of a page
MAX_TRACKED = 200_000  # hashes held while counting one folder (bounded memory)
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")


def text_line_hashes(text: str) -> set[str]:
    """Hashes of the distinct short lines of one text."""
    out = set()
    for ln in split_lines(text):
        if ln.words <= MAX_LINE_WORDS:
            norm = normalise_line(ln.text)
            if norm:
                out.add(line_hash(norm))
    return out


class LineCounter:
    """In how many documents each line hash occurs, in bounded memory.

    When more than `limit` hashes are held, those seen in a single document so far are
    dropped (then two, ...): furniture is on many documents and survives, a line that
    is rare at that point cannot reach the threshold through the pages still to come
    unless they are many, which is the price of the bound.
    """

    def __init__(self, limit: int = MAX_TRACKED) -> None:
        self.limit = limit
        self.counts: dict[str, int] = {}

    def add(self, hashes: Iterable[str]) -> None:
        counts = self.counts
        for h in hashes:
            counts[h] = counts.get(h, 0) + 1
        floor = 1
        while len(counts) > self.limit:
            for h in [h for h, c in counts.items() if c <= floor]:
                del counts[h]
            floor += 1

    def shared(self, min_documents: int = MIN_DOCUMENTS) -> frozenset[str]:
        return frozenset(h for h, c in self.counts.items() if c >= min_documents)


def shared_line_hashes(texts: Iterable[str], min_documents: int = MIN_DOCUMENTS) -> frozenset[str]:
    """Hashes of the short lines at least `min_documents` of `texts` carry."""
    counter = LineCounter()
    for text in texts:
        counter.add(text_line_hashes(text))
    return counter.shared(min_documents)


def folder_files(folder: str) -> list[Path]:
    """The plain-text article files directly in `folder`, in sorted order."""
    from newsgraph.ingest.sources import _is_project_file

    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [
        Path(folder) / name
        for name in names
        if not name.startswith(".")
        and not _is_project_file(name)
        and name.lower().endswith(TEXT_SUFFIXES)
        and (Path(folder) / name).is_file()
    ]


def folder_furniture(folder: str) -> frozenset[str]:
    """Line hashes shared by MIN_DOCUMENTS or more plain-text files of `folder`.

    Counted once per folder and kept while the folder's listing is unchanged (its
    modification time), so a build scans each folder once, however many windows of
    inputs it reads the folder's files in.
    """
    try:
        stamp = os.stat(folder).st_mtime_ns
    except OSError:
        return frozenset()
    return _count_folder(folder, stamp)


@lru_cache(maxsize=32)
def _count_folder(folder: str, stamp: int) -> frozenset[str]:
    from newsgraph.errors import InputError
    from newsgraph.ingest.decode import decode
    from newsgraph.model import RawInput

    counter = LineCounter()
    for path in folder_files(folder):
        try:
            with path.open("rb") as fh:
                data = fh.read(SCAN_BYTES)
            text = decode(RawInput(source=str(path), data=data, media_type="text"))
        except (OSError, InputError):
            continue  # the build reports this file when it reads it
        counter.add(text_line_hashes(text))
    return counter.shared()
