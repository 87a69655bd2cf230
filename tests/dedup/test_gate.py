"""The wording gate before embeddings: two articles on one event in one language reach the
sentence encoder only when their wording runs together sentence by sentence; a re-worded
copy still does, and is still found."""

from __future__ import annotations

from newsgraph.dedup import find_copies
from newsgraph.dedup.encoder import SentenceEncoder
from newsgraph.dedup.params import CopyParams
from newsgraph.model import Document

from . import articles


def _doc(doc_id: str, body: str) -> Document:
    return Document(id=doc_id, source=doc_id, raw_hash="", content_hash="", body=body)


def test_articles_on_the_same_event_are_not_embedded_sentence_by_sentence():
    docs = [_doc("one", articles.ORIGINAL), _doc("two", articles.SAME_EVENT_2)]
    ungated = SentenceEncoder()
    assert find_copies(docs, CopyParams(rewrite_reach=0.0), encoder=ungated).relations == []
    assert ungated.encoded > 2  # without the gate the pair is aligned by meaning
    encoder = SentenceEncoder()
    assert find_copies(docs, encoder=encoder).relations == []
    # with it, only the two openings were embedded (fingerprints), no sentence of either
    assert encoder.encoded == 2


def test_a_reworded_copy_passes_the_gate_and_is_found():
    encoder = SentenceEncoder()
    docs = [_doc("original", articles.ORIGINAL), _doc("reworded", articles.REWORDED)]
    result = find_copies(docs, encoder=encoder)
    assert [(r.kind, {r.a, r.b}) for r in result.relations] == [
        ("rewrite", {"original", "reworded"})
    ]
    assert encoder.encoded > 2  # its sentences were embedded to align them


def test_a_reworded_copy_inside_a_longer_page_passes_the_gate():
    # the copied text sits after the page's own sentences: the gate aligns rows past the
    # smaller side's length
    longer = articles.SAME_EVENT_1 + "\n\n" + articles.ORIGINAL
    docs = [_doc("page", longer), _doc("reworded", articles.REWORDED)]
    result = find_copies(docs)
    assert [(r.kind, r.a, r.b) for r in result.relations] == [("rewrite", "page", "reworded")]
