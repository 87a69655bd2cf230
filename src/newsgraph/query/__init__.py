"""Query layer: one set of read-only queries used by the CLI, the HTTP API and the web UI."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsgraph.model import Document
from newsgraph.store import db as store_db
from newsgraph.store import documents as store_docs


class Corpus:
    """A read view over a newsgraph store."""

    def __init__(self, db: Path | str) -> None:
        self.path = Path(db)
        self.conn: sqlite3.Connection = store_db.connect(self.path, create=False)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents ---------------------------------------------------------------
    def documents(self, limit: int = 100, offset: int = 0) -> list[dict]:
        rows = self.conn.execute(
            "select id, source, title, authors, published, published_precision, language, site, "
            "words from documents order by seq limit ? offset ?",
            (limit, offset),
        ).fetchall()
        return [dict(r) for r in rows]

    def document(self, ref: str) -> Document | None:
        """A document by id, id prefix, or source path."""
        row = self.conn.execute(
            "select id from documents where id = ? or source = ? or id like ? order by seq limit 2",
            (ref, ref, ref + "%"),
        ).fetchall()
        if len(row) != 1:
            return None
        return store_docs.get_document(self.conn, row[0][0])

    def count(self, table: str) -> int:
        assert table.isidentifier()
        return self.conn.execute(f"select count(*) from {table}").fetchone()[0]
