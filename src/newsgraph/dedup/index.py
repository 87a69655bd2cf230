"""The candidate index, kept in SQLite so that memory does not grow with the corpus.

Three blocking keys, each near-linear in the number of documents, each a table
(`store/migrations/0003_copy_index.sql`) read a few rows per new document:

1. `copy_docs.normal_hash`: exact copies, an indexed look-up;
2. `copy_bands`: MinHash LSH buckets, one row per band of a document (the same banding
   as datasketch's `MinHashLSH` at the same threshold, computed by `minhash.banding`),
   for the word shingles (near copies, truncations that keep about half of the text) and
   for the word set (re-wordings keep most of their words while their shingles change);
3. `copy_vectors`: the opening vectors (rewrites, translations, short truncations),
   grouped in inverted-file cells. Up to `ivf_min_docs` vectors sit in one cell and every
   query scores all of them; at that size spherical k-means centroids are trained once on
   the first `ivf_min_docs` vectors and stored, every vector moves to its nearest cell, and
   a query scores only the vectors of its `ivf_probe` nearest cells, read one cell at a time.

A document is compared with every document before it in the order (already compared
first, then by `seq`), so each pair is proposed once and a later build pairs new documents
with old ones without reading or recomputing the old ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from newsgraph.dedup.encoder import DIMENSIONS
from newsgraph.dedup.fingerprint import Fingerprint
from newsgraph.dedup.minhash import banding
from newsgraph.dedup.params import CopyParams

Candidate = tuple[int, int, str]  # (earlier seq, query seq, which key proposed it)
Entry = tuple[int, Fingerprint]  # (seq, fingerprint)

EXACT_CELL = -1  # the one cell of an index without centroids
CELL_PAGE = 512  # a cell's vectors read this many at a time (1 MB as float32)
QUERY_BLOCK = 512  # queries scored against one page at a time (a 1 MB similarity block)
SHINGLES, WORD_SET = 0, 1  # low bit of a band key
_KEY_ORDER = {"exact": 0, "minhash": 1, "words": 2, "vector": 3}

# Fixed multipliers of the band hash: stored keys must stay comparable across runs.
_MULTIPLIERS = np.random.default_rng(20261121).integers(1, 2**63, size=16, dtype=np.uint64) | 1
_BAND_SALT = np.uint64(0x9E3779B97F4A7C15)


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the index tables in a scratch database (a store has them from its migration)."""
    sql = resources.files("newsgraph.store") / "migrations" / "0003_copy_index.sql"
    conn.executescript(sql.read_text(encoding="utf-8"))


