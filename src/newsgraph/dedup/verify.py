"""Verify and classify: is a candidate pair a copy, and of which kind?

A pair is a copy only when its sentence alignment covers most of the smaller
document (and a fair part of the larger one when the match is by meaning, not by
wording): two articles about one event share facts, names and a quote or two, but
not the sentence-by-sentence course of a text. The kind follows from how the
sentences matched:

- `exact`: the same words in the same order (case, punctuation and spacing aside);
- `near`: nearly every sentence of both matches by wording;
- `contains`: nearly every sentence of the smaller one is found by wording in the larger;
- `translation`: the languages differ and the sentences match by meaning;
- `rewrite`: the same language, sentences match by meaning, not by wording.

The larger document is `a` (for `contains`, the one that contains the other).

A follow-up story is not a copy, even when it re-uses most of an earlier story: when the
two were published on different days and one of them has a long passage of its own
inside the stretch the two share (`followup_run_sentences` unmatched sentences in a row,
with `followup_run_words` words, between aligned sentences), the pair is rejected. A
syndicated or translated copy keeps the course of its original; a follow-up inserts the
news of its own day into it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from newsgraph.dedup import text as tx
from newsgraph.dedup.align import align_sentences, fill_gaps, lexical_similarity
from newsgraph.dedup.params import CopyParams
from newsgraph.model import AlignedPair, DocRelation


@dataclass(frozen=True)
class Side:
    """One document of a pair as the verifier sees it."""

    doc_id: str
    body: str
    sentences: tuple[tuple[int, int], ...]
    language: str | None
    normal_hash: str
    published: str | None = None  # YYYY[-MM[-DD]], as ingest read it

    def texts(self) -> list[str]:
        return [self.body[s:e] for s, e in self.sentences]

    # Derived views, computed once per side (a side is usually in several candidate pairs).
    @cached_property
    def normal_texts(self) -> list[str]:
        return [tx.normal_form(t) for t in self.texts()]

    @cached_property
    def sentence_words(self) -> np.ndarray:
        return np.asarray([len(t.split()) for t in self.normal_texts], dtype=np.float64)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Distinct words of 4+ letters."""
        return frozenset(w for t in self.normal_texts for w in t.split() if len(w) >= 4)


# Embeds the sentences of a side: returns (len(side.sentences), 512) unit vectors.
SentenceVectors = Callable[[Side], np.ndarray]


