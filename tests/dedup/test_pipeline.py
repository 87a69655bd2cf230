"""The copy finder inside a real build: relations, alignment, stories, incremental adds, seeds."""

from __future__ import annotations

import json
from pathlib import Path

import newsgraph

from . import articles
from .conftest import doc_ids_by_name, open_db, write_articles

COPY_NAMES = ["original.txt"] + [f"{kind}.txt" for kind in articles.COPIES]


def _relations(conn) -> dict[frozenset, dict]:
    return {frozenset((r["a"], r["b"])): dict(r) for r in conn.execute("select * from relations")}


def test_every_copy_found_with_its_kind(built):
    db, report = built
    assert not report.failed
    conn = open_db(db)
    ids = doc_ids_by_name(conn)
    rel = _relations(conn)
    original = ids["original.txt"]
    for kind in articles.COPIES:
        r = rel.get(frozenset((original, ids[f"{kind}.txt"])))
        assert r is not None, f"{kind} copy not found"
        assert r["kind"] == kind
        assert 0.5 < r["score"] <= 1.0
    # `contains`: a is the one that contains the other
    teaser = rel[frozenset((original, ids["contains.txt"]))]
    assert (teaser["a"], teaser["b"]) == (original, ids["contains.txt"])
    # every pair of the six copies is related; nothing else is
    copy_ids = {ids[n] for n in COPY_NAMES}
    assert len(rel) == 15
    assert all(set(pair) <= copy_ids for pair in rel)
    assert report.copies == 15


def test_same_event_reports_are_not_copies(built):
    db, _ = built
    conn = open_db(db)
    ids = doc_ids_by_name(conn)
    for name in ("same_event_1.txt", "same_event_2.txt"):
        n = conn.execute(
            "select count(*) from relations where a = ? or b = ?", (ids[name], ids[name])
        ).fetchone()[0]
        assert n == 0, name


def test_alignment_lists_what_the_truncation_dropped(built):
    db, _ = built
    conn = open_db(db)
    ids = doc_ids_by_name(conn)
    body = conn.execute(
        "select body from documents where id = ?", (ids["original.txt"],)
    ).fetchone()[0]
    r = conn.execute(
        "select * from relations where a = ? and b = ?", (ids["original.txt"], ids["contains.txt"])
    ).fetchone()
    dropped = " ".join(body[s:e] for s, e in json.loads(r["a_only"]))
    assert "European Union" in dropped and "Fergana valley" in dropped
    assert "Naryn river" not in dropped  # the opening is in the teaser
    assert json.loads(r["b_only"]) == []
    assert len(json.loads(r["aligned"])) == 6


def test_translation_aligned_sentence_by_sentence(built):
    db, _ = built
    conn = open_db(db)
    ids = doc_ids_by_name(conn)
    original, translation = ids["original.txt"], ids["translation.txt"]
    r = conn.execute(
        "select * from relations where (a = ? and b = ?) or (a = ? and b = ?)",
        (original, translation, translation, original),
    ).fetchone()
    assert r["kind"] == "translation"
    aligned = json.loads(r["aligned"])
    assert len(aligned) >= 10
    # the n-th sentence of one is aligned with the n-th of the other: offsets rise together
    a_starts = [p[0] for p in aligned]
    b_starts = [p[2] for p in aligned]
    assert a_starts == sorted(a_starts) and b_starts == sorted(b_starts)
    body = dict(conn.execute("select id, body from documents").fetchall())
    pairs = {body[r["a"]][p[0] : p[1]][:20]: body[r["b"]][p[2] : p[3]] for p in aligned}
    ru_side = translation == r["b"]
    quote = next(
        v if ru_side else k
        for k, v in pairs.items()
        if "Kazakhstan, which" in (k if ru_side else v)
    )
    assert "Казахстан" in quote


