"""Fixtures for the scale tests: a small generated corpus and its one-process build."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from newsgraph.pipeline import build
from newsgraph.scale.compare import store_snapshot
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DOCS = 16


def load_corpus_gen():
    """bench/corpus_gen.py, which is not part of the installed package."""
    spec = importlib.util.spec_from_file_location(
        "bench_corpus_gen", ROOT / "bench" / "corpus_gen.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus_gen():
    return load_corpus_gen()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, corpus_gen) -> Path:
    """16 generated articles (a few of them copies of others) and one empty file."""
    out = tmp_path_factory.mktemp("corpus")
    corpus_gen.write_corpus(out, CORPUS_DOCS, seed=11, fmt="mixed")
    (out / "zz-empty.txt").write_text("")
    return out


@pytest.fixture(scope="session")
def reference(tmp_path_factory, corpus) -> tuple[Path, dict]:
    """The one-process build of `corpus` with small batches: (db path, snapshot)."""
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    report = build([str(corpus)], Settings(db=db, batch_size=4, processes=1))
    assert report.new >= CORPUS_DOCS - 3 and report.analysed == report.new
    return db, store_snapshot(db)


def copy_store(db: Path, to: Path) -> Path:
    """Copy a closed store (WAL already checkpointed on close) to a new path."""
    shutil.copyfile(db, to)
    return to


def analysed_count(db: Path) -> int:
    """Documents marked analysed in a store another process may be writing."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("select count(*) from stage_done where stage='analyse'").fetchone()
            return row[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0