def band_keys(hashvalues: np.ndarray, which: int, bands: int, rows: int) -> np.ndarray:
    """One signed 64-bit key per band: a hash of the band's MinHash values, band number
    mixed in, the low bit telling which MinHash (`SHINGLES` or `WORD_SET`)."""
    values = hashvalues[: bands * rows].astype(np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        h = (values * _MULTIPLIERS[:rows]).sum(axis=1, dtype=np.uint64)
        h ^= (np.arange(1, bands + 1, dtype=np.uint64) * _BAND_SALT) ^ np.uint64(which)
        # splitmix64 finaliser: every input bit reaches every output bit
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return ((h >> np.uint64(2)) << np.uint64(1) | np.uint64(which)).astype(np.int64)


class CopyIndex:
    """The blocking keys of every document, in the tables of `conn` (see module docstring)."""

    def __init__(self, conn: sqlite3.Connection, params: CopyParams = CopyParams()) -> None:
        self.conn = conn
        self.params = params
        self.bands = banding(params.lsh_threshold, params.num_perm)
        self.word_bands = banding(params.word_lsh_threshold, params.num_perm)
        self.centroids = self._load_centroids()

    # ------------------------------------------------------------------ writing
    def add(self, entries: Sequence[Entry], compared: bool = False) -> None:
        """Index documents (inside the caller's transaction); `compared`: already compared
        with everything before them (a previous build)."""
        if not entries:
            return
        self.conn.executemany(
            "insert or replace into copy_docs(seq, doc_id, compared, language, normal_hash) "
            "values (?,?,?,?,?)",
            [(seq, fp.doc_id, int(compared), fp.language, fp.normal_hash) for seq, fp in entries],
        )
        self.conn.executemany(
            "insert or ignore into copy_bands(key, seq) values (?,?)",
            [(int(key), seq) for seq, fp in entries for key in self._keys_of(fp)],
        )
        with_vector = [(seq, fp.embedding) for seq, fp in entries if fp.embedding is not None]
        if with_vector:
            vectors = np.stack([v for _, v in with_vector]).astype(np.float32)
            cells = self._cells_of(vectors)
            self.conn.executemany(
                "insert or replace into copy_vectors(cell, seq, vector) values (?,?,?)",
                [
                    (int(cell), seq, vector.astype("<f2").tobytes())
                    for (seq, _), cell, vector in zip(with_vector, cells, vectors, strict=True)
                ],
            )
            if self.centroids is None:
                self._train_when_large()

    def mark_compared(self, seqs: Iterable[int]) -> None:
        self.conn.executemany(
            "update copy_docs set compared = 1 where seq = ?", [(s,) for s in seqs]
        )

    def indexed(self, seqs: Sequence[int]) -> set[int]:
        """Which of `seqs` are in the index already."""
        found: set[int] = set()
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start : start + 500])
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"select seq from copy_docs where seq in ({','.join('?' * len(chunk))})", chunk
                )
            )
        return found

    def _keys_of(self, fp: Fingerprint) -> np.ndarray:
        keys = [band_keys(fp.minhash, SHINGLES, *self.bands)]
        if fp.word_minhash is not None:
            keys.append(band_keys(fp.word_minhash, WORD_SET, *self.word_bands))
        return np.concatenate(keys)

    # ------------------------------------------------------------------ cells
    def _load_centroids(self) -> np.ndarray | None:
        rows = self.conn.execute("select centroid from copy_cells order by cell").fetchall()
        if not rows:
            return None
        return np.stack([np.frombuffer(r[0], dtype="<f4") for r in rows]).astype(np.float32)

    def _cells_of(self, vectors: np.ndarray) -> np.ndarray:
        if self.centroids is None:
            return np.full(len(vectors), EXACT_CELL, dtype=np.int64)
        return np.argmax(vectors @ self.centroids.T, axis=1)

    def _train_when_large(self) -> None:
        """Once `ivf_min_docs` vectors are indexed: train the cells on the first of them (by
        seq, so the cells do not depend on batch sizes) and move every vector to its cell."""
        count = self.conn.execute(
            "select count(*) from copy_vectors where cell = ?", (EXACT_CELL,)
        ).fetchone()[0]
        if count < self.params.ivf_min_docs:
            return
        sample = self._read_cell(EXACT_CELL, limit=self.params.ivf_min_docs)[1]
        centroids = spherical_kmeans(sample, self.params.ivf_cells)
        self.conn.executemany(
            "insert into copy_cells(cell, centroid) values (?,?)",
            [(k, c.astype("<f4").tobytes()) for k, c in enumerate(centroids)],
        )
        self.centroids = centroids
        while True:
            seqs, vectors = self._read_cell(EXACT_CELL, limit=4096)
            if not len(seqs):
                break
            self.conn.executemany(
                "insert into copy_vectors(cell, seq, vector) values (?,?,?)",
                [
                    (int(cell), int(seq), v.astype("<f2").tobytes())
                    for seq, cell, v in zip(seqs, self._cells_of(vectors), vectors, strict=True)
                ],
            )
            self.conn.executemany(
                "delete from copy_vectors where cell = ? and seq = ?",
                [(EXACT_CELL, int(s)) for s in seqs],
            )

    def _read_cell(self, cell: int, limit: int = -1) -> tuple[np.ndarray, np.ndarray]:
        rows = self.conn.execute(
            "select seq, vector from copy_vectors where cell = ? order by seq limit ?",
            (cell, limit),
        ).fetchall()
        return _unpack(rows)

    # ------------------------------------------------------------------ reading
    def candidates(self, queries: Sequence[Entry]) -> list[Candidate]:
        """Candidate pairs (earlier seq, query seq, key) for indexed documents `queries`,
        sorted by query, then earlier document; each pair once, under its strongest key."""
        return self.candidate_arrays(queries).tuples()

    def candidate_arrays(self, queries: Sequence[Entry]) -> CandidateArrays:
        """`candidates` as arrays: a chunk of thousands of queries has tens of thousands
        of pairs, which as Python tuples and dicts were the largest transient objects of
        the copy step (and what fragmented its memory as the corpus grew)."""
        if not queries:
            return CandidateArrays.empty()
        conn = self.conn
        conn.execute("create temp table if not exists copy_query(key integer, seq integer)")
        conn.execute("create index if not exists temp.copy_query_seq on copy_query(seq, key)")
        conn.execute("create temp table if not exists copy_query_docs(seq integer primary key)")
        conn.execute("delete from copy_query")
        conn.execute("delete from copy_query_docs")
        conn.executemany("insert into copy_query_docs(seq) values (?)", [(s,) for s, _ in queries])
        conn.executemany(
            "insert into copy_query(key, seq) values (?,?)",
            [(int(key), seq) for seq, fp in queries for key in self._keys_of(fp)],
        )
        earlier = "(1 - p.compared, p.seq) < (1 - q.compared, q.seq)"
        exact = np.asarray(
            conn.execute(
                "select p.seq, q.seq from copy_query_docs x cross join copy_docs q on q.seq = x.seq "
                "join copy_docs p on p.normal_hash = q.normal_hash "
                f"where q.normal_hash != '' and {earlier}"
            ).fetchall(),
            dtype=np.int64,
        ).reshape(-1, 2)
        exact_pairs = set(map(tuple, exact.tolist()))
        # Word-set bands only (a re-wording's candidates): on one topic they grow with the
        # corpus (at 100k generated documents, some 3,300 earlier documents share a band
        # with each new one), so each new document keeps those sharing the most bands
        # (the highest estimated overlap, ties to the earlier document), a fixed number.
        # Shingle bands (near copies, parts) are all kept. The hits are grouped and ranked
        # by SQLite one query at a time, so its grouping tree holds one document's hits:
        # grouped for a block of documents, it grew with the corpus up to the page
        # cache's size (32 MB), and every hit came back to Python to be ranked.
        ranked = (
            "select p.seq, min(x.key & 1) as which, count(*) as bands from copy_query x "
            "cross join copy_bands b on b.key = x.key "
            "cross join copy_docs p on p.seq = b.seq cross join copy_docs q on q.seq = x.seq "
            f"where x.seq = ? and {earlier} and ((x.key & 1) = 0 "
            "or p.language is null or q.language is null or p.language = q.language) "
            "group by p.seq order by which, bands desc, p.seq"
        )
        keep = self.params.word_neighbours
        shingles: list[tuple[int, int]] = []
        words: list[tuple[int, int]] = []
        for q in sorted(s for s, _ in queries):
            kept = 0
            cursor = conn.execute(ranked, (q,))
            for p, which, _bands in cursor:
                if which == SHINGLES:
                    shingles.append((p, q))
                elif kept >= keep:
                    break
                elif (p, q) not in exact_pairs:
                    words.append((p, q))
                    kept += 1
            cursor.close()
        del exact_pairs
        parts = [
            (exact[:, 0], exact[:, 1], _KEY_ORDER["exact"]),
            (*_columns(shingles), _KEY_ORDER["minhash"]),
            (*_columns(words), _KEY_ORDER["words"]),
        ]
        del shingles, words
        parts.append((*self._vector_pairs(queries), _KEY_ORDER["vector"]))
        return CandidateArrays.merge(parts)

    def doc_ids(self, seqs: Iterable[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        seqs = sorted(set(seqs))
        for start in range(0, len(seqs), 500):
            chunk = seqs[start : start + 500]
            out.update(
                self.conn.execute(
                    f"select seq, doc_id from copy_docs where seq in ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return out

    def _vector_pairs(self, queries: Sequence[Entry]) -> tuple[np.ndarray, np.ndarray]:
        """(earlier seqs, query seqs) of the nearest opening vectors."""
        with_vector = [(seq, fp.embedding) for seq, fp in queries if fp.embedding is not None]
        if not with_vector:
            return _columns([])
        q_seq = np.asarray([s for s, _ in with_vector], dtype=np.int64)
        q_vec = np.stack([v for _, v in with_vector]).astype(np.float32)
        q_compared = self._compared(q_seq)
        if self.centroids is None:
            probes = np.full((len(q_seq), 1), EXACT_CELL, dtype=np.int64)
        else:
            probe = min(self.params.ivf_probe, len(self.centroids))
            sims = q_vec @ self.centroids.T
            probes = np.argpartition(-sims, probe - 1, axis=1)[:, :probe]
        # Invert the probes: for each cell, the queries that look into it.
        flat = probes.ravel()
        order = np.argsort(flat, kind="stable")
        query_rows = np.repeat(np.arange(len(q_seq)), probes.shape[1])[order]
        cells, starts = np.unique(flat[order], return_index=True)
        bounds = [*starts[1:], len(flat)]
        nearest = _Nearest(self.params.vector_neighbours)
        for cell, start, end in zip(cells, starts, bounds, strict=True):
            # A cell grows with the corpus and, on one topic, so does the number of queries
            # probing it: both are taken in fixed-size blocks, so the similarity matrix (and
            # the step's memory) stays the same size at any corpus size.
            for p_seq, p_vec, p_compared in self._cell_pages(int(cell)):
                for block in range(start, end, QUERY_BLOCK):
                    rows = query_rows[block : min(end, block + QUERY_BLOCK)]
                    sims = q_vec[rows] @ p_vec.T
                    # earlier in the order (compared first, then by seq), never the query
                    before = (1 - p_compared[None, :] < 1 - q_compared[rows, None]) | (
                        (p_compared[None, :] == q_compared[rows, None])
                        & (p_seq[None, :] < q_seq[rows, None])
                    )
                    qi, pi = _top_of_rows(sims, before, self.params)
                    nearest.add(q_seq[rows[qi]], p_seq[pi], sims[qi, pi])
        return nearest.arrays()

    def _compared(self, seqs: np.ndarray) -> np.ndarray:
        state = dict.fromkeys(seqs.tolist(), 0)
        for start in range(0, len(seqs), 500):
            chunk = seqs[start : start + 500].tolist()
            state.update(
                self.conn.execute(
                    f"select seq, compared from copy_docs where seq in ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return np.asarray([state[s] for s in seqs.tolist()], dtype=np.int64)

    def _cell_pages(self, cell: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(seqs, vectors, compared) of one cell's documents, `CELL_PAGE` at a time."""
        last = -1
        while rows := self.conn.execute(
            "select v.seq, v.vector, d.compared from copy_vectors v "
            "join copy_docs d on d.seq = v.seq where v.cell = ? and v.seq > ? "
            "order by v.seq limit ?",
            (cell, last, CELL_PAGE),
        ).fetchall():
            last = rows[-1][0]
            seqs, vectors = _unpack(rows)
            yield seqs, vectors, np.asarray([r[2] for r in rows], dtype=np.int64)


def _top_of_rows(
    sims: np.ndarray, allowed: np.ndarray, params: CopyParams
) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of each row's `vector_neighbours` most similar allowed columns at or
    above the threshold, ties at the last place all kept (so that the overall choice,
    ties broken by seq, is the same as over the whole matrix). On one topic most of a
    block is above the threshold: taking every hit would grow with the corpus."""
    scores = np.where(allowed & (sims >= params.vector_threshold), sims, -np.inf)
    k = params.vector_neighbours
    if scores.shape[1] > k:
        kth = np.partition(scores, scores.shape[1] - k, axis=1)[:, scores.shape[1] - k]
        keep = (scores >= kth[:, None]) & np.isfinite(scores)
    else:
        keep = np.isfinite(scores)
    return np.nonzero(keep)


class _Nearest:
    """The `k` most similar earlier documents of each query, kept while cells are scanned
    (bounded by k per query, however many cells are read)."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.size = 0

    def add(self, q: np.ndarray, p: np.ndarray, sim: np.ndarray) -> None:
        if len(q):
            self.parts.append((q, p, sim))
            self.size += len(q)
            if self.size > 200_000:
                self.parts = [self._reduce()]
                self.size = len(self.parts[0][0])

    def _reduce(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        q = np.concatenate([x[0] for x in self.parts])
        p = np.concatenate([x[1] for x in self.parts])
        sim = np.concatenate([x[2] for x in self.parts])
        order = np.lexsort((p, -sim, q))  # by query, most similar first, ties by seq
        q, p, sim = q[order], p[order], sim[order]
        first = np.searchsorted(q, q, side="left")
        keep = np.arange(len(q)) - first < self.k
        return q[keep], p[keep], sim[keep]

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(earlier seqs, query seqs) of every neighbour kept."""
        if not self.parts:
            return _columns([])
        q, p, _ = self._reduce()
        return p.astype(np.int64), q.astype(np.int64)


_KEY_NAMES = tuple(sorted(_KEY_ORDER, key=_KEY_ORDER.__getitem__))


@dataclass(frozen=True)
class CandidateArrays:
    """Candidate pairs as three aligned arrays, sorted by query seq, then earlier seq."""

    earlier: np.ndarray  # int64 seqs
    query: np.ndarray  # int64 seqs
    key: np.ndarray  # uint8, the proposing key's place in `_KEY_ORDER`

    @classmethod
    def empty(cls) -> CandidateArrays:
        return cls(*_columns([]), np.zeros(0, dtype=np.uint8))

    @classmethod
    def merge(cls, parts: Sequence[tuple[np.ndarray, np.ndarray, int]]) -> CandidateArrays:
        """Each pair once, under the strongest key that proposed it."""
        p = np.concatenate([part[0] for part in parts]).astype(np.int64)
        q = np.concatenate([part[1] for part in parts]).astype(np.int64)
        key = np.concatenate([np.full(len(part[0]), part[2], dtype=np.uint8) for part in parts])
        code = _pair_codes(p, q)
        order = np.lexsort((key, code))  # by (query, earlier), strongest key first
        code = code[order]
        first = np.ones(len(code), dtype=bool)
        first[1:] = code[1:] != code[:-1]
        keep = order[first]
        return cls(p[keep], q[keep], key[keep])

    def __len__(self) -> int:
        return len(self.query)

    def of_queries(self, low: int, high: int) -> slice:
        """The rows whose query seq lies in [low, high]."""
        return slice(
            int(np.searchsorted(self.query, low, side="left")),
            int(np.searchsorted(self.query, high, side="right")),
        )

    def tuples(self, rows: slice = slice(None)) -> list[Candidate]:
        return [
            (int(p), int(q), _KEY_NAMES[k])
            for p, q, k in zip(
                self.earlier[rows].tolist(),
                self.query[rows].tolist(),
                self.key[rows].tolist(),
                strict=True,
            )
        ]


def _columns(pairs: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """[(p, q), ...] -> (p array, q array)."""
    a = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return a[:, 0].copy(), a[:, 1].copy()


def _pair_codes(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """One int64 per pair, q << 32 | p (seqs are below 2**31), which sorts by query, then
    earlier document."""
    return np.asarray(q, dtype=np.int64) << 32 | np.asarray(p, dtype=np.int64)


def _unpack(rows: list) -> tuple[np.ndarray, np.ndarray]:
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, DIMENSIONS), dtype=np.float32)
    seqs = np.asarray([r[0] for r in rows], dtype=np.int64)
    vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f2").reshape(len(rows), -1)
    return seqs, vectors.astype(np.float32)


def spherical_kmeans(vectors: np.ndarray, n_cells: int, iterations: int = 8) -> np.ndarray:
    """Unit-length centroids of `n_cells` cells over `vectors` (deterministic)."""
    n_cells = min(n_cells, len(vectors))
    rng = np.random.default_rng(0)
    centroids = vectors[np.sort(rng.choice(len(vectors), size=n_cells, replace=False))].copy()
    for _ in range(iterations):
        assign = np.argmax(vectors @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[empty] = centroids[empty]  # a cell that lost all members keeps its place
        norms[empty] = 1.0
        centroids = sums / norms
    return centroids.astype(np.float32)
