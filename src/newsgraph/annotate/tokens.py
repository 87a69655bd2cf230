"""Token attributes of a parsed document as plain Python lists, read once per document.

Every `doc[i]` and every step of `for tok in doc` makes a new `Token` object, and every
`tok.pos_` looks a string up; the stages that scan whole documents for a few words
(reporting verbs, pattern triggers, member nouns) spent most of their time doing just
that. `token_table(sdoc)` copies the attributes they scan with one `Doc.to_array` call,
so a scan reads list items and makes a `Token` only where it stops.

The table of the last document asked for is kept per thread (a worker analyses one
document at a time), so the stages of one document share it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

# The strings behind the hashes `to_array` returns are the same in every document of a
# vocabulary: kept here once found (the lemma's lower case in a table of its own), and
# forgotten when a table grows past _MAX_STRINGS, so memory stays bounded however many
# new words a long build meets.
_STRINGS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}
_MAX_STRINGS = 200_000


@dataclass(frozen=True)
class TokenTable:
    """Per-token columns of one spaCy `Doc` (index i is token i)."""

    doc: object
    text: str  # the document's text (spaCy's Doc.text is joined anew on every call)
    idx: list[int]  # character offset of the token
    end: list[int]  # character offset just past it
    pos: list[str]  # coarse part of speech ("VERB")
    tag: list[str]  # fine tag ("VBD")
    dep: list[str]  # dependency label ("ccomp")
    lemma: list[str]  # lemma, lower-cased
    lower: list[str]  # the word, lower-cased
    punct: list[bool]  # spaCy's IS_PUNCT
    space: list[bool]  # spaCy's IS_SPACE
    alpha: list[bool]  # spaCy's IS_ALPHA
    sent_start: list[bool]  # the parse marks the token as a sentence's first
    sent: list[int]  # index of the token's sentence
    sents: list[tuple[int, int]]  # (first token, one past the last) of each sentence

    def __len__(self) -> int:
        return len(self.idx)

    def sentence(self, i: int) -> tuple[int, int]:
        """(first token, one past the last) of token `i`'s sentence."""
        return self.sents[self.sent[i]]

    def words(self) -> int:
        """Tokens that are neither white space nor punctuation."""
        return sum(1 for p, s in zip(self.punct, self.space, strict=True) if not p and not s)

    def sentence_chars(self) -> list[tuple[int, int]]:
        """(start, end) character offsets of each sentence."""
        return [(self.idx[s], self.end[e - 1]) for s, e in self.sents]


_LAST = threading.local()


def token_table(sdoc, text: str | None = None) -> TokenTable:
    """The table of `sdoc` (built on the first call for it in this thread).

    `text` is the text spaCy was given, when the caller has it (a text of another length
    or with another last token is not taken; spaCy's own is joined from the tokens)."""
    table = getattr(_LAST, "table", None)
    if table is not None and table.doc is sdoc and len(table) == len(sdoc):
        return table
    table = _build(sdoc, text)
    _LAST.table = table
    return table


def _build(sdoc, text: str | None) -> TokenTable:
    from spacy.attrs import (
        DEP,
        IDX,
        IS_ALPHA,
        IS_PUNCT,
        IS_SPACE,
        LEMMA,
        LENGTH,
        LOWER,
        POS,
        SENT_START,
        TAG,
    )

    n = len(sdoc)
    if not n:
        return TokenTable(sdoc, sdoc.text, *([] for _ in range(13)))
    attrs = [IDX, LENGTH, POS, TAG, DEP, LEMMA, LOWER, SENT_START, IS_PUNCT, IS_ALPHA, IS_SPACE]
    cols = sdoc.to_array(attrs).T.tolist()
    idx, length = cols[0], cols[1]
    end = [i + k for i, k in zip(idx, length, strict=True)]
    strings = sdoc.vocab.strings
    pos = _strings(cols[2], strings)
    tag = _strings(cols[3], strings)
    dep = _strings(cols[4], strings)
    lemma = _strings(cols[5], strings, lowered=True)
    lower = _strings(cols[6], strings)
    # SENT_START is 1 at a sentence's first token (-1 or 0 elsewhere; the first token of
    # the document starts one whatever it says).
    starts = [flag == 1 for flag in cols[7]]
    sent, sents, current, first = [], [], -1, 0
    for i, flag in enumerate(starts):
        if i == 0 or flag:
            if i:
                sents.append((first, i))
            current, first = current + 1, i
        sent.append(current)
    sents.append((first, n))
    full = end[-1] + len(sdoc[-1].whitespace_)
    if text is None or len(text) != full or text[idx[-1] : end[-1]] != sdoc[-1].text:
        text = sdoc.text
    punct = [flag == 1 for flag in cols[8]]
    alpha = [flag == 1 for flag in cols[9]]
    space = [flag == 1 for flag in cols[10]]
    return TokenTable(
        sdoc, text, idx, end, pos, tag, dep, lemma, lower, punct, space, alpha, starts, sent, sents
    )


def _strings(hashes: list[int], strings, lowered: bool = False) -> list[str]:
    """The strings of `hashes` (lower-cased when `lowered`), through the module's tables."""
    known = _LOWERED if lowered else _STRINGS
    if len(known) > _MAX_STRINGS:
        known.clear()
    out = []
    for h in hashes:
        s = known.get(h)
        if s is None:
            s = strings[h] if h else ""
            s = known[h] = s.lower() if lowered else s
        out.append(s)
    return out
