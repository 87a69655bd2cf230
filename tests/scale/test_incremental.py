"""Adding articles to a built store does the work of the new articles only, and worker
processes change nothing in the result."""

from __future__ import annotations

import sqlite3

from newsgraph.pipeline import build
from newsgraph.scale.compare import differences, store_snapshot
from newsgraph.settings import Settings

from .conftest import CORPUS_DOCS, copy_store


def _analysis_rows(db) -> dict[str, list[int]]:
    """rowids of each document's sentences: re-analysing a document replaces them."""
    conn = sqlite3.connect(db)
    try:
        found: dict[str, list[int]] = {}
        for doc_id, rowid in conn.execute("select doc_id, rowid from sentences order by rowid"):
            found.setdefault(doc_id, []).append(rowid)
        return found
    finally:
        conn.close()


def test_adding_articles_analyses_only_the_new_ones(tmp_path, corpus, corpus_gen, reference):
    ref_db, _ = reference
    db = copy_store(ref_db, tmp_path / "grown.db")
    before = _analysis_rows(db)
    more = tmp_path / "more"
    corpus_gen.write_corpus(more, 4, seed=11, start=CORPUS_DOCS, fmt="txt")

    report = build([str(corpus), str(more)], Settings(db=db, batch_size=4))

    assert report.read == CORPUS_DOCS + 1 + 4
    assert report.new == report.analysed == 4
    after = _analysis_rows(db)
    assert {k: after[k] for k in before} == before  # old analyses untouched
    assert len(after) == len(before) + 4
    conn = sqlite3.connect(db)
    stages = dict(conn.execute("select stage, count(*) from stage_done group by stage").fetchall())
    documents = conn.execute("select count(*) from documents").fetchone()[0]
    conn.close()
    assert stages["analyse"] == documents == len(before) + 4


def test_worker_processes_give_the_same_store(tmp_path, corpus, reference):
    _, expected = reference
    db = tmp_path / "j2.db"
    report = build([str(corpus)], Settings(db=db, batch_size=4, processes=2))
    assert report.analysed == report.new > 0
    assert differences(store_snapshot(db), expected) == []