def compare_documents(
    x: Side, y: Side, sentence_vectors: SentenceVectors, params: CopyParams = CopyParams()
) -> DocRelation | None:
    """The copy relation between `x` and `y`, or None when they are not copies."""
    if not x.sentences or not y.sentences:
        return None
    wx, wy = x.sentence_words, y.sentence_words
    # `a` is the larger document; ties go to the smaller id so the order is stable.
    if (wy.sum(), x.doc_id) > (wx.sum(), y.doc_id):
        x, y, wx, wy = y, x, wy, wx
    a, b, wa, wb = x, y, wx, wy
    if a.normal_hash == b.normal_hash:
        return _relation(a, b, "exact", 1.0, _identity_pairs(a, b))
    cross_language = a.language is not None and b.language is not None and a.language != b.language
    if not cross_language and _shared_words(a, b) < params.min_shared_words:
        # Too few words in common for any copy in one language (a near copy or a part keeps
        # nearly all of them, a re-wording most): spare the alignment and the embeddings.
        return None
    lexical = None
    if not cross_language:
        lexical = lexical_similarity(a.normal_texts, b.normal_texts)
        allowed = lexical >= params.lexical_match
        # No alignment can cover more than the sentences that have an allowed match at
        # all: when that is too little on both sides for `near` or `contains`, skip it.
        least = min(params.near_coverage, params.contains_coverage)
        pairs = (
            align_sentences(
                lexical, allowed, moved=lexical >= params.lexical_match + params.reorder_bonus
            )
            if _reachable(allowed, wa, 1) >= least or _reachable(allowed, wb, 0) >= least
            else []
        )
        cov_a, cov_b = _coverage(pairs, wa, wb)
        if (
            _enough(pairs, wb, params)
            and _mean_similarity(pairs, lexical, wb) >= params.edit_similarity
        ):
            kind = None
            if cov_a >= params.near_coverage and cov_b >= params.near_coverage:
                kind = "near"
            elif cov_b >= params.contains_coverage:
                kind = "contains"
            elif cov_a >= params.contains_coverage:  # the larger by words is the part
                a, b, wa, wb, lexical = b, a, wb, wa, lexical.T
                pairs = [(j, i) for i, j in pairs]
                kind = "contains"
            if kind is not None and _follow_up(a, b, pairs, lexical, wa, wb, params):
                return None
            if kind is not None:
                score = _score(pairs, lexical, wb)
                return _relation(a, b, kind, score, _aligned(a, b, pairs, lexical))
    if lexical is not None and _lexical_reach(lexical, wa, wb, params) < params.rewrite_reach:
        # A re-wording keeps enough wording sentence by sentence for a loose character match
        # to run through a fair part of it; two articles on one topic do not. Checked before
        # any sentence is embedded: the embeddings are the copy finder's largest cost.
        return None
    semantic = sentence_vectors(a) @ sentence_vectors(b).T
    sim = semantic if lexical is None else np.maximum(semantic, lexical)
    threshold = params.translation_match if cross_language else params.semantic_match
    allowed = semantic >= threshold
    if lexical is not None:
        allowed |= lexical >= params.lexical_match
    pairs = align_sentences(sim, allowed, moved=sim >= threshold + params.reorder_bonus)
    # The decision rests on confident matches only; filled gaps refine the alignment shown.
    cov_a, cov_b = _coverage(pairs, wa, wb)
    if len(pairs) < params.min_meaning_sentences or not _enough(pairs, wb, params):
        return None
    if not (cov_b >= params.copy_coverage and cov_a >= params.long_coverage) and not _long_passage(
        pairs, sim, wb, cov_b, params
    ):
        return None
    pairs = fill_gaps(pairs, sim, params.gap_fill)
    if _follow_up(a, b, pairs, sim, wa, wb, params):
        return None
    kind = "translation" if cross_language else "rewrite"
    return _relation(a, b, kind, _score(pairs, sim, wb), _aligned(a, b, pairs, sim))


def _follow_up(
    a: Side,
    b: Side,
    pairs: list[tuple[int, int]],
    sim: np.ndarray,
    wa: np.ndarray,
    wb: np.ndarray,
    params: CopyParams,
) -> bool:
    """Published on different days, and one side inserts a long passage of its own inside
    the aligned stretch (see module docstring)."""
    if not _different_days(a.published, b.published):
        return False
    # a sentence is "of its own" when nothing on the other side is like it (a sentence a
    # translation split or merged is unaligned but has its counterpart)
    own_a = sim.max(axis=1) < params.followup_novel
    own_b = sim.max(axis=0) < params.followup_novel
    return _inserted_run(sorted({i for i, _ in pairs}), wa, own_a, params) or _inserted_run(
        sorted({j for _, j in pairs}), wb, own_b, params
    )


def _different_days(x: str | None, y: str | None) -> bool:
    """Both dates known to the day, and different."""
    return bool(x and y and len(x) >= 10 and len(y) >= 10 and x[:10] != y[:10])


def inserted_runs(
    aligned: list[int], words: np.ndarray, own: np.ndarray
) -> list[tuple[int, float]]:
    """(sentences, words) of each run of unaligned sentences of one side's own (`own`: no
    like sentence on the other side) between two aligned ones (`aligned`: sorted indexes of
    that side's aligned sentences)."""
    runs = []
    for i, j in zip(aligned, aligned[1:], strict=False):
        count, total = 0, 0.0
        for k in range(i + 1, j):
            if own[k]:
                count, total = count + 1, total + float(words[k])
            else:
                runs.append((count, total))
                count, total = 0, 0.0
        runs.append((count, total))
    return [r for r in runs if r[0]]


def _inserted_run(
    aligned: list[int], words: np.ndarray, own: np.ndarray, params: CopyParams
) -> bool:
    return any(
        n >= params.followup_run_sentences and w >= params.followup_run_words
        for n, w in inserted_runs(aligned, words, own)
    )


