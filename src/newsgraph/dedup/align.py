"""Align: which sentence of one document corresponds to which sentence of another.

Copies keep the order of their original, so the backbone is a monotone alignment
(dynamic programming that maximises the summed similarity of matched sentences,
skipping freely). A rewrite may move a sentence; such moves are added afterwards
when the moved pair is clearly more similar than the match threshold.

>>> import numpy as np
>>> sim = np.array([[0.9, 0.1, 0.0], [0.1, 0.2, 0.95]])
>>> align_sentences(sim, allowed=sim >= 0.5)
[(0, 0), (1, 2)]
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist


def lexical_similarity(a_sentences: list[str], b_sentences: list[str]) -> np.ndarray:
    """Character-level similarity (normalised Indel ratio, 0..1) of every sentence pair."""
    if not a_sentences or not b_sentences:
        return np.zeros((len(a_sentences), len(b_sentences)), dtype=np.float32)
    return cdist(a_sentences, b_sentences, scorer=fuzz.ratio, dtype=np.float32, workers=1) / 100.0


def align_sentences(
    sim: np.ndarray, allowed: np.ndarray, moved: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """Matched (i, j) sentence pairs, sorted by i, each sentence used at most once.

    `allowed[i, j]` says whether the pair may match at all; among allowed pairs the
    monotone alignment with the largest summed similarity wins. With `moved`, sentences
    left over are then paired out of order, most similar first, where `moved[i, j]`.
    """
    n, m = sim.shape
    if n == 0 or m == 0:
        return []
    gain = np.where(allowed, sim.astype(np.float64), -np.inf)
    table = np.zeros((n + 1, m + 1), dtype=np.float64)
    for i in range(1, n + 1):
        row = np.maximum(table[i - 1, 1:], table[i - 1, :-1] + gain[i - 1])
        table[i, 1:] = np.maximum.accumulate(row)
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if table[i, j] == table[i - 1, j]:
            i -= 1
        elif table[i, j] == table[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i -= 1
            j -= 1
    pairs.reverse()
    if moved is not None:
        pairs = _add_moved(sim, moved, pairs)
    return pairs


def _add_moved(
    sim: np.ndarray, moved: np.ndarray, pairs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    if not moved.any():
        return pairs
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    free_a = [i for i in range(sim.shape[0]) if i not in used_a]
    free_b = [j for j in range(sim.shape[1]) if j not in used_b]
    if not free_a or not free_b:
        return pairs
    sub = sim[np.ix_(free_a, free_b)]
    ok = moved[np.ix_(free_a, free_b)]
    rows, cols = np.nonzero(ok)
    for r, c in sorted(zip(rows, cols, strict=True), key=lambda rc: (-sub[rc[0], rc[1]], rc)):
        i, j = free_a[r], free_b[c]
        if i in used_a or j in used_b:
            continue
        pairs.append((i, j))
        used_a.add(i)
        used_b.add(j)
    return sorted(pairs)


def fill_gaps(
    pairs: list[tuple[int, int]], sim: np.ndarray, floor: float, widest: int = 3
) -> list[tuple[int, int]]:
    """Pair the unmatched sentences that sit between two matched neighbours when the gap is
    as wide on both sides (at most `widest`): in a confirmed copy they are counterparts, only
    translated or reworded more freely. Each filled pair still needs similarity `floor`."""
    n, m = sim.shape
    ordered = sorted(pairs)
    used_b = {j for _, j in ordered}
    anchors = [(-1, -1), *ordered, (n, m)]
    filled = list(ordered)
    for (i1, j1), (i2, j2) in zip(anchors, anchors[1:], strict=False):
        gap = i2 - i1 - 1
        if 1 <= gap <= widest and gap == j2 - j1 - 1:
            filled.extend(
                (i1 + t, j1 + t)
                for t in range(1, gap + 1)
                if j1 + t not in used_b and sim[i1 + t, j1 + t] >= floor
            )
    return sorted(filled)
