"""Killed builds (SIGKILL, Ctrl-C) lose at most the batches in flight and resume to the
same store as an uninterrupted build; worker processes do not outlive their build."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil

from newsgraph.pipeline import build
from newsgraph.scale.compare import differences, store_snapshot
from newsgraph.settings import Settings

from .conftest import analysed_count as _analysed

BUILD = (
    "import sys, newsgraph; "
    "newsgraph.build([sys.argv[1]], db=sys.argv[2], batch_size=4, processes=int(sys.argv[3]))"
)


def _start_and_interrupt(corpus: Path, db: Path, processes: int, sig: int) -> tuple[int, list]:
    """Start a build in a subprocess and send `sig` once the first batch is analysed.
    Returns (documents analysed before the signal, the worker processes seen)."""
    proc = subprocess.Popen([sys.executable, "-c", BUILD, str(corpus), str(db), str(processes)])
    deadline = time.monotonic() + 120
    try:
        while (done := _analysed(db)) < 4:
            assert proc.poll() is None, "the build ended before it could be interrupted"
            assert time.monotonic() < deadline, "the build made no progress"
            time.sleep(0.02)
        workers = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return done, workers


def test_sigkill_mid_build_then_resume_gives_the_same_store(tmp_path, corpus, reference):
    _, expected = reference
    db = tmp_path / "killed.db"
    done, workers = _start_and_interrupt(corpus, db, 2, signal.SIGKILL)
    total = len(expected["documents"])
    assert 4 <= done < total, "killed after the last batch: nothing left to resume"
    assert workers, "a build with -j 2 should run worker processes"
    # Orphaned workers notice that their parent is gone and stop.
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive
    analysed_before, stored_before = _analysed(db), len(_rows(db, "documents"))
    report = build([str(corpus)], Settings(db=db, batch_size=4))
    # Only what the killed build had not finished is done now.
    assert report.analysed == total - analysed_before
    assert report.new == total - stored_before
    snapshot = store_snapshot(db)
    assert differences(snapshot, expected) == []
    ids = [row[0] for row in snapshot["documents"]]
    assert len(ids) == len(set(ids)) == total


def test_ctrl_c_stops_cleanly_and_resumes(tmp_path, corpus, reference):
    _, expected = reference
    db = tmp_path / "interrupted.db"
    _start_and_interrupt(corpus, db, 1, signal.SIGINT)
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    conn.close()
    build([str(corpus)], Settings(db=db, batch_size=4))
    assert differences(store_snapshot(db), expected) == []


def _rows(db: Path, table: str):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"select * from {table}").fetchall()
    finally:
        conn.close()
