"""Events the extractor was unsure of stay stored but are hidden by default in every view,
as in `newsgraph events` (events.query.DEFAULT_MIN_CONFIDENCE)."""

from __future__ import annotations

import shutil
import sqlite3

import newsgraph
from newsgraph.events.query import DEFAULT_MIN_CONFIDENCE
from newsgraph.query.params import GraphParams, TimelineParams, Window


def test_low_confidence_events_hidden_by_default_and_shown_on_request(store, tmp_path):
    db = tmp_path / "floor.db"
    shutil.copy(store["db"], db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "update events set confidence = ? where id = ?",
            (DEFAULT_MIN_CONFIDENCE / 2, next(iter(store["events"].values()))),
        )
    conn.close()

    corpus = newsgraph.open(db)
    shown = corpus.timeline(TimelineParams(limit=200))["total"]
    everything = corpus.timeline(TimelineParams(window=Window(min_confidence=0), limit=200))
    assert everything["total"] == shown + 1

    default_edges = sum(d["count"] for *_, d in corpus.graph(GraphParams()).edges(data=True))
    all_edges = sum(
        d["count"]
        for *_, d in corpus.graph(GraphParams(window=Window(min_confidence=0))).edges(data=True)
    )
    assert all_edges >= default_edges
    assert all_edges - default_edges <= 1
