"""Fixtures: a store built through the real pipeline from hand-made copies of one article."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import newsgraph

from . import articles

FILES = {
    "original.txt": articles.ORIGINAL,
    **{f"{kind}.txt": text for kind, text in articles.COPIES.items()},
    "same_event_1.txt": articles.SAME_EVENT_1,
    "same_event_2.txt": articles.SAME_EVENT_2,
}


def write_articles(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        path.write_text(FILES[name], encoding="utf-8")
        paths.append(path)
    return paths


def open_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def doc_ids_by_name(conn: sqlite3.Connection) -> dict[str, str]:
    return {
        Path(r["source"]).name: r["id"] for r in conn.execute("select id, source from documents")
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    """All eight articles built into one store (no spaCy analysis)."""
    folder = tmp_path_factory.mktemp("copies")
    write_articles(folder / "in", list(FILES))
    db = folder / "copies.db"
    report = newsgraph.build([str(folder / "in")], db=db, analyse=False)
    return db, report
