"""Documents, their removed furniture and the inputs seen, in the store."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from newsgraph.model import Block, Document, OffsetSpan, RemovedBlock
from newsgraph.store.db import now


def lookup_source(conn: sqlite3.Connection, source: str) -> sqlite3.Row | None:
    return conn.execute("select * from sources where source = ?", (source,)).fetchone()


def doc_id_for_content(conn: sqlite3.Connection, content_hash: str) -> str | None:
    row = conn.execute(
        "select id from documents where content_hash = ?", (content_hash,)
    ).fetchone()
    return row[0] if row else None


def record_source(
    conn: sqlite3.Connection,
    source: str,
    *,
    status: str,
    raw_hash: str | None = None,
    doc_id: str | None = None,
    error: str | None = None,
) -> None:
    """Remember an input and what became of it. A failure never overwrites the
    document an earlier run stored for the same source."""
    if status == "failed":
        conn.execute(
            "insert into sources(source, raw_hash, doc_id, status, error, seen_at) values (?,?,?,?,?,?) "
            "on conflict(source) do update set status=excluded.status, error=excluded.error, "
            "seen_at=excluded.seen_at",
            (source, raw_hash, None, status, error, now()),
        )
    else:
        conn.execute(
            "insert into sources(source, raw_hash, doc_id, status, error, seen_at) values (?,?,?,?,?,?) "
            "on conflict(source) do update set raw_hash=excluded.raw_hash, doc_id=excluded.doc_id, "
            "status=excluded.status, error=NULL, seen_at=excluded.seen_at",
            (source, raw_hash, doc_id, status, None, now()),
        )


def insert_document(
    conn: sqlite3.Connection,
    doc: Document,
    *,
    raw_text: str | None,
    previous_version: str | None = None,
) -> None:
    seq = conn.execute("select coalesce(max(seq), 0) + 1 from documents").fetchone()[0]
    conn.execute(
        "insert into documents(id, source, raw_hash, content_hash, title, authors, published, "
        "published_precision, language, site, url, media_type, extractor, body, blocks, offsets, "
        "raw_text, previous_version, words, added_at, seq) "
        "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            doc.id,
            doc.source,
            doc.raw_hash,
            doc.content_hash,
            doc.title,
            json.dumps(list(doc.authors), ensure_ascii=False),
            doc.published,
            doc.published_precision,
            doc.language,
            doc.site,
            doc.url,
            doc.media_type,
            doc.extractor,
            doc.body,
            json.dumps([[b.kind, b.start, b.end] for b in doc.blocks]),
            json.dumps([[o.body_start, o.raw_start, o.length] for o in doc.offsets]),
            raw_text,
            previous_version,
            len(doc.body.split()),
            now(),
            seq,
        ),
    )
    conn.executemany(
        "insert into removed_blocks(doc_id, ord, text, reason, position, raw_start, raw_end) "
        "values (?,?,?,?,?,?,?)",
        [
            (doc.id, i, r.text, r.reason, r.position, r.raw_start, r.raw_end)
            for i, r in enumerate(doc.removed)
        ],
    )


def row_to_document(conn: sqlite3.Connection, row: sqlite3.Row) -> Document:
    removed = tuple(
        RemovedBlock(
            text=r["text"],
            reason=r["reason"],
            position=r["position"],
            raw_start=r["raw_start"],
            raw_end=r["raw_end"],
        )
        for r in conn.execute(
            "select * from removed_blocks where doc_id=? order by ord", (row["id"],)
        )
    )
    return Document(
        id=row["id"],
        source=row["source"],
        raw_hash=row["raw_hash"],
        content_hash=row["content_hash"],
        body=row["body"],
        title=row["title"],
        authors=tuple(json.loads(row["authors"])),
        published=row["published"],
        published_precision=row["published_precision"],
        language=row["language"],
        site=row["site"],
        url=row["url"],
        media_type=row["media_type"],
        blocks=tuple(Block(k, s, e) for k, s, e in json.loads(row["blocks"])),
        removed=removed,
        offsets=tuple(OffsetSpan(a, b, c) for a, b, c in json.loads(row["offsets"])),
        extractor=row["extractor"],
    )


def get_document(conn: sqlite3.Connection, doc_id: str) -> Document | None:
    row = conn.execute("select * from documents where id = ?", (doc_id,)).fetchone()
    return row_to_document(conn, row) if row else None


def iter_documents(conn: sqlite3.Connection, ids: list[str] | None = None) -> Iterator[Document]:
    if ids is None:
        rows = conn.execute("select * from documents order by seq")
        for row in rows.fetchall():
            yield row_to_document(conn, row)
    else:
        for doc_id in ids:
            doc = get_document(conn, doc_id)
            if doc is not None:
                yield doc


def docs_missing_stage(conn: sqlite3.Connection, stage: str) -> list[str]:
    """Documents a stage has not finished for (a killed build resumes from these)."""
    return [
        r[0]
        for r in conn.execute(
            "select id from documents where id not in (select doc_id from stage_done where stage=?) "
            "order by seq",
            (stage,),
        )
    ]


def mark_stage(conn: sqlite3.Connection, doc_ids: list[str], stage: str) -> None:
    conn.executemany(
        "insert or replace into stage_done(doc_id, stage, at) values (?,?,?)",
        [(d, stage, now()) for d in doc_ids],
    )
