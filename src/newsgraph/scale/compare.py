"""Compare two stores row for row: is a Dask build, a resumed build or a build with
worker processes the same as a plain one-process build of the same input?

Every table is read in insertion order (rowid), so "same rows in the same order"
is what equality means. Columns that record when something happened (``*_at``) and
the `meta` table are left out; the full-text index is derived from `documents`.
"""

from __future__ import annotations

import sqlite3
from array import array
from pathlib import Path

_SKIP_TABLES = {"meta", "sqlite_sequence"}
_UNORDERED_TABLES = {"stage_done"}
# Float32 vectors the copy finder stores. The sentence encoder's last bit depends on
# memory alignment and BLAS threading, so two processes agree to about 1e-7, not to the
# byte; what must be identical is what is decided from them (relations, stories).
_VECTOR_COLUMNS = {("fingerprints", "embedding"): 1e-5}


class Vector:
    """A stored float32 vector that compares equal within `tolerance`."""

    def __init__(self, blob: bytes, tolerance: float) -> None:
        self.values = array("f", blob)
        self.tolerance = tolerance

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Vector) or len(self.values) != len(other.values):
            return False
        return all(
            abs(a - b) <= self.tolerance for a, b in zip(self.values, other.values, strict=True)
        )

    def __repr__(self) -> str:
        return f"Vector({list(self.values)[:4]}...)"


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "select name, sql from sqlite_master where type='table' order by name"
    ).fetchall()
    shadows = {name for name, _ in rows if name.startswith("documents_fts")}
    return [
        name
        for name, sql in rows
        if name not in _SKIP_TABLES and name not in shadows and "VIRTUAL TABLE" not in (sql or "")
    ]


def store_snapshot(db: str | Path) -> dict[str, list[tuple]]:
    """Every table's rows (without timestamps), in insertion order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        snapshot: dict[str, list[tuple]] = {}
        for table in _tables(conn):
            columns = [
                r[1]
                for r in conn.execute(f"pragma table_info({table})")
                if not r[1].endswith("_at") and r[1] != "at"
            ]
            has_rowid = conn.execute(
                "select count(*) from pragma_table_list where name=? and wr=0", (table,)
            ).fetchone()[0]
            # Bookkeeping that two writers (copy finder, analysis) fill at once has no
            # meaningful row order; everything else must match row for row.
            unordered = not has_rowid or table in _UNORDERED_TABLES
            order = ", ".join(columns) if unordered else "rowid"
            rows = conn.execute(f"select {', '.join(columns)} from {table} order by {order}")
            vectors = {
                i: _VECTOR_COLUMNS[(table, c)]
                for i, c in enumerate(columns)
                if (table, c) in _VECTOR_COLUMNS
            }
            snapshot[table] = [
                tuple(
                    Vector(v, vectors[i]) if i in vectors and v is not None else v
                    for i, v in enumerate(row)
                )
                for row in rows
            ]
        return snapshot
    finally:
        conn.close()


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]], limit: int = 5) -> list[str]:
    """Human-readable differences between two snapshots; empty when they are equal."""
    found: list[str] = []
    for table in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(table), b.get(table)
        if rows_a == rows_b:
            continue
        if rows_a is None or rows_b is None:
            found.append(f"{table}: only in {'second' if rows_a is None else 'first'} store")
            continue
        if len(rows_a) != len(rows_b):
            found.append(f"{table}: {len(rows_a)} rows against {len(rows_b)}")
        for index, (ra, rb) in enumerate(zip(rows_a, rows_b, strict=False)):
            if ra != rb:
                found.append(f"{table} row {index}: {ra!r:.200} != {rb!r:.200}")
                break
        if len(found) >= limit:
            break
    return found