def test_stories_cover_every_document(built):
    db, _ = built
    conn = open_db(db)
    ids = doc_ids_by_name(conn)
    n_docs = conn.execute("select count(*) from documents").fetchone()[0]
    members = conn.execute("select doc_id, story_id from story_members").fetchall()
    assert len(members) == n_docs == len({m[0] for m in members})
    story_of = {m[0]: m[1] for m in members}
    assert len({story_of[ids[n]] for n in COPY_NAMES}) == 1
    assert story_of[ids["same_event_1.txt"]] != story_of[ids["original.txt"]]
    story = conn.execute(
        "select * from stories where id = ?", (story_of[ids["original.txt"]],)
    ).fetchone()
    # canonical: English, not contained in another member, the most words within 10%
    assert story["canonical"] in {
        ids["original.txt"],
        ids["exact.txt"],
        ids["near.txt"],
        ids["rewrite.txt"],
    }
    assert "most complete" in story["rule"] and "earliest" in story["rule"]
    assert conn.execute("select count(*) from stories").fetchone()[0] == 3


def test_incremental_add_compares_new_with_old_only(tmp_path: Path):
    folder = tmp_path / "in"
    write_articles(folder, ["original.txt", "same_event_1.txt", "same_event_2.txt"])
    db = tmp_path / "inc.db"
    first = newsgraph.build([str(folder)], db=db, analyse=False)
    assert first.copies == 0
    conn = open_db(db)
    before_fp = {
        r[0]: bytes(r[1]) for r in conn.execute("select doc_id, minhash from fingerprints")
    }
    before_done = dict(
        conn.execute("select doc_id, at from stage_done where stage='dedup'").fetchall()
    )
    original = doc_ids_by_name(conn)["original.txt"]
    old_story = conn.execute(
        "select story_id from story_members where doc_id = ?", (original,)
    ).fetchone()[0]
    conn.close()

    write_articles(folder, ["near.txt", "translation.txt"])
    second = newsgraph.build([str(folder)], db=db, analyse=False)
    assert second.new == 2 and second.unchanged == 3
    assert second.copies == 3  # near~original, translation~original, near~translation
    conn = open_db(db)
    ids = doc_ids_by_name(conn)
    kinds = {
        frozenset((r["a"], r["b"])): r["kind"] for r in conn.execute("select * from relations")
    }
    assert kinds[frozenset((original, ids["near.txt"]))] == "near"
    assert kinds[frozenset((original, ids["translation.txt"]))] == "translation"
    # old documents were not fingerprinted or marked again
    after_fp = {r[0]: bytes(r[1]) for r in conn.execute("select doc_id, minhash from fingerprints")}
    after_done = dict(
        conn.execute("select doc_id, at from stage_done where stage='dedup'").fetchall()
    )
    assert all(after_fp[d] == before_fp[d] and after_done[d] == before_done[d] for d in before_fp)
    # the original's story keeps its id and gains the two copies
    members = {
        r[0]
        for r in conn.execute("select doc_id from story_members where story_id = ?", (old_story,))
    }
    assert members == {original, ids["near.txt"], ids["translation.txt"]}
    # a third run has nothing to do
    third = newsgraph.build([str(folder)], db=db, analyse=False)
    assert third.copies == 0


def test_seed_copy_pair_found_and_nothing_else(seeds: Path, tmp_path: Path):
    db = tmp_path / "seeds.db"
    report = newsgraph.build([str(seeds)], db=db, analyse=False)
    conn = open_db(db)
    by_file = {
        Path(r["source"]).name[:3]: r["id"]
        for r in conn.execute("select id, source from documents")
    }
    rows = conn.execute("select * from relations").fetchall()
    assert report.copies == 1 and len(rows) == 1
    r = rows[0]
    assert {r["a"], r["b"]} == {by_file["000"], by_file["001"]}
    assert r["kind"] == "rewrite"
    assert len(json.loads(r["aligned"])) >= 8
    # the longer rewrite carries sentences the truncated page does not have
    assert r["a"] == by_file["000"] and len(json.loads(r["a_only"])) > 10
