"""A worker process that dies (killed, out of memory, unable to start) ends the build
with a clear error in bounded time, never a hang; the next build resumes from the
batch that was lost. And how the pool starts: workers forked from one server that
loaded the models, light calls in the parent until they are up."""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from newsgraph.pipeline import build
from newsgraph.scale.compare import differences, store_snapshot
from newsgraph.scale.local import LocalWorkers, default_processes
from newsgraph.settings import Settings

from .conftest import analysed_count as _analysed

SCRIPT = (
    "import sys, newsgraph\n"
    "newsgraph.build([sys.argv[1]], db=sys.argv[2], batch_size=4, processes=2)\n"
)
# A stuck build would run until pytest's own timeout; this bounds the wait.
BOUND = 120
HERE = Path(__file__).resolve().parent  # pool_probe.py, imported by name by the workers


def _workers(pid: int) -> list[psutil.Process]:
    """The pool's worker processes: forked by the fork server (on other platforms,
    spawned); not the fork server itself nor multiprocessing's resource tracker."""
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            cmdline = " ".join(child.cmdline())
            parent = " ".join(child.parent().cmdline())
        except (psutil.Error, AttributeError):
            continue
        if "spawn_main" in cmdline or ("forkserver" in parent and child.ppid() != pid):
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
    assert "[NG510]" in err and "standard input" in err
    # The batch named is one in flight: inputs to clean, or (when the parent cleaned
    # every input itself while the workers started) documents to analyse.
    assert "inputs" in err or "documents to analyse" in err
    report = build([str(corpus)], Settings(db=db, batch_size=4))
    # The rerun stores what was not stored (nothing, or the inputs cleaned before the
    # workers failed) and analyses every document.
    assert report.analysed == report.new + report.unchanged == len(expected["documents"])
    assert differences(store_snapshot(db), expected) == []


def test_default_processes_leave_one_core_to_the_parent():
    assert [default_processes(n) for n in (1, 2, 3, 16)] == [1, 1, 2, 15]


PROBE = """
import json, os, sys
import pool_probe
from newsgraph.scale.local import LocalWorkers
with LocalWorkers(2, warm=(pool_probe.warm, ("model",))) as workers:
    out = list(workers.map_ordered(pool_probe.report, [(i,) for i in range(8)]))
print(json.dumps({"main": os.getpid(), "results": out}))
"""


def _probe_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_workers_start_from_one_server_that_loaded_the_models_once():
    # A fresh interpreter: the fork server is one per process, started by its first pool.
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=BOUND,
        env=_probe_env(),
        check=True,
    )
    probe = json.loads(done.stdout)
    results = probe["results"]
    assert [r["index"] for r in results] == list(range(8))
    servers = {r["ppid"] for r in results}
    assert len(servers) == 1 and probe["main"] not in servers
    server = servers.pop()
    for r in results:
        # the warm function ran in the server, before this worker was forked from it ...
        assert ["model", server] in r["warmed"]
        # ... and what the server loaded is kept out of the collector's way
        assert r["frozen"] > 0
    assert len({r["pid"] for r in results}) <= 2


def test_light_calls_run_in_the_parent_while_the_workers_start(monkeypatch):
    # by its top-level name, which the workers can import too (they get this sys.path)
    monkeypatch.syspath_prepend(str(HERE))
    pool_probe = importlib.import_module("pool_probe")

    calls = [(i, 0.05) for i in range(80)]
    with LocalWorkers(2) as workers:
        out = list(workers.map_ordered(pool_probe.slow, calls, inline=True))
    assert [index for index, _ in out] == list(range(80))
    pids = [pid for _, pid in out]
    assert pids[0] == os.getpid(), "the first call should not wait for the workers"
    assert pids[-1] != os.getpid(), "once up, the workers take the calls"
    # all calls in the parent come first: the switch to the workers happens once
    assert pids == sorted(pids, key=lambda pid: pid != os.getpid())


def test_a_closed_pool_starts_again_on_the_next_call():
    workers = LocalWorkers(2)
    try:
        assert list(workers.map_ordered(abs, [(-1,), (-2,)])) == [1, 2]
        workers.close()
        assert list(workers.map_ordered(abs, [(-3,), (4,)])) == [3, 4]
    finally:
        workers.close()
