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
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np

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
    head: list[int]  # index of the token's syntactic head (its own for a sentence's root)
    children: list[list[int]]  # indexes of the token's syntactic children, in text order
    # (leftmost, rightmost) token of each subtree asked for so far
    _edges: dict[int, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

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

    def subtree(self, i: int) -> list[int]:
        """Token `i` and its descendants, in the order of spaCy's `Token.subtree` (each
        left child's subtree, the token, each right child's subtree)."""
        out: list[int] = []
        self._add_subtree(i, out)
        return out

    def _add_subtree(self, i: int, out: list[int]) -> None:
        kids = self.children[i]
        k = 0
        while k < len(kids) and kids[k] < i:
            self._add_subtree(kids[k], out)
            k += 1
        out.append(i)
        for j in kids[k:]:
            self._add_subtree(j, out)

    def left_edge(self, i: int) -> int:
        """The leftmost token of token `i`'s subtree (spaCy's `Token.left_edge`)."""
        return self._edge(i)[0]

    def right_edge(self, i: int) -> int:
        """The rightmost token of token `i`'s subtree (spaCy's `Token.right_edge`)."""
        return self._edge(i)[1]

    def _edge(self, i: int) -> tuple[int, int]:
        edge = self._edges.get(i)
        if edge is None:
            left = right = i
            for c in self.children[i]:
                low, high = self._edge(c)
                left, right = min(left, low), max(right, high)
            edge = self._edges[i] = (left, right)
        return edge

    def conjuncts(self, i: int) -> list[int]:
        """The tokens coordinated with token `i`, without it, as spaCy's `Token.conjuncts`
        finds them: from the first conjunct of the chain, its `conj` children to the right,
        and theirs."""
        start = i
        while self.head[start] != start and self.dep[start] == "conj":
            start = self.head[start]
        out = [start]
        for word in out:
            out.extend(c for c in self.children[word] if c > word and self.dep[c] == "conj")
        return [w for w in out if w != i]

    def token_span(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """(first token, one past the last) of the tokens the characters
        [start_char, end_char) touch, as spaCy's `Doc.char_span(...,
        alignment_mode="expand")` finds them; None where it finds none."""
        first = self._token_at(start_char)
        last = self._token_at(end_char - 1)
        if first < 0 or last < 0:
            return None
        if start_char == self.end[first]:  # the whitespace after a token starts no span
            first += 1
        return (first, last + 1) if first <= last + 1 else None

    def _token_at(self, char: int) -> int:
        """The token whose text or trailing whitespace holds character `char`, else -1."""
        if char < 0 or not self.idx or char >= len(self.text):
            return -1
        return bisect_right(self.idx, char) - 1

    def span_root(self, start: int, end: int) -> int:
        """The root of tokens [start, end) as spaCy's `Span.root` chooses it: a sentence
        root inside the span, else the token closest to its sentence's root whose head
        lies outside the span (the first of equals; a childless space or punctuation
        mark only when nothing else is); the first token when none qualifies."""
        for i in range(start, end):
            if self.head[i] == i:
                return i
        best, root = len(self.idx), -1
        for i in range(start, end):
            if start <= self.head[i] < end:
                continue
            if (self.space[i] or self.punct[i]) and not self.children[i]:
                steps = len(self.idx) - 1
            else:
                steps, j = 0, i
                while self.head[j] != j:
                    j = self.head[j]
                    steps += 1
            if steps < best:
                best, root = steps, i
        return start if root < 0 else root


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
        HEAD,
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
        return TokenTable(sdoc, sdoc.text, *([] for _ in range(15)))
    attrs = [
        IDX,
        LENGTH,
        POS,
        TAG,
        DEP,
        LEMMA,
        LOWER,
        SENT_START,
        IS_PUNCT,
        IS_ALPHA,
        IS_SPACE,
        HEAD,
    ]
    array = sdoc.to_array(attrs)
    cols = array.T.tolist()
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
    # HEAD is the signed offset to the head, stored in the array's unsigned 64 bits
    head = (array[:, 11].view(np.int64) + np.arange(n, dtype=np.int64)).tolist()
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(head):
        if h != i:
            children[h].append(i)
    return TokenTable(
        sdoc,
        text,
        idx,
        end,
        pos,
        tag,
        dep,
        lemma,
        lower,
        punct,
        space,
        alpha,
        starts,
        sent,
        sents,
        head,
        children,
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
