"""A follow-up story that re-uses an earlier story and inserts the news of its own day is
not a copy of it; the same text published the same day (an updated copy) still is."""

from __future__ import annotations

from newsgraph.dedup import find_copies
from newsgraph.model import Document

from . import articles

# New material of a later day, inserted inside the re-used text (fictional).
LATER_NEWS = (
    "On Monday the Kyrgyz energy ministry announced that two turbines at the Toktogul "
    "plant would be shut for repairs until October. Engineers from a Chinese contractor "
    "arrived in the town of Kara-Kul to inspect the damaged intake gates. The ministry "
    "said households in the south could face scheduled power cuts of up to four hours a day."
)


def _follow_up_text() -> str:
    paragraphs = articles.ORIGINAL.split("\n\n")
    return "\n\n".join([*paragraphs[:3], LATER_NEWS, *paragraphs[3:]])


def _doc(doc_id: str, body: str, published: str | None) -> Document:
    return Document(
        id=doc_id, source=doc_id, raw_hash="", content_hash="", body=body, published=published
    )


def test_follow_up_on_another_day_is_not_a_copy():
    docs = [
        _doc("earlier", articles.ORIGINAL, "2026-03-02"),
        _doc("later", _follow_up_text(), "2026-03-04"),
    ]
    assert find_copies(docs).relations == []


def test_same_text_with_insert_on_the_same_day_is_still_a_copy():
    docs = [
        _doc("earlier", articles.ORIGINAL, "2026-03-02"),
        _doc("later", _follow_up_text(), "2026-03-02"),
    ]
    relations = find_copies(docs).relations
    assert len(relations) == 1
    r = relations[0]
    assert (r.a, r.b, r.kind) == ("later", "earlier", "contains")
    assert len(r.a_only) == 3  # the inserted sentences are listed as the larger one's own


def test_undated_pair_is_judged_by_the_text_alone():
    docs = [
        _doc("earlier", articles.ORIGINAL, None),
        _doc("later", _follow_up_text(), "2026-03-04"),
    ]
    assert len(find_copies(docs).relations) == 1
