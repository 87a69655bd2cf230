"""Copies in the store: fingerprints, relations and stories, and the dedup step of a build.

`run_dedup_step` compares the documents that have no `stage_done` row for 'dedup' with
every document indexed before them, saves the relations found, recomputes only the
stories those touch, and marks the documents done, one batch per transaction. Each
document is fingerprinted and put in the candidate index (tables `copy_*`, see
`newsgraph.dedup.index`) once; old documents are found through the index, never read
again or recomputed, and nothing held in memory grows with the corpus.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from newsgraph.dedup.encoder import SentenceEncoder, single_threaded_blas
from newsgraph.dedup.finder import CopyFinder
from newsgraph.dedup.fingerprint import Fingerprint, fingerprint_documents
from newsgraph.dedup.params import CopyParams
from newsgraph.dedup.stories import Member, build_stories
from newsgraph.model import AlignedPair, DocRelation, Story
from newsgraph.scale.memory import release_free_memory
from newsgraph.store import db as store_db
from newsgraph.store import documents as store_docs

STAGE = "dedup"
FINGERPRINT_BATCH = 256
# New documents whose candidates are found together: the opening-vector search reads each
# probed cell once per chunk, so larger chunks read less; the chunk's fingerprints are the
# largest thing the step holds (about 4 KB a document), the same at any corpus size.
# 4,096 rather than 8,192: peak memory at 10k generated documents 316 MB against 381 MB,
# and the extra cell reads cost little (docs/benchmarks/dedup.md).
CANDIDATE_CHUNK = 4096
VERIFY_BATCH = 200  # new documents whose candidate pairs are verified and saved together
INDEX_BATCH = 1000  # stored fingerprints of an older store indexed per transaction
PAGE_CACHE_KIB = 32768  # SQLite page cache of the step (a fixed size, whatever the corpus)


# --------------------------------------------------------------------------- the step
def run_dedup_step(conn: sqlite3.Connection, settings, report, progress) -> None:
    """Find the copies of the documents not yet compared (see module docstring)."""
    with single_threaded_blas():
        _run(conn, report, progress)


def _run(conn: sqlite3.Connection, report, progress) -> None:
    total = _count_pending(conn)
    if not total:
        return
    # The index is read a few pages per document; a larger page cache (a fixed size,
    # not a share of the corpus) keeps its hot pages in memory.
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    finder = CopyFinder(conn, CopyParams(), SentenceEncoder())
    _index_stored(conn, finder)
    _fingerprint_missing(conn, finder, progress)
    done = 0
    for chunk in _pages(conn, _PENDING, (STAGE,), CANDIDATE_CHUNK):
        entries = [
            (seq, fp) for (seq, _), fp in zip(chunk, iter_fingerprints_of(conn, chunk), strict=True)
        ]
        candidates = finder.index.candidate_arrays([e for e in entries if e[1] is not None])
        del entries
        for start in range(0, len(chunk), VERIFY_BATCH):
            batch = chunk[start : start + VERIFY_BATCH]
            ids = [doc_id for _, doc_id in batch]
            # the chunk is in seq order and the candidates sorted by query seq
            pairs = finder.named(candidates, candidates.of_queries(batch[0][0], batch[-1][0]))
            involved = sorted({d for p, q, _ in pairs for d in (p, q)})
            bodies, published = load_bodies(conn, involved)
            fingerprints = {fp.doc_id: fp for fp in iter_fingerprints(conn, involved)}
            relations = finder.verify(pairs, bodies, fingerprints, published)
            with store_db.transaction(conn):
                save_relations(conn, relations)
                update_stories(conn, ids)
                store_docs.mark_stage(conn, ids, STAGE)
                finder.index.mark_compared(seq for seq, _ in batch)
            report.copies += len(relations)
            done += len(batch)
            del pairs, bodies, published, fingerprints, relations
            release_free_memory()  # see newsgraph.scale.memory: else RSS creeps with batches
            progress("copies", done, total)


def _count_pending(conn: sqlite3.Connection) -> int:
    return conn.execute(
        "select count(*) from documents d where not exists "
        "(select 1 from stage_done s where s.doc_id = d.id and s.stage = ?)",
        (STAGE,),
    ).fetchone()[0]


_PENDING = (
    "select d.seq, d.id from documents d where d.seq > ? and not exists "
    "(select 1 from stage_done s where s.doc_id = d.id and s.stage = ?)"
)


def _pages(conn: sqlite3.Connection, query: str, args: tuple, size: int) -> Iterator[list]:
    """Rows of `query` (first column `d.seq`, first parameter the seq to start after) in
    pages of `size` by seq: keyset paging, so only one page of rows is held at a time."""
    last_seq = -1
    while rows := conn.execute(
        f"{query} order by d.seq limit ?", (last_seq, *args, size)
    ).fetchall():
        last_seq = rows[-1][0]
        yield [tuple(r) for r in rows]


def _fingerprint_missing(conn: sqlite3.Connection, finder: CopyFinder, progress) -> None:
    """Fingerprint and index the pending documents that have no fingerprint yet."""
    unprinted = _PENDING + " and not exists (select 1 from fingerprints f where f.doc_id = d.id)"
    total = conn.execute(unprinted.replace("d.seq, d.id", "count(*)", 1), (-1, STAGE)).fetchone()[0]
    done = 0
    for rows in _pages(conn, unprinted, (STAGE,), FINGERPRINT_BATCH):
        seq_of = {r[1]: r[0] for r in rows}
        docs = list(store_docs.iter_documents(conn, [r[1] for r in rows]))
        fingerprints = fingerprint_documents(docs, finder.encoder, finder.params)
        with store_db.transaction(conn):
            save_fingerprints(conn, fingerprints)
            finder.index.add([(seq_of[fp.doc_id], fp) for fp in fingerprints])
        done += len(rows)
        progress("fingerprint", done, total)


def _index_stored(conn: sqlite3.Connection, finder: CopyFinder) -> None:
    """Index the stored fingerprints the index does not hold yet (a store built before the
    index was kept in the store, or a document whose index rows were lost): from the stored
    fingerprint, never from the text."""
    unindexed = (
        "select d.seq, d.id, exists (select 1 from stage_done s where s.doc_id = d.id "
        "and s.stage = ?2) from fingerprints f join documents d on d.id = f.doc_id "
        "where d.seq > ?1 and not exists (select 1 from copy_docs c where c.seq = d.seq)"
    )
    for rows in _pages(conn, unindexed, (STAGE,), INDEX_BATCH):
        fps = {fp.doc_id: fp for fp in iter_fingerprints(conn, [r[1] for r in rows])}
        with store_db.transaction(conn):
            for compared in (True, False):
                finder.index.add(
                    [(r[0], fps[r[1]]) for r in rows if bool(r[2]) == compared], compared=compared
                )


# --------------------------------------------------------------------------- fingerprints
def save_fingerprints(conn: sqlite3.Connection, fingerprints: Iterable[Fingerprint]) -> None:
    conn.executemany(
        "insert or replace into fingerprints(doc_id, minhash, embedding, sentences, language, "
        "words, normal_hash, word_minhash) values (?,?,?,?,?,?,?,?)",
        [
            (
                fp.doc_id,
                fp.minhash.astype("<u4").tobytes(),
                None if fp.embedding is None else fp.embedding.astype("<f4").tobytes(),
                json.dumps([list(s) for s in fp.sentences]),
                fp.language,
                fp.words,
                fp.normal_hash,
                None if fp.word_minhash is None else fp.word_minhash.astype("<u4").tobytes(),
            )
            for fp in fingerprints
        ],
    )


def iter_fingerprints(
    conn: sqlite3.Connection, ids: Sequence[str] | None = None
) -> Iterator[Fingerprint]:
    """Stored fingerprints in the order the documents were added (or in the order of `ids`)."""
    columns = (
        "f.doc_id, f.minhash, f.embedding, f.sentences, f.language, f.words, f.normal_hash, "
        "f.word_minhash"
    )
    if ids is None:
        rows: Iterable = conn.execute(
            f"select {columns} from fingerprints f join documents d on d.id = f.doc_id order by d.seq"
        )
    else:
        rows = (
            row
            for chunk in _chunks(list(ids), 500)
            for row in _ordered(
                conn.execute(
                    f"select {columns} from fingerprints f where f.doc_id in ({_marks(chunk)})",
                    chunk,
                ).fetchall(),
                chunk,
            )
        )
    for row in rows:
        yield Fingerprint(
            doc_id=row[0],
            minhash=np.frombuffer(row[1], dtype="<u4").astype(np.uint32),
            embedding=None if row[2] is None else np.frombuffer(row[2], dtype="<f4").copy(),
            sentences=tuple((s, e) for s, e in json.loads(row[3] or "[]")),
            language=row[4],
            words=row[5] or 0,
            normal_hash=row[6] or "",
            word_minhash=None
            if row[7] is None
            else np.frombuffer(row[7], dtype="<u4").astype(np.uint32),
        )


def iter_fingerprints_of(
    conn: sqlite3.Connection, chunk: Sequence[tuple[int, str]]
) -> Iterator[Fingerprint | None]:
    """The stored fingerprint of each (seq, doc id) of `chunk`, None where there is none."""
    by_id = {fp.doc_id: fp for fp in iter_fingerprints(conn, [d for _, d in chunk])}
    for _, doc_id in chunk:
        yield by_id.get(doc_id)


def load_bodies(
    conn: sqlite3.Connection, ids: Iterable[str]
) -> tuple[dict[str, str], dict[str, str | None]]:
    """The clean body and the publication date of each of `ids` found in the store."""
    bodies, published = {}, {}
    for chunk in _chunks(sorted(ids), 500):
        for doc_id, body, date in conn.execute(
            f"select id, body, published from documents where id in ({_marks(chunk)})", chunk
        ):
            bodies[doc_id] = body
            published[doc_id] = date
    return bodies, published


# --------------------------------------------------------------------------- relations
def save_relations(conn: sqlite3.Connection, relations: Iterable[DocRelation]) -> None:
    """Store relations (a pair is stored once, whichever way round it was found before)."""
    for r in relations:
        conn.execute("delete from relations where a = ? and b = ?", (r.b, r.a))
        conn.execute(
            "insert or replace into relations(a, b, kind, score, aligned, a_only, b_only) "
            "values (?,?,?,?,?,?,?)",
            (
                r.a,
                r.b,
                r.kind,
                r.score,
                json.dumps(
                    [[p.a_start, p.a_end, p.b_start, p.b_end, p.similarity] for p in r.aligned]
                ),
                json.dumps([list(s) for s in r.a_only]),
                json.dumps([list(s) for s in r.b_only]),
            ),
        )


def row_to_relation(row: sqlite3.Row) -> DocRelation:
    return DocRelation(
        a=row["a"],
        b=row["b"],
        kind=row["kind"],
        score=row["score"],
        aligned=tuple(AlignedPair(*p) for p in json.loads(row["aligned"])),
        a_only=tuple((s, e) for s, e in json.loads(row["a_only"])),
        b_only=tuple((s, e) for s, e in json.loads(row["b_only"])),
    )


def relations_of(conn: sqlite3.Connection, doc_ids: Iterable[str]) -> list[DocRelation]:
    """Relations that touch any of `doc_ids`, in a stable order."""
    found: dict[tuple[str, str], DocRelation] = {}
    for chunk in _chunks(sorted(set(doc_ids)), 400):
        marks = _marks(chunk)
        for row in conn.execute(
            f"select * from relations where a in ({marks}) or b in ({marks})", chunk + chunk
        ):
            found[(row["a"], row["b"])] = row_to_relation(row)
    return [found[k] for k in sorted(found)]


def relation_between(conn: sqlite3.Connection, x: str, y: str) -> DocRelation | None:
    row = conn.execute(
        "select * from relations where (a = ? and b = ?) or (a = ? and b = ?)", (x, y, y, x)
    ).fetchone()
    return row_to_relation(row) if row else None


def iter_relations(conn: sqlite3.Connection) -> Iterator[DocRelation]:
    """Every relation, by kind then strongest first (stable)."""
    for row in conn.execute("select * from relations order by kind, score desc, a, b"):
        yield row_to_relation(row)


# --------------------------------------------------------------------------- stories
def update_stories(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> None:
    """Recompute the stories of `doc_ids` and of every document connected to them by copies."""
    component = _connected(conn, doc_ids)
    members = _members(conn, component)
    relations = relations_of(conn, component)
    old = {
        r[0]
        for chunk in _chunks(sorted(component), 500)
        for r in conn.execute(
            f"select distinct story_id from story_members where doc_id in ({_marks(chunk)})", chunk
        )
    }
    for chunk in _chunks(sorted(old), 500):
        conn.execute(f"delete from story_members where story_id in ({_marks(chunk)})", chunk)
        conn.execute(f"delete from stories where id in ({_marks(chunk)})", chunk)
    for story in build_stories(members, relations):
        conn.execute(
            "insert into stories(id, canonical, rule) values (?,?,?)",
            (story.id, story.canonical, story.rule),
        )
        conn.executemany(
            "insert into story_members(story_id, doc_id) values (?,?)",
            [(story.id, m) for m in story.members],
        )


def _connected(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> set[str]:
    """`doc_ids` and everything reachable from them over relations (relations are only ever
    added, so this is the union of their old stories and the new links)."""
    seen = set(doc_ids)
    frontier = list(seen)
    while frontier:
        found = set()
        for chunk in _chunks(frontier, 400):
            marks = _marks(chunk)
            for a, b in conn.execute(
                f"select a, b from relations where a in ({marks}) or b in ({marks})", chunk + chunk
            ):
                found.update((a, b))
        frontier = sorted(found - seen)
        seen |= found
    return seen


def _members(conn: sqlite3.Connection, doc_ids: Iterable[str]) -> list[Member]:
    members = []
    for chunk in _chunks(sorted(doc_ids), 500):
        marks = _marks(chunk)
        for row in conn.execute(
            "select d.id, d.seq, d.words, coalesce(d.language, f.language), d.published, "
            "(select count(*) from removed_blocks r where r.doc_id = d.id) "
            f"from documents d left join fingerprints f on f.doc_id = d.id where d.id in ({marks})",
            chunk,
        ):
            members.append(Member(row[0], row[1], row[2], row[3], row[4], row[5]))
    return members


def iter_stories(conn: sqlite3.Connection, min_members: int = 1) -> Iterator[Story]:
    """Stories with at least `min_members` members, largest first, then by id."""
    rows = conn.execute(
        "select s.id, s.canonical, s.rule, count(m.doc_id) n from stories s "
        "join story_members m on m.story_id = s.id group by s.id having n >= ? "
        "order by n desc, s.id",
        (min_members,),
    ).fetchall()
    for row in rows:
        members = tuple(
            r[0]
            for r in conn.execute(
                "select m.doc_id from story_members m join documents d on d.id = m.doc_id "
                "where m.story_id = ? order by d.seq",
                (row[0],),
            )
        )
        yield Story(id=row[0], canonical=row[1], members=members, rule=row[2])


# --------------------------------------------------------------------------- helpers
def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(chunk: Sequence) -> str:
    return ",".join("?" * len(chunk))


def _ordered(rows: list, ids: list[str]) -> list:
    by_id = {row[0]: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]
