"""The copy finder: fingerprint -> candidates -> verify, over plain data.

`CopyFinder` holds the index of every document seen so far. The store step feeds it
the stored fingerprints of old documents (`add_old`) and the fingerprints of new ones
(`add_new`), asks for candidate pairs, and verifies them in batches with the texts it
loads; `find_copies` does the whole thing for documents held in memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from newsgraph.dedup.candidates import CopyIndex
from newsgraph.dedup.encoder import SentenceEncoder, single_threaded_blas
from newsgraph.dedup.fingerprint import Fingerprint, fingerprint_documents
from newsgraph.dedup.params import CopyParams
from newsgraph.dedup.stories import Member, build_stories
from newsgraph.dedup.verify import Side, compare_documents
from newsgraph.model import DocRelation, Document, Story


class SentenceVectorCache:
    """Sentence embeddings of recently compared documents (a document is often in several
    candidate pairs); bounded so memory stays flat however large the corpus."""

    def __init__(self, encoder: SentenceEncoder, capacity: int = 2000) -> None:
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


@dataclass
class CopyFinder:
    """Finds the copies of new documents among all documents indexed before them."""

    params: CopyParams = field(default_factory=CopyParams)
    encoder: SentenceEncoder = field(default_factory=SentenceEncoder)

    def __post_init__(self) -> None:
        self.index = CopyIndex(self.params)
        self.position: dict[str, int] = {}
        self.new_positions: list[int] = []
        self.sentence_vectors = SentenceVectorCache(self.encoder)

    def add_old(self, fingerprints: Iterable[Fingerprint]) -> None:
        """Documents already compared with each other (a previous build)."""
        self._add(fingerprints, new=False)

    def add_new(self, fingerprints: Iterable[Fingerprint]) -> None:
        """Documents to compare with everything indexed, in the order they were added."""
        self._add(fingerprints, new=True)

    def _add(self, fingerprints: Iterable[Fingerprint], new: bool) -> None:
        fingerprints = [fp for fp in fingerprints if fp.doc_id not in self.position]
        start = len(self.index)
        self.index.add(fingerprints)
        for k, fp in enumerate(fingerprints):
            self.position[fp.doc_id] = start + k
            if new:
                self.new_positions.append(start + k)

    def fingerprint(self, doc_id: str) -> Fingerprint:
        return self.index.fingerprints[self.position[doc_id]]

    def candidate_pairs(self) -> list[tuple[str, str, str]]:
        """(earlier doc, new doc, blocking key) pairs to verify, grouped by new document."""
        fps = self.index.fingerprints
        pairs = self.index.candidates(self.new_positions)
        pairs.sort(key=lambda c: (c[1], c[0]))
        return [(fps[p].doc_id, fps[q].doc_id, key) for p, q, key in pairs]

    def side(self, doc_id: str, body: str) -> Side:
        fp = self.fingerprint(doc_id)
        return Side(doc_id, body, fp.sentences, fp.language, fp.normal_hash)

    def verify(
        self, pairs: Sequence[tuple[str, str, str]], bodies: Mapping[str, str]
    ) -> list[DocRelation]:
        """The candidate pairs that are copies, as relations (`bodies`: doc id -> text)."""
        relations = []
        for p, q, _key in pairs:
            relation = compare_documents(
                self.side(p, bodies[p]), self.side(q, bodies[q]), self.sentence_vectors, self.params
            )
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
    finder = CopyFinder(params, encoder)
    fingerprints = []
    for start in range(0, len(docs), batch_size):
        batch = fingerprint_documents(docs[start : start + batch_size], finder.encoder, params)
        finder.add_new(batch)
        fingerprints.extend(batch)
    pairs = finder.candidate_pairs()
    bodies = {d.id: d.body for d in docs}
    relations = finder.verify(pairs, bodies)
    members = [
        Member(d.id, k, fp.words, fp.language, d.published, len(d.removed))
        for k, (d, fp) in enumerate(zip(docs, fingerprints, strict=True))
    ]
    return CopyResult(fingerprints, relations, build_stories(members, relations), len(pairs))
