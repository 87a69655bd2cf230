"""The store comparison the identity tests rely on: it must see real differences and
only tolerate the encoder's last-bit noise in stored vectors."""

from __future__ import annotations

import sqlite3
from array import array

from newsgraph.scale.compare import differences, store_snapshot

from .conftest import copy_store


def test_compare_sees_changed_rows_but_not_vector_noise(tmp_path, reference):
    ref_db, expected = reference
    db = copy_store(ref_db, tmp_path / "changed.db")
    conn = sqlite3.connect(db)
    doc_id, blob = conn.execute(
        "select doc_id, embedding from fingerprints where embedding is not null limit 1"
    ).fetchone() or (None, None)
    if blob is not None:
        noisy = array("f", blob)
        noisy[0] += 1e-7
        conn.execute(
            "update fingerprints set embedding=? where doc_id=?", (noisy.tobytes(), doc_id)
        )
        conn.commit()
        assert differences(store_snapshot(db), expected) == []
    conn.execute("update documents set title = 'changed' where seq = 1")
    conn.commit()
    conn.close()
    found = differences(store_snapshot(db), expected)
    assert len(found) == 1 and found[0].startswith("documents row 0")
