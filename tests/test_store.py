"""The store: creation, migrations, refusing files that are not ours."""

from __future__ import annotations

import sqlite3

import pytest

from newsgraph.errors import StoreError
from newsgraph.store import db as store_db


def test_new_database_is_migrated_and_marked_as_ours(db_path):
    conn = store_db.connect(db_path)
    version = conn.execute("select value from meta where key='schema_version'").fetchone()[0]
    assert int(version) == store_db.schema_version_known()
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert conn.execute("pragma application_id").fetchone()[0] == store_db.APPLICATION_ID
    conn.close()
    # opening again runs no migration twice
    conn = store_db.connect(db_path)
    assert conn.execute("select count(*) from meta where key='schema_version'").fetchone()[0] == 1


def test_foreign_sqlite_file_is_refused_and_left_untouched(db_path):
    other = sqlite3.connect(db_path)
    other.execute("create table customers(id integer)")
    other.commit()
    other.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as info:
        store_db.connect(db_path)
    assert "not a newsgraph database" in str(info.value)
    assert str(db_path) in str(info.value)
    assert db_path.read_bytes() == before


def test_non_sqlite_file_is_refused(db_path):
    db_path.write_text("hello, I am a text file")
    with pytest.raises(StoreError, match="not an SQLite file"):
        store_db.connect(db_path)
    assert db_path.read_text() == "hello, I am a text file"


def test_transaction_rolls_back_on_error(db_path):
    conn = store_db.connect(db_path)
    with pytest.raises(RuntimeError):
        with store_db.transaction(conn):
            conn.execute("insert into meta(key, value) values ('x', 'y')")
            raise RuntimeError("boom")
    assert conn.execute("select count(*) from meta where key='x'").fetchone()[0] == 0


def test_migrations_are_numbered_without_gaps():
    # A store records the highest number it ran; a gap filled later would be skipped.
    numbers = [number for number, _ in store_db._migrations()]
    assert numbers == list(range(1, len(numbers) + 1))
