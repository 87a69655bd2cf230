"""Lines, headings and paragraphs of a body, for when spaCy glues them into one sentence.

spaCy's parser decides sentence ends from the words alone, so a heading, a wire header
("... For Immediate Release") or a dateline line often ends up in one "sentence" with
the paragraph after it. `Segments` cuts the body at hard breaks (line ends and the
document's block boundaries) so that the events stage never takes an actor or a date
from another line than its trigger, and never codes an event from a heading (headline
language is compressed and the body states the same event in full).

Without blocks, a line is a heading when it is short, does not end a sentence, and
another non-empty line follows it. A hard-wrapped text (most lines long and unfinished)
breaks at blank lines only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_LINE_END = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ":", ";", ",", "…")
HEADING_MAX_WORDS = 20
# a body whose unfinished lines are mostly this long is hard-wrapped prose
_WRAP_MIN_CHARS = 50
_WRAP_SHARE = 0.6


@dataclass
class Segments:
    """Hard-break segments of one body: where each starts, which are headings, and
    which paragraph (run of lines between blank lines or blocks) each belongs to."""

    starts: list[int] = field(default_factory=lambda: [0])
    headings: set[int] = field(default_factory=set)
    paragraphs: list[int] = field(default_factory=lambda: [0])

    def of(self, char: int) -> int:
        """Index of the segment holding character offset `char`."""
        return max(0, bisect_right(self.starts, char) - 1)

    def same(self, a: int, b: int) -> bool:
        return self.of(a) == self.of(b)

    def is_heading(self, char: int) -> bool:
        return self.of(char) in self.headings

    def paragraph(self, char: int) -> int:
        return self.paragraphs[self.of(char)]


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _LINE_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _heading_line(line: str, followed: bool) -> bool:
    words = line.split()
    return (
        followed
        and 0 < len(words) <= HEADING_MAX_WORDS
        and not line.rstrip().endswith(_SENTENCE_END)
    )


def _hard_wrapped(lines: list[str]) -> bool:
    full = [ln.strip() for ln in lines if ln.strip()]
    if len(full) < 5:
        return False
    unfinished = [ln for ln in full if not ln.endswith(_SENTENCE_END)]
    long = [ln for ln in unfinished if len(ln) >= _WRAP_MIN_CHARS]
    return len(long) >= _WRAP_SHARE * len(full)


def build_segments(text: str, blocks=()) -> Segments:
    """Segments of `text`; `blocks` are the document's `Block`s (may be empty)."""
    spans = _lines(text)
    texts = [text[s:e] for s, e in spans]
    wrapped = _hard_wrapped(texts)
    heading_blocks = [(b.start, b.end) for b in blocks if b.kind == "heading"]
    # (start, opens a paragraph, is a heading)
    cuts: dict[int, tuple[bool, bool]] = {}
    prev_blank = True
    for i, (s, _e) in enumerate(spans):
        line = texts[i]
        if not line.strip():
            prev_blank = True
            continue
        if wrapped and not prev_blank and cuts:
            continue  # a wrapped line continues the segment before it
        followed = any(t.strip() for t in texts[i + 1 :])
        heading = (
            any(hs <= s < he for hs, he in heading_blocks)
            if heading_blocks
            else not wrapped and _heading_line(line, followed)
        )
        cuts[s] = (prev_blank, heading)
        prev_blank = False
    # block boundaries inside a line (a body assembled without line breaks) cut too
    for b in blocks:
        if 0 < b.start < len(text):
            cuts[b.start] = (True, b.kind == "heading")
    seg = Segments(starts=[], headings=set(), paragraphs=[])
    para = -1
    for start in sorted(cuts):
        opens, heading = cuts[start]
        para += opens or para < 0
        if heading:
            seg.headings.add(len(seg.starts))
        seg.starts.append(start)
        seg.paragraphs.append(para)
    if not seg.starts or seg.starts[0] != 0:
        seg.starts.insert(0, 0)
        seg.paragraphs.insert(0, 0)
        seg.headings = {h + 1 for h in seg.headings}
    return seg
