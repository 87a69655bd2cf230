"""A build killed with SIGKILL part-way and run again: no duplicates, no loss."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

NEWSGRAPH = [sys.executable, "-c", "from newsgraph.cli import main; main()"]
SYLLABLES = [
    "ka",
    "lo",
    "mir",
    "tan",
    "se",
    "vol",
    "dur",
    "pe",
    "ri",
    "gon",
    "al",
    "bes",
    "nu",
    "or",
]


def _write_inputs(folder: Path, n: int) -> None:
    """n short articles with distinct made-up vocabularies, so that no two look like copies."""
    rng = random.Random(2026)
    words = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(6000)})
    folder.mkdir()
    for i in range(n):
        sentences = [" ".join(rng.choices(words, k=14)).capitalize() + "." for _ in range(4)]
        (folder / f"{i:05d}.txt").write_text(f"Report {i}\n\n" + " ".join(sentences) + "\n")


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("select count(*) from documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_sigkill_then_rerun_completes_without_duplicates_or_loss(tmp_path: Path) -> None:
    n = 150  # small: the copy finder that runs after ingest embeds every document
    inputs = tmp_path / "in"
    _write_inputs(inputs, n)
    db = tmp_path / "kill.db"
    cmd = [*NEWSGRAPH, "build", str(inputs), "--db", str(db), "--no-analyse", "--batch-size", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while _count(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    stored_at_kill = _count(db)
    assert 0 < stored_at_kill < n, "the build must be killed part-way"

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]

    conn = sqlite3.connect(db)
    docs = conn.execute(
        "select count(*), count(distinct content_hash), count(distinct source) from documents"
    ).fetchone()
    assert docs == (n, n, n)
    sources = conn.execute("select count(*), count(doc_id) from sources").fetchone()
    assert sources == (n, n)
    missing = {f"{i:05d}.txt" for i in range(n)} - {
        Path(s).name for (s,) in conn.execute("select source from documents")
    }
    assert not missing
    fts = conn.execute("select count(*) from documents_fts").fetchone()[0]
    assert fts == n
    conn.close()

    # A third run finds nothing to do.
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and _count(db) == n
