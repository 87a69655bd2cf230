"""The copy finder: fingerprint -> candidates -> verify, over plain data.

`CopyFinder` reads and writes its candidate index in SQLite (`newsgraph.dedup.index`):
the store step indexes each document once, when it is fingerprinted, asks for the
candidate pairs of a chunk of new documents and verifies them in batches with the texts
and fingerprints it loads; `find_copies` does the whole thing for documents held in
memory, with the index in a scratch in-memory database.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsgraph.dedup.encoder import SentenceEncoder, single_threaded_blas
from newsgraph.dedup.fingerprint import Fingerprint, fingerprint_documents
from newsgraph.dedup.index import CandidateArrays, CopyIndex, Entry, create_tables
from newsgraph.dedup.params import CopyParams
from newsgraph.dedup.stories import Member, build_stories
from newsgraph.dedup.verify import Side, compare_documents
from newsgraph.model import DocRelation, Document, Story


class SentenceVectorCache:
    """Sentence embeddings of recently compared documents (a document is often in several
    candidate pairs); bounded so memory stays flat however large the corpus. Small:
    pairs are verified grouped by new document, and since the wording gate few documents
    are embedded at all."""

    def __init__(self, encoder: SentenceEncoder, capacity: int = 256) -> None:
        self.encoder = encoder
        self.capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, side: Side) -> np.ndarray:
        vectors = self._vectors.get(side.doc_id)
        if vectors is None:
            vectors = self.encoder.encode(side.texts()).astype(np.float16)
            self._vectors[side.doc_id] = vectors
            if len(self._vectors) > self.capacity:
                self._vectors.popitem(last=False)
        else:
            self._vectors.move_to_end(side.doc_id)
        return vectors.astype(np.float32)


class CopyFinder:
    """Finds the copies of new documents among all documents indexed before them.

    The index lives in the tables of `conn` (a store, or a scratch database for
    `find_copies`); the finder itself holds only bounded caches.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        params: CopyParams = CopyParams(),
        encoder: SentenceEncoder | None = None,
    ) -> None:
        self.params = params
        self.encoder = encoder or SentenceEncoder()
        self.index = CopyIndex(conn, params)
        self.sentence_vectors = SentenceVectorCache(self.encoder)

    def candidate_pairs(self, queries: Sequence[Entry]) -> list[tuple[str, str, str]]:
        """(earlier doc, query doc, blocking key) pairs to verify, grouped by query
        (`queries`: indexed (seq, fingerprint) of the documents to compare)."""
        return self.named(self.index.candidate_arrays(queries))

    def named(
        self, candidates: CandidateArrays, rows: slice = slice(None)
    ) -> list[tuple[str, str, str]]:
        """`rows` of `candidates` as (earlier doc id, query doc id, key): the store step
        names one verify batch's pairs at a time, not a whole chunk's."""
        pairs = candidates.tuples(rows)
        doc_id = self.index.doc_ids(s for p, q, _ in pairs for s in (p, q))
        return [(doc_id[p], doc_id[q], key) for p, q, key in pairs if p in doc_id and q in doc_id]

    def verify(
        self,
        pairs: Sequence[tuple[str, str, str]],
        bodies: Mapping[str, str],
        fingerprints: Mapping[str, Fingerprint],
        published: Mapping[str, str | None] | None = None,
    ) -> list[DocRelation]:
        """The candidate pairs that are copies, as relations (`bodies`: doc id -> text,
        `published`: doc id -> date; a pair whose text or fingerprint is missing is skipped)."""
        published = published or {}
        sides: dict[str, Side] = {}  # each document's derived views computed once

        def side(doc_id: str) -> Side:
            if doc_id not in sides:
                fp = fingerprints[doc_id]
                sides[doc_id] = Side(
                    doc_id,
                    bodies[doc_id],
                    fp.sentences,
                    fp.language,
                    fp.normal_hash,
                    published.get(doc_id),
                )
            return sides[doc_id]

        relations = []
        for p, q, _key in pairs:
            if not all(d in bodies and d in fingerprints for d in (p, q)):
                continue
            relation = compare_documents(side(p), side(q), self.sentence_vectors, self.params)
            if relation is not None:
                relations.append(relation)
        return relations


@dataclass(frozen=True)
class CopyResult:
    """What `find_copies` found in a set of documents."""

    fingerprints: list[Fingerprint]
    relations: list[DocRelation]
    stories: list[Story]
    candidates: int


def find_copies(
    docs: Sequence[Document],
    params: CopyParams = CopyParams(),
    encoder: SentenceEncoder | None = None,
    batch_size: int = 256,
) -> CopyResult:
    """Relations and stories among `docs` (in memory), in the order given.

    >>> result = find_copies(documents)                       # doctest: +SKIP
    >>> [(r.a, r.b, r.kind) for r in result.relations]        # doctest: +SKIP
    """
    with single_threaded_blas():
        return _find_copies(docs, params, encoder or SentenceEncoder(), batch_size)


def _find_copies(
    docs: Sequence[Document], params: CopyParams, encoder: SentenceEncoder, batch_size: int
) -> CopyResult:
    conn = sqlite3.connect(":memory:")
    create_tables(conn)
    finder = CopyFinder(conn, params, encoder)
    fingerprints: list[Fingerprint] = []
    for start in range(0, len(docs), batch_size):
        batch = fingerprint_documents(docs[start : start + batch_size], finder.encoder, params)
        finder.index.add([(start + k, fp) for k, fp in enumerate(batch)])
        fingerprints.extend(batch)
    entries = list(enumerate(fingerprints))
    pairs = finder.candidate_pairs(entries)
    bodies = {d.id: d.body for d in docs}
    relations = finder.verify(
        pairs,
        bodies,
        {fp.doc_id: fp for fp in fingerprints},
        {d.id: d.published for d in docs},
    )
    conn.close()
    members = [
        Member(d.id, k, fp.words, fp.language, d.published, len(d.removed))
        for k, (d, fp) in enumerate(zip(docs, fingerprints, strict=True))
    ]
    return CopyResult(fingerprints, relations, build_stories(members, relations), len(pairs))
