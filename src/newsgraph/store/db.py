"""Open, create and migrate the newsgraph SQLite file.

One file, WAL journal, foreign keys on. The schema is a sequence of numbered SQL
files in `migrations/`; `meta.schema_version` records how many have run. A file
that is not ours is refused rather than changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from newsgraph import errors
from newsgraph.errors import StoreError

APPLICATION_ID = 0x4E475248  # "NGRH" in the SQLite header, marks the file as ours


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("newsgraph.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def schema_version_known() -> int:
    return max(number for number, _ in _migrations())


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect(path: str | Path, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open the database at `path`, creating and migrating it when needed.

    >>> conn = connect(":memory:")
    >>> conn.execute("select value from meta where key='schema_version'").fetchone()[0] != ''
    True
    """
    path_str = str(path)
    is_memory = path_str == ":memory:"
    if not is_memory:
        p = Path(path_str)
        if not p.exists() and (readonly or not create):
            raise StoreError(
                "no database here; build one first with `newsgraph build PATH`", source=path_str
            )
        if p.exists() and p.is_dir():
            raise StoreError(
                errors.NOT_OUR_DATABASE.format(detail="it is a folder"), source=path_str
            )
        if p.exists() and p.stat().st_size > 0:
            with open(p, "rb") as fh:
                header = fh.read(16)
            if header != b"SQLite format 3\x00":
                raise StoreError(
                    errors.NOT_OUR_DATABASE.format(detail="not an SQLite file"), source=path_str
                )
    if readonly and not is_memory:
        conn = sqlite3.connect(f"file:{path_str}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path_str, check_same_thread=False, timeout=30)
    conn.isolation_level = None  # we open transactions ourselves (see transaction())
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    if not readonly:
        _prepare(conn, path_str)
    else:
        _check_ours(conn, path_str)
    return conn


def _check_ours(conn: sqlite3.Connection, path: str) -> int:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    if app_id != APPLICATION_ID:
        if tables:
            raise StoreError(
                errors.NOT_OUR_DATABASE.format(
                    detail=f"it holds other tables: {', '.join(sorted(tables)[:5])}"
                ),
                source=path,
            )
        return 0
    row = conn.execute("select value from meta where key='schema_version'").fetchone()
    version = int(row[0]) if row else 0
    if version > schema_version_known():
        raise StoreError(
            errors.NEWER_SCHEMA.format(found=version, known=schema_version_known()), source=path
        )
    return version


def _prepare(conn: sqlite3.Connection, path: str) -> None:
    version = _check_ours(conn, path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:  # e.g. read-only media
        raise StoreError(str(exc), source=path) from exc
    conn.execute("PRAGMA synchronous = NORMAL")
    for number, sql in _migrations():
        if number <= version:
            continue
        # executescript commits first; the whole migration is one transaction.
        conn.executescript(
            "BEGIN;\n" + sql + f"\nPRAGMA application_id = {APPLICATION_ID};\n"
            "INSERT INTO meta(key, value) VALUES ('schema_version', '"
            + str(number)
            + "') ON CONFLICT(key) DO UPDATE SET value=excluded.value;\n"
            "COMMIT;"
        )


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic write: everything inside lands, or nothing does."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    else:
        conn.commit()
