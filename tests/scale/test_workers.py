"""A worker process that dies (killed, out of memory, unable to start) ends the build
with a clear error in bounded time, never a hang; the next build resumes from the
batch that was lost."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import psutil

from newsgraph.pipeline import build
from newsgraph.scale.compare import differences, store_snapshot
from newsgraph.scale.local import default_processes
from newsgraph.settings import Settings

from .conftest import analysed_count as _analysed

SCRIPT = (
    "import sys, newsgraph\n"
    "newsgraph.build([sys.argv[1]], db=sys.argv[2], batch_size=4, processes=2)\n"
)
# A stuck build would run until pytest's own timeout; this bounds the wait.
BOUND = 120


def _workers(pid: int) -> list[psutil.Process]:
    """The pool's worker processes (not multiprocessing's resource tracker)."""
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            cmdline = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in cmdline:
            found.append(child)
    return found


def _finish(proc: subprocess.Popen, script: str | None = None) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        _, err = proc.communicate(script, timeout=BOUND)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"the build hung for {BOUND} s after its worker died") from None
    return proc.returncode, err, time.monotonic() - started


def test_killed_worker_ends_the_build_with_an_error_and_a_rerun_resumes(
    tmp_path, corpus, reference
):
    _, expected = reference
    db = tmp_path / "lost-worker.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(corpus), str(db)],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + BOUND
    try:
        while _analysed(db) < 4:
            assert proc.poll() is None, "the build ended before a worker could be killed"
            assert time.monotonic() < deadline, "the build made no progress"
            time.sleep(0.02)
        workers = _workers(proc.pid)
        assert len(workers) == 2
        workers[0].send_signal(signal.SIGKILL)
    except BaseException:
        proc.kill()
        raise
    code, err, _ = _finish(proc)
    assert code != 0
    assert "[NG510]" in err and "killed or ran out of memory" in err
    assert "documents to analyse" in err  # the lost batch is named
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive

    analysed_before = _analysed(db)
    total = len(expected["documents"])
    assert analysed_before < total, "the lost batch must not be marked done"
    report = build([str(corpus)], Settings(db=db, batch_size=4))
    assert report.analysed == total - analysed_before
    assert differences(store_snapshot(db), expected) == []


def test_script_from_stdin_with_workers_fails_fast_then_resumes(tmp_path, corpus, reference):
    _, expected = reference
    db = tmp_path / "stdin.db"
    # Spawned workers re-import the main script, which standard input cannot give them.
    proc = subprocess.Popen(
        [sys.executable, "-", str(corpus), str(db)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    code, err, _ = _finish(proc, SCRIPT)
    assert code != 0
    assert "[NG510]" in err and "standard input" in err and "inputs" in err
    report = build([str(corpus)], Settings(db=db, batch_size=4))
    assert report.analysed == report.new == len(expected["documents"])
    assert differences(store_snapshot(db), expected) == []


def test_default_processes_leave_one_core_to_the_parent():
    assert [default_processes(n) for n in (1, 2, 3, 16)] == [1, 1, 2, 15]
