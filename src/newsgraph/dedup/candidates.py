"""Candidates: which pairs of documents are worth aligning. Never all pairs.

Three blocking keys, each near-linear in the number of documents:

1. the hash of the normal form (exact copies, a dictionary look-up);
2. MinHash LSH over word shingles (datasketch `MinHashLSH`): near copies and
   truncations that keep at least about half of the text; and a second one over the set
   of words of each document: re-wordings in the same language keep most of their words
   while their shingles change;
3. the nearest document vectors (embeddings of each article's opening): rewrites,
   translations and short truncations, which share little surface text with their
   original but open the same way. Small collections are searched exactly; larger ones
   through an inverted-file index (spherical k-means cells, a few probed per query), so
   each query scores a few hundred vectors instead of all of them.

Documents are numbered in the order they were added; a query is only paired with
documents added before it, so each pair is proposed once and a later build pairs new
documents with old ones without touching old pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from newsgraph.dedup.fingerprint import MINHASH_SCHEME, MINHASH_SEED, Fingerprint
from newsgraph.dedup.params import CopyParams

Candidate = tuple[int, int, str]  # (earlier position, later position, which key proposed it)


class CopyIndex:
    """The blocking keys of every document, old and new, by position."""

    def __init__(self, params: CopyParams = CopyParams()) -> None:
        self.params = params
        self.fingerprints: list[Fingerprint] = []
        self.lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)
        self.word_lsh = MinHashLSH(threshold=params.word_lsh_threshold, num_perm=params.num_perm)
        self.by_hash: dict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.fingerprints)

    def add(self, fingerprints: Iterable[Fingerprint]) -> None:
        """Append documents (in the order they were added to the corpus)."""
        for fp in fingerprints:
            position = len(self.fingerprints)
            self.fingerprints.append(fp)
            self.by_hash[fp.normal_hash].append(position)
            self.lsh.insert(position, _lean(fp.minhash), check_duplication=False)
            if fp.word_minhash is not None:
                self.word_lsh.insert(position, _lean(fp.word_minhash), check_duplication=False)

    def candidates(self, queries: Iterable[int]) -> list[Candidate]:
        """Candidate pairs (earlier, query, key) for the documents at `queries`, sorted."""
        queries = sorted(set(queries))
        found: dict[tuple[int, int], str] = {}
        for q in queries:
            for p in self.by_hash[self.fingerprints[q].normal_hash]:
                if p < q:
                    found.setdefault((p, q), "exact")
        for q in queries:
            fp = self.fingerprints[q]
            for p in self.lsh.query(_lean(fp.minhash)):
                if p < q:
                    found.setdefault((p, q), "minhash")
            if fp.word_minhash is None:
                continue
            for p in self.word_lsh.query(_lean(fp.word_minhash)):
                if p < q and _same_language(fp, self.fingerprints[p]):
                    found.setdefault((p, q), "words")
        for p, q in self._vector_pairs(queries):
            found.setdefault((p, q), "vector")
        return sorted((p, q, key) for (p, q), key in found.items())

    # ------------------------------------------------------------------ vectors
    def _vector_pairs(self, queries: list[int]) -> list[tuple[int, int]]:
        has_vector = [i for i, fp in enumerate(self.fingerprints) if fp.embedding is not None]
        if not has_vector or not queries:
            return []
        positions = np.asarray(has_vector, dtype=np.int64)
        matrix = np.stack([self.fingerprints[i].embedding for i in has_vector]).astype(np.float32)
        row_of = {int(p): r for r, p in enumerate(positions)}
        query_rows = np.asarray([row_of[q] for q in queries if q in row_of], dtype=np.int64)
        if len(query_rows) == 0:
            return []
        if len(matrix) < self.params.ivf_min_docs:
            scored = _exact_search(matrix, query_rows, self.params.vector_threshold)
        else:
            scored = _ivf_search(matrix, query_rows, self.params)
        return _keep_nearest(scored, positions, self.params.vector_neighbours)


def _lean(hashvalues: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=hashvalues, scheme=MINHASH_SCHEME)


def _same_language(x: Fingerprint, y: Fingerprint) -> bool:
    return x.language is None or y.language is None or x.language == y.language


def _exact_search(matrix: np.ndarray, query_rows: np.ndarray, threshold: float):
    """(query row, other row, cosine) for earlier rows above `threshold`, by matrix product."""
    out = []
    for start in range(0, len(query_rows), 512):
        rows = query_rows[start : start + 512]
        sims = matrix[rows] @ matrix.T
        q_idx, p_idx = np.nonzero(sims >= threshold)
        keep = p_idx < rows[q_idx]
        out.append((rows[q_idx[keep]], p_idx[keep], sims[q_idx[keep], p_idx[keep]]))
    return out


def _ivf_search(matrix: np.ndarray, query_rows: np.ndarray, params: CopyParams):
    """Like `_exact_search`, scoring only the vectors in the cells nearest each query."""
    n_cells = max(8, int(2 * np.sqrt(len(matrix))))
    centroids = _spherical_kmeans(matrix, n_cells)
    cell_of = np.empty(len(matrix), dtype=np.int64)
    for start in range(0, len(matrix), 4096):
        cell_of[start : start + 4096] = np.argmax(
            matrix[start : start + 4096] @ centroids.T, axis=1
        )
    members = [np.nonzero(cell_of == c)[0] for c in range(n_cells)]
    probe = min(params.ivf_probe, n_cells)
    probes = np.empty((len(query_rows), probe), dtype=np.int64)
    for start in range(0, len(query_rows), 4096):
        sims = matrix[query_rows[start : start + 4096]] @ centroids.T
        probes[start : start + 4096] = np.argpartition(-sims, probe - 1, axis=1)[:, :probe]
    # Invert the probes: for each cell, the queries that look into it.
    flat_cells = probes.ravel()
    order = np.argsort(flat_cells, kind="stable")
    bounds = np.searchsorted(flat_cells[order], np.arange(n_cells + 1))
    query_of = np.repeat(query_rows, probe)[order]
    out = []
    for cell in range(n_cells):
        inside = members[cell]
        rows = query_of[bounds[cell] : bounds[cell + 1]]
        if len(inside) == 0 or len(rows) == 0:
            continue
        sims = matrix[rows] @ matrix[inside].T
        q_idx, p_idx = np.nonzero(sims >= params.vector_threshold)
        others = inside[p_idx]
        keep = others < rows[q_idx]
        out.append((rows[q_idx[keep]], others[keep], sims[q_idx[keep], p_idx[keep]]))
    return out


def _spherical_kmeans(matrix: np.ndarray, n_cells: int, iterations: int = 8) -> np.ndarray:
    """Unit-length centroids of `n_cells` cells, trained on a fixed sample (deterministic)."""
    rng = np.random.default_rng(0)
    sample_size = min(len(matrix), 40 * n_cells)
    sample = matrix[np.sort(rng.choice(len(matrix), size=sample_size, replace=False))]
    centroids = sample[np.sort(rng.choice(len(sample), size=n_cells, replace=False))].copy()
    for _ in range(iterations):
        assign = np.argmax(sample @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, sample)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[empty] = centroids[empty]  # a cell that lost all members keeps its place
        norms[empty] = 1.0
        centroids = sums / norms
    return centroids


def _keep_nearest(scored, positions: np.ndarray, k: int) -> list[tuple[int, int]]:
    """The `k` most similar earlier documents of each query, as (earlier, query) positions."""
    if not scored:
        return []
    q = np.concatenate([s[0] for s in scored])
    p = np.concatenate([s[1] for s in scored])
    sim = np.concatenate([s[2] for s in scored])
    order = np.lexsort((p, -sim, q))  # by query, then most similar first, ties by position
    pairs = []
    count = 0
    last = -1
    for i in order:
        if q[i] != last:
            last, count = q[i], 0
        if count < k:
            pairs.append((int(positions[p[i]]), int(positions[q[i]])))
            count += 1
    return pairs
