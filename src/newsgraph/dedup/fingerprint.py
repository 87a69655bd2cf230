"""Fingerprint: what the copy finder keeps of each document between runs.

A `Fingerprint` is enough to find a document's copy candidates without reading its
text again: the MinHash of its word shingles (exact, near, contains), the embedding of
its opening (rewrites, translations), the hash of its normal form (exact copies) and
its sentence spans (alignment). The store keeps them, so documents added later are
compared with old ones without recomputing the old ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsgraph.dedup import text as tx
from newsgraph.dedup.encoder import SentenceEncoder
from newsgraph.dedup.minhash import hash_values
from newsgraph.dedup.params import CopyParams
from newsgraph.model import Document

MINHASH_SEED = 1  # fixed: stored fingerprints must stay comparable across runs


@dataclass(frozen=True)
class Fingerprint:
    """The stored summary of one document."""

    doc_id: str
    minhash: np.ndarray  # uint32 MinHash hash values of the word shingles (`dedup.minhash`)
    embedding: np.ndarray | None  # float32 unit vector of the opening, or None when no words
    sentences: tuple[tuple[int, int], ...]
    language: str | None
    words: int
    normal_hash: str
    word_minhash: np.ndarray | None = None  # the same of the set of words (4+ letters)


def minhash_of(tokens: list[str], params: CopyParams) -> np.ndarray:
    """MinHash (uint32 hash values) of the word shingles of `tokens`."""
    return _minhash(tx.shingles(tokens, params.shingle_size), params)


def word_minhash_of(tokens: list[str], params: CopyParams) -> np.ndarray:
    """MinHash (uint32 hash values) of the distinct words of 4+ letters: a re-wording keeps
    most of them."""
    return _minhash({t.encode("utf-8") for t in tokens if len(t) >= 4}, params)


def _minhash(items: set[bytes], params: CopyParams) -> np.ndarray:
    # Items hashed with CRC-32 (stable across runs and platforms, and much cheaper than
    # SHA-1); the values are those of datasketch's MinHash(scheme="affine32",
    # hashfunc=zlib.crc32, seed=MINHASH_SEED), which made the stored fingerprints.
    return hash_values(items, params.num_perm, MINHASH_SEED)


def document_language(doc: Document) -> str | None:
    """The document's language as ingest set it, else as py3langid reads the body."""
    return doc.language or tx.detect_language(doc.body)


def fingerprint_documents(
    docs: Sequence[Document], encoder: SentenceEncoder, params: CopyParams = CopyParams()
) -> list[Fingerprint]:
    """Fingerprint a batch of documents (the openings are embedded in one call)."""
    prepared = []
    for doc in docs:
        tokens = tx.words(doc.body)
        spans = tx.split_sentences(doc.body)
        lead = tx.lead_text(doc.body, params.lead_words, params.lead_min_line_words)
        prepared.append((doc, tokens, spans, lead))
    vectors = encoder.encode([lead for *_, lead in prepared if lead])
    result = []
    row = 0
    for doc, tokens, spans, lead in prepared:
        vector = None
        if lead:
            vector = vectors[row]
            row += 1
        result.append(
            Fingerprint(
                doc_id=doc.id,
                minhash=minhash_of(tokens, params),
                embedding=vector,
                sentences=tuple(spans),
                language=document_language(doc),
                words=len(tokens),
                normal_hash=tx.normal_hash(doc.body),
                word_minhash=word_minhash_of(tokens, params),
            )
        )
    return result
