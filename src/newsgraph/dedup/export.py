"""Relations and stories as plain records, for `newsgraph export relations|stories` and
`newsgraph dupes --export`.

A relation record::

    {"a", "b", "kind", "score", "a_source", "b_source", "a_title", "b_title",
     "aligned": [{"a_start", "a_end", "b_start", "b_end", "similarity"}, ...],
     "a_only": [[start, end], ...], "b_only": [[start, end], ...]}

A story record::

    {"id", "canonical", "rule", "size", "members": [doc id, ...], "sources": [source, ...]}

Offsets are character offsets into each document's clean body.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import BinaryIO

import pyarrow as pa

from newsgraph.store import copies as store_copies

RELATION_COLUMNS = (
    ("a", pa.string()),
    ("b", pa.string()),
    ("kind", pa.string()),
    ("score", pa.float64()),
    ("a_source", pa.string()),
    ("b_source", pa.string()),
    ("a_title", pa.string()),
    ("b_title", pa.string()),
    ("aligned", pa.string()),
    ("a_only", pa.string()),
    ("b_only", pa.string()),
)
STORY_COLUMNS = (
    ("id", pa.string()),
    ("canonical", pa.string()),
    ("rule", pa.string()),
    ("size", pa.int64()),
    ("members", pa.string()),
    ("sources", pa.string()),
)


def _doc_info(conn: sqlite3.Connection) -> dict[str, tuple[str, str | None]]:
    return {r[0]: (r[1], r[2]) for r in conn.execute("select id, source, title from documents")}


def iter_relation_records(conn: sqlite3.Connection) -> Iterator[dict]:
    """Every copy relation as a plain dict (by kind, strongest first)."""
    info = _doc_info(conn)
    for r in store_copies.iter_relations(conn):
        a_source, a_title = info.get(r.a, (None, None))
        b_source, b_title = info.get(r.b, (None, None))
        yield {
            "a": r.a,
            "b": r.b,
            "kind": r.kind,
            "score": r.score,
            "a_source": a_source,
            "b_source": b_source,
            "a_title": a_title,
            "b_title": b_title,
            "aligned": [
                {
                    "a_start": p.a_start,
                    "a_end": p.a_end,
                    "b_start": p.b_start,
                    "b_end": p.b_end,
                    "similarity": p.similarity,
                }
                for p in r.aligned
            ],
            "a_only": [list(s) for s in r.a_only],
            "b_only": [list(s) for s in r.b_only],
        }


def iter_story_records(conn: sqlite3.Connection, min_members: int = 1) -> Iterator[dict]:
    """Every story (singletons too unless `min_members` > 1) as a plain dict, largest first."""
    info = _doc_info(conn)
    for s in store_copies.iter_stories(conn, min_members):
        yield {
            "id": s.id,
            "canonical": s.canonical,
            "rule": s.rule,
            "size": len(s.members),
            "members": list(s.members),
            "sources": [info.get(m, (None, None))[0] for m in s.members],
        }


def export(conn: sqlite3.Connection, kind: str, out: BinaryIO, fmt: str = "jsonl") -> int:
    """Write relations or stories to `out` in `fmt` (jsonl, csv, parquet); returns the count."""
    if kind == "relations":
        records, columns = iter_relation_records(conn), RELATION_COLUMNS
    elif kind == "stories":
        records, columns = iter_story_records(conn), STORY_COLUMNS
    else:
        raise ValueError(f"not a copies export: {kind!r} (relations or stories)")
    if fmt == "jsonl":
        count = 0
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            count += 1
        return count
    from newsgraph.export import export_records

    flat = ({k: _flat(v) for k, v in r.items()} for r in records)
    return export_records(flat, out, fmt, columns)


def _flat(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