def _lexical_reach(
    lexical: np.ndarray, wa: np.ndarray, wb: np.ndarray, params: CopyParams
) -> float:
    """Share of b's words in sentences a monotone alignment pairs at the loose wording
    similarity `rewrite_lexical` (a cheap upper view of how much of b a rewrite covers)."""
    allowed = lexical >= params.rewrite_lexical
    bound = _reachable(allowed, wb, 0)
    if bound < params.rewrite_reach:  # already too little: spare the alignment
        return bound
    return _coverage(align_sentences(lexical, allowed), wa, wb)[1]


def _reachable(allowed: np.ndarray, words: np.ndarray, axis: int) -> float:
    """Share of one side's words in sentences with at least one allowed match on the other
    (`axis` 1: the rows' side, 0: the columns'): an upper bound of any alignment's coverage."""
    if not allowed.size:
        return 0.0
    return float(words[allowed.any(axis=axis)].sum() / max(words.sum(), 1))


def _shared_words(a: Side, b: Side) -> float:
    """Share of the smaller vocabulary (distinct words of 4+ letters) found in the other."""
    return len(a.vocabulary & b.vocabulary) / max(min(len(a.vocabulary), len(b.vocabulary)), 1)


def _coverage(pairs: list[tuple[int, int]], wa: np.ndarray, wb: np.ndarray) -> tuple[float, float]:
    """Share of the words of a and of b that stand in aligned sentences."""
    if not pairs:
        return 0.0, 0.0
    ia = sorted({i for i, _ in pairs})
    ib = sorted({j for _, j in pairs})
    return float(wa[ia].sum() / max(wa.sum(), 1)), float(wb[ib].sum() / max(wb.sum(), 1))


def _enough(pairs: list[tuple[int, int]], wb: np.ndarray, params: CopyParams) -> bool:
    """Enough aligned text to call anything a copy (two short shared lines are not)."""
    if len(pairs) < min(params.min_aligned_sentences, len(wb)):
        return False
    return wb[sorted({j for _, j in pairs})].sum() >= min(params.min_aligned_words, wb.sum())


def _long_passage(pairs, sim: np.ndarray, wb: np.ndarray, cov_b: float, params: CopyParams) -> bool:
    if len(pairs) < params.passage_sentences or cov_b < params.passage_coverage:
        return False
    words = wb[sorted({j for _, j in pairs})].sum()
    return (
        words >= params.passage_words
        and _mean_similarity(pairs, sim, wb) >= params.passage_similarity
    )


def _mean_similarity(pairs: list[tuple[int, int]], sim: np.ndarray, wb: np.ndarray) -> float:
    """Word-weighted mean similarity of the aligned sentences (weights from b's side)."""
    weights = np.asarray([wb[j] for _, j in pairs], dtype=np.float64)
    values = np.asarray([sim[i, j] for i, j in pairs], dtype=np.float64)
    return float((weights * values).sum() / max(weights.sum(), 1.0))


def _score(pairs: list[tuple[int, int]], sim: np.ndarray, w_covered: np.ndarray) -> float:
    """Word-weighted similarity of the covered document's sentences (unmatched count 0)."""
    total = max(float(w_covered.sum()), 1.0)
    return round(float(sum(sim[i, j] * w_covered[j] for i, j in pairs) / total), 4)


def _identity_pairs(a: Side, b: Side) -> list[tuple[int, int, float]]:
    lexical = lexical_similarity(a.normal_texts, b.normal_texts)
    pairs = align_sentences(lexical, lexical >= 0.5)
    return [(i, j, float(lexical[i, j])) for i, j in pairs]


def _aligned(a: Side, b: Side, pairs: list[tuple[int, int]], sim: np.ndarray):
    return [(i, j, float(sim[i, j])) for i, j in pairs]


def _relation(a: Side, b: Side, kind: str, score: float, pairs) -> DocRelation:
    used_a = {i for i, _, _ in pairs}
    used_b = {j for _, j, _ in pairs}
    return DocRelation(
        a=a.doc_id,
        b=b.doc_id,
        kind=kind,  # type: ignore[arg-type]
        score=score,
        aligned=tuple(
            AlignedPair(*a.sentences[i], *b.sentences[j], round(s, 4)) for i, j, s in pairs
        ),
        a_only=tuple(span for k, span in enumerate(a.sentences) if k not in used_a),
        b_only=tuple(span for k, span in enumerate(b.sentences) if k not in used_b),
    )
