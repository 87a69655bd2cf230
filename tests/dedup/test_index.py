"""The candidate index kept in SQLite: incremental adds find old documents through their
stored rows, the inverted-file cells are trained once and keep every near vector findable,
and a store built before the index existed is indexed from its stored fingerprints."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np

import newsgraph
from newsgraph.dedup.fingerprint import Fingerprint
from newsgraph.dedup.index import (
    EXACT_CELL,
    SHINGLES,
    WORD_SET,
    CopyIndex,
    band_keys,
    create_tables,
)
from newsgraph.dedup.params import CopyParams

from .conftest import doc_ids_by_name, open_db, write_articles


def _fingerprint(doc_id: str, vector: np.ndarray, seed: int) -> Fingerprint:
    """A fingerprint whose MinHashes match no other (distinct random values)."""
    rng = np.random.default_rng(seed)
    return Fingerprint(
        doc_id=doc_id,
        minhash=rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32),
        embedding=vector.astype(np.float32),
        sentences=((0, 10),),
        language="en",
        words=10,
        normal_hash=f"h{doc_id}",
        word_minhash=rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32),
    )


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def test_cells_trained_once_and_near_vectors_found_across_adds():
    conn = sqlite3.connect(":memory:")
    create_tables(conn)
    params = replace(CopyParams(), ivf_min_docs=60, ivf_cells=6, ivf_probe=2)
    index = CopyIndex(conn, params)
    rng = np.random.default_rng(3)
    # six topics; two documents of one topic are far less alike (cosine about 0.3) than
    # the vector threshold, a copy is far more alike (about 0.95)
    topics = _unit(rng.normal(size=(6, 512)))
    base = _unit(topics[np.arange(100) % 6] + 1.5 * _unit(rng.normal(size=(100, 512))))
    # first build: 50 documents, below the training size: one cell, exact search
    index.add([(k, _fingerprint(f"d{k}", base[k], k)) for k in range(50)])
    assert conn.execute("select count(*) from copy_cells").fetchone()[0] == 0
    index.mark_compared(range(50))
    # second build: 50 more unrelated documents and 10 near copies of old ones' vectors
    copies = {100 + k: 7 * k for k in range(10)}
    new = [(k, _fingerprint(f"d{k}", base[k], k)) for k in range(50, 100)]
    new += [
        (k, _fingerprint(f"d{k}", _unit(base[old] + 0.3 * _unit(rng.normal(size=512))), k))
        for k, old in copies.items()
    ]
    index = CopyIndex(conn, params)  # a new run reads its state from the tables only
    index.add(new)
    assert conn.execute("select count(*) from copy_cells").fetchone()[0] == 6
    cells = [r[0] for r in conn.execute("select distinct cell from copy_vectors")]
    assert EXACT_CELL not in cells and len(cells) > 1
    pairs = index.candidates(new)
    vector_pairs = {(p, q) for p, q, key in pairs if key == "vector"}
    assert {(old, k) for k, old in copies.items()} <= vector_pairs
    # each pair proposed once, always an earlier document with a later one
    assert all(p != q for p, q, _ in pairs)
    assert len({(p, q) for p, q, _ in pairs}) == len(pairs)
    assert not any(q < 50 for _, q, _ in pairs)


def test_band_keys_find_shared_minhash_and_respect_language():
    conn = sqlite3.connect(":memory:")
    create_tables(conn)
    index = CopyIndex(conn)
    axes = np.eye(512)  # opening vectors far apart: only the word sets are alike
    a = _fingerprint("a", axes[0], 1)
    same_words = replace(_fingerprint("b", axes[1], 2), word_minhash=a.word_minhash)
    other_language = replace(
        _fingerprint("c", axes[2], 3), word_minhash=a.word_minhash, language="ru"
    )
    index.add([(1, a), (2, same_words), (3, other_language)])
    keys = {(p, q): key for p, q, key in index.candidates([(2, same_words), (3, other_language)])}
    assert keys.get((1, 2)) == "words"
    assert (1, 3) not in keys and (2, 3) not in keys  # word sets: within one language only
    assert len(keys) == 1


def test_incremental_add_into_existing_store_finds_copy_of_old_document(tmp_path: Path):
    folder = tmp_path / "in"
    write_articles(folder, ["original.txt", "same_event_1.txt", "same_event_2.txt"])
    db = tmp_path / "inc.db"
    newsgraph.build([str(folder)], db=db, analyse=False)
    conn = open_db(db)
    bands_before = conn.execute("select count(*) from copy_bands").fetchone()[0]
    assert tuple(conn.execute("select count(*), sum(compared) from copy_docs").fetchone()) == (3, 3)
    assert bands_before > 0
    conn.close()

    write_articles(folder, ["rewrite.txt"])
    report = newsgraph.build([str(folder)], db=db, analyse=False)
    assert report.new == 1 and report.copies == 1
    conn = open_db(db)
    ids = doc_ids_by_name(conn)
    r = conn.execute("select a, b, kind from relations").fetchone()
    assert {r["a"], r["b"]} == {ids["original.txt"], ids["rewrite.txt"]}
    assert r["kind"] == "rewrite"
    # the old documents' index rows are untouched; the new one added its own
    assert tuple(conn.execute("select count(*), sum(compared) from copy_docs").fetchone()) == (4, 4)
    assert conn.execute("select count(*) from copy_bands").fetchone()[0] > bands_before


def test_store_without_index_rows_is_indexed_from_stored_fingerprints(tmp_path: Path):
    """A store built before the index lived in the store has fingerprints but no index rows:
    the next build indexes the old documents from their fingerprints (not recomputed) and
    finds the copies of new documents among them."""
    folder = tmp_path / "in"
    write_articles(folder, ["original.txt", "same_event_1.txt"])
    db = tmp_path / "old.db"
    newsgraph.build([str(folder)], db=db, analyse=False)
    conn = open_db(db)
    for table in ("copy_docs", "copy_bands", "copy_vectors", "copy_cells"):
        conn.execute(f"delete from {table}")
    conn.commit()
    before = {r[0]: bytes(r[1]) for r in conn.execute("select doc_id, minhash from fingerprints")}
    conn.close()

    write_articles(folder, ["near.txt"])
    report = newsgraph.build([str(folder)], db=db, analyse=False)
    assert report.copies == 1
    conn = open_db(db)
    ids = doc_ids_by_name(conn)
    r = conn.execute("select a, b, kind from relations").fetchone()
    assert {r["a"], r["b"]} == {ids["original.txt"], ids["near.txt"]} and r["kind"] == "near"
    after = {r[0]: bytes(r[1]) for r in conn.execute("select doc_id, minhash from fingerprints")}
    assert all(after[d] == before[d] for d in before)
    assert tuple(conn.execute("select count(*), sum(compared) from copy_docs").fetchone()) == (3, 3)


def test_vector_search_in_small_blocks_finds_the_same_pairs(monkeypatch):
    """Cells read a page at a time and queries scored a block at a time (memory flat in
    corpus size) give the pairs of scoring everything at once."""
    from newsgraph.dedup import index as index_module

    conn = sqlite3.connect(":memory:")
    create_tables(conn)
    params = replace(CopyParams(), ivf_min_docs=80, ivf_cells=4, ivf_probe=2, vector_threshold=0.2)
    index = CopyIndex(conn, params)
    rng = np.random.default_rng(11)
    topics = _unit(rng.normal(size=(3, 512)))
    vectors = _unit(topics[np.arange(200) % 3] + 0.9 * _unit(rng.normal(size=(200, 512))))
    entries = [(k, _fingerprint(f"d{k}", vectors[k], k)) for k in range(200)]
    index.add(entries[:120])
    index.mark_compared(range(120))
    index.add(entries[120:])
    queries = entries[120:]
    whole = _as_pairs(index._vector_pairs(queries))
    assert len(whole) > 80  # one topic in three: many earlier neighbours above 0.2
    monkeypatch.setattr(index_module, "CELL_PAGE", 7)
    monkeypatch.setattr(index_module, "QUERY_BLOCK", 5)
    assert _as_pairs(index._vector_pairs(queries)) == whole


def _as_pairs(arrays):
    earlier, query = arrays
    return sorted(zip(earlier.tolist(), query.tolist(), strict=True))


def test_top_of_rows_keeps_what_the_whole_matrix_would_choose():
    """Each row's best columns above the threshold, ties at the last place kept, so that the
    final choice (most similar first, ties by seq) is the one over all hits."""
    from newsgraph.dedup.index import _Nearest, _top_of_rows

    params = replace(CopyParams(), vector_neighbours=3, vector_threshold=0.5)
    rng = np.random.default_rng(5)
    sims = np.round(rng.uniform(0.3, 1.0, size=(40, 30)), 1).astype(np.float32)  # many ties
    allowed = rng.uniform(size=sims.shape) > 0.2
    q, p = np.arange(40), np.arange(100, 130)
    everything = _Nearest(3)
    qi, pi = np.nonzero(allowed & (sims >= 0.5))
    everything.add(q[qi], p[pi], sims[qi, pi])
    top = _Nearest(3)
    qi, pi = _top_of_rows(sims, allowed, params)
    assert len(qi) < 40 * 30 // 2  # far fewer than all hits
    top.add(q[qi], p[pi], sims[qi, pi])
    assert _as_pairs(top.arrays()) == _as_pairs(everything.arrays())


def test_band_hits_are_all_shingle_matches_and_each_querys_best_word_set_matches():
    """Read one query at a time and ranked by SQLite, the band hits are what a full count
    in Python gives: every pair sharing a shingle band, and for each query the
    `word_neighbours` earlier documents sharing the most word-set bands (ties to the
    earlier document), pairs that are exact copies aside."""
    conn = sqlite3.connect(":memory:")
    create_tables(conn)
    index = CopyIndex(conn)
    axes = np.eye(512)
    rng = np.random.default_rng(5)
    # Word-set MinHashes drawn from three topics, each value kept or redrawn at random:
    # documents of one topic share different numbers of bands (ties included).
    topics = [rng.integers(0, 2**32, size=128, dtype=np.uint64) for _ in range(3)]
    shared_shingles = rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32)
    entries = []
    for k in range(60):
        fresh = rng.integers(0, 2**32, size=128, dtype=np.uint64)
        words = np.where(rng.uniform(size=128) < 0.8, topics[k % 3], fresh).astype(np.uint32)
        fp = replace(_fingerprint(f"d{k}", axes[k], 100 + k), word_minhash=words)
        if k % 7 == 0:
            fp = replace(fp, minhash=shared_shingles)
        if k in (30, 33):
            fp = replace(fp, normal_hash="same text")
        entries.append((k, fp))
    index.add(entries)
    queries = entries[20:]
    got = {(p, q): key for p, q, key in index.candidates(queries) if key != "vector"}

    want = {(30, 33): "exact"}
    rows, word_rows = index.bands, index.word_bands
    for q, fq in queries:
        shingles_q = set(band_keys(fq.minhash, SHINGLES, *rows).tolist())
        words_q = set(band_keys(fq.word_minhash, WORD_SET, *word_rows).tolist())
        ranked = []
        for p, fp in entries[:q]:
            if shingles_q & set(band_keys(fp.minhash, SHINGLES, *rows).tolist()):
                want.setdefault((p, q), "minhash")
                continue
            shared = len(words_q & set(band_keys(fp.word_minhash, WORD_SET, *word_rows).tolist()))
            if shared and (p, q) not in want:
                ranked.append((-shared, p))
        for _, p in sorted(ranked)[: CopyParams().word_neighbours]:
            want[(p, q)] = "words"
    assert got == want
    per_query = {}
    for (_, q), key in got.items():
        per_query[q] = per_query.get(q, 0) + (key == "words")
    assert max(per_query.values()) == CopyParams().word_neighbours  # more share, 8 are kept
    assert "minhash" in got.values()


def test_candidate_arrays_keep_each_pair_once_under_its_strongest_key_sorted_by_query():
    from newsgraph.dedup.index import CandidateArrays

    parts = [
        (np.array([1, 4]), np.array([9, 7]), 0),  # exact
        (np.array([1, 2]), np.array([9, 9]), 1),  # minhash: (1, 9) is exact already
        (np.array([3, 4]), np.array([7, 7]), 2),  # words: (4, 7) is exact already
        (np.array([2, 3, 5]), np.array([9, 7, 8]), 3),  # vector
    ]
    merged = CandidateArrays.merge(parts)
    assert merged.tuples() == [
        (3, 7, "words"),
        (4, 7, "exact"),
        (5, 8, "vector"),
        (1, 9, "exact"),
        (2, 9, "minhash"),
    ]
    rows = merged.of_queries(8, 9)
    assert merged.tuples(rows) == [(5, 8, "vector"), (1, 9, "exact"), (2, 9, "minhash")]
    assert len(CandidateArrays.empty()) == 0 and CandidateArrays.empty().tuples() == []
