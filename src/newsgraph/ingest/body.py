"""Assemble a clean body from kept blocks, with its offsets and removed furniture.

Both cleaners (HTML and scraped text) end here, so every Document body has the same
shape: blocks separated by one blank line, each block's body span known, every piece
of furniture kept as a RemovedBlock at the body position where it stood.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from newsgraph.model import Block, OffsetSpan, RemovedBlock

SEPARATOR = "\n\n"


def normalise_body(body: str) -> str:
    """The form of a body its content hash is taken over: NFC, white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", body).split())


def content_hash(body: str) -> str:
    """sha256 hex of the normalised body; identical content gives the identical id."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


@dataclass
class BodyBuilder:
    """Collects kept blocks and removed blocks in reading order."""

    raw_text: str = ""
    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    removed: list[RemovedBlock] = field(default_factory=list)
    offsets: list[OffsetSpan] = field(default_factory=list)
    length: int = 0
    _cursor: int = 0  # where in raw_text to look for the next verbatim block

    def add_block(self, kind: str, segments: list[tuple[str, int | None]]) -> None:
        """Append a block made of `segments` (text, raw start or None), joined by spaces."""
        segments = [(t, s) for t, s in segments if t]
        if not segments:
            return
        if self.parts:
            self.parts.append(SEPARATOR)
            self.length += len(SEPARATOR)
        start = self.length
        for i, (text, raw_start) in enumerate(segments):
            if i:
                self.parts.append(" ")
                self.length += 1
            if raw_start is None:
                raw_start = self.locate(text)
            if raw_start is not None:
                self.offsets.append(OffsetSpan(self.length, raw_start, len(text)))
            self.parts.append(text)
            self.length += len(text)
        self.blocks.append(Block(kind, start, self.length))  # type: ignore[arg-type]

    def locate(self, text: str) -> int | None:
        """Raw offset of `text` when it appears verbatim after the previous block."""
        if not self.raw_text:
            return None
        found = self.raw_text.find(text, self._cursor)
        if found < 0:
            found = self.raw_text.find(text)
        if found >= 0:
            self._cursor = found + len(text)
            return found
        return None

    def add_removed(
        self,
        text: str,
        reason: str,
        raw_start: int | None = None,
        raw_end: int | None = None,
        position: int | None = None,
    ) -> None:
        """Keep `text` as furniture; it stood at `position` (default: the body's end so far)."""
        text = text.strip()
        if text:
            where = self.length if position is None else position
            self.removed.append(
                RemovedBlock(
                    text=text, reason=reason, position=where, raw_start=raw_start, raw_end=raw_end
                )
            )

    @property
    def body(self) -> str:
        return "".join(self.parts)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def tidy(text: str) -> str:
    """Collapse runs of spaces inside a line; keep the characters otherwise."""
    return _SPACES.sub(" ", text).strip()
