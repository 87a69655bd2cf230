"""The knobs of the copy finder, in one dataclass with defaults measured on the benchmarks
(see docs/benchmarks/dedup.md for how each was chosen)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CopyParams:
    """Thresholds and sizes of every stage of `newsgraph.dedup`."""

    # fingerprint
    shingle_size: int = 3  # words per shingle
    num_perm: int = 128  # MinHash permutations
    lead_words: int = 40  # words of the article's opening embedded as its document vector
    lead_min_line_words: int = 8  # shorter lines at the top (headline, byline, date) are skipped
    # candidates
    lsh_threshold: float = 0.5  # estimated shingle Jaccard for an LSH candidate
    word_lsh_threshold: float = 0.5  # estimated Jaccard of the word sets (re-wordings)
    vector_threshold: float = 0.45  # cosine of document vectors for a rewrite/translation candidate
    vector_neighbours: int = 8  # nearest document vectors kept per document
    word_neighbours: int = 8  # word-set LSH candidates kept per document (most bands shared)
    ivf_min_docs: int = 4000  # below this many vectors the search is exact; at this many the
    #                           inverted-file cells are trained (once, on these vectors)
    ivf_cells: int = 256  # cells of the inverted-file index
    ivf_probe: int = 8  # cells probed per query in the inverted-file index
    # verify / align
    min_shared_words: float = 0.4  # same language: share of the smaller document's distinct
    #                                words of 4+ letters found in the other, checked before any
    #                                sentence is embedded (re-wordings keep names and nouns)
    rewrite_lexical: float = 0.6  # same language, before embedding: a loose wording match ...
    rewrite_reach: float = 0.35  # ... must reach this share of the smaller document's words
    #                              (measured: re-worded and MT-vs-human copies 0.40 and up,
    #                              lowest of 1,458 0.402; other articles on one topic pass
    #                              0.9 % of the time at 0.3, 0.25 % at 0.35, and each that
    #                              passes has every sentence of both sides embedded: the copy
    #                              finder's largest cost. docs/benchmarks/dedup.md)
    lexical_match: float = 0.75  # character-level similarity for a sentence pair, same language
    semantic_match: float = 0.7  # embedding cosine for a sentence pair in one language (rewrites)
    translation_match: float = 0.6  # the same across languages (cosines run lower there)
    gap_fill: float = 0.3  # an unmatched sentence between matched neighbours, mirrored on the
    #                        other side, is paired with its counterpart from this cosine up
    reorder_bonus: float = 0.1  # a sentence out of order must be this much more similar
    # classify
    near_coverage: float = 0.9  # share of words aligned lexically on both sides for `near`
    contains_coverage: float = 0.9  # share of the smaller document for `contains`
    edit_similarity: float = 0.92  # mean wording similarity of aligned sentences for `near` and
    #                                `contains`; below it the copy was re-worded (`rewrite`)
    copy_coverage: float = 0.6  # share of the smaller document aligned for any copy
    long_coverage: float = 0.2  # share of the larger document aligned for any copy
    min_aligned_sentences: int = 2
    min_meaning_sentences: int = 3  # a copy by meaning (rewrite, translation) needs this many
    # A long, closely matching passage is a copy even when the rest of the page is other
    # material (a teaser page with link lists, an article quoted in full in a longer one).
    passage_sentences: int = 8
    passage_words: int = 150
    passage_similarity: float = 0.8  # mean similarity of the aligned sentences
    passage_coverage: float = 0.3  # share of the smaller document still required
    min_aligned_words: int = 15
    # A follow-up story (published another day) inserts a passage of its own at least this
    # long inside the stretch it shares with the earlier story (see verify.py).
    followup_run_sentences: int = 3
    followup_run_words: int = 50
    followup_novel: float = 0.7  # ... of sentences with no sentence this alike on the other side
