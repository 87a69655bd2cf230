"""Worker processes on one machine, with an ordered, bounded map.

Why a pool of our stage functions rather than `nlp.pipe(n_process=P)`: spaCy's own
processes parse in parallel but hand every Doc back to the parent, which then
resolves actors and extracts events alone. Here each worker runs the whole analysis
(`nlp.pipe` inside, then actors and events) and sends back small `Analysis` records, so
all of the work is spread over the cores and the parent only writes to the store.

`map_ordered` keeps at most `window` batches in flight, so memory stays bounded
whatever the corpus size, and yields results in input order, so the store is
written in the same order as a one-process build (same ids, same row order).

The pool is a `concurrent.futures.ProcessPoolExecutor`, not `multiprocessing.Pool`:
when a worker dies (out of memory, killed, or unable to start at all, as happens
when the main script was read from standard input) the executor fails every batch
in flight with `BrokenProcessPool`, which becomes a `WorkerError` naming the batch,
where `multiprocessing.Pool` would start a new worker and wait for the lost batch
for ever. The batch is never written, so its documents stay un-marked and the next
build does them again.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from newsgraph import errors
from newsgraph.errors import WorkerError

# Each worker is one process on one core; BLAS threads on top would fight over it.
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def default_processes(cores: int | None = None) -> int:
    """Worker processes for `-j` when none is given: one core is left to the parent
    (store writes, copy finding), so cores - 1, and at least 1.

    >>> default_processes(1), default_processes(2), default_processes(8)
    (1, 1, 7)
    """
    cores = cores if cores is not None else (os.cpu_count() or 1)
    return max(1, cores - 1)


def _worker_init(parent_pid: int, warm: tuple[Callable[..., Any], tuple] | None) -> None:
    # Ctrl-C goes to the parent, which stops the pool; a worker must not die mid-batch
    # with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in _ONE_THREAD:
        os.environ.setdefault(name, "1")
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    if warm is not None:
        # Load the model while the worker cleans inputs, so that analysis starts warm.
        threading.Thread(target=warm[0], args=warm[1], daemon=True).start()


def _exit_with_parent(parent_pid: int) -> None:
    """A parent killed with SIGKILL cannot stop its pool; the orphans stop themselves."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(0)


def main_from_nowhere() -> bool:
    """True when the main script has no file a spawned worker could import again
    (`python - < script.py`): such workers die as they start."""
    main = sys.modules.get("__main__")
    if main is None or getattr(getattr(main, "__spec__", None), "name", None):
        return False
    path = getattr(main, "__file__", None)
    return path is not None and not os.path.exists(path)


def _describe(label: Callable[[tuple], str] | None, args: tuple) -> str:
    try:
        return label(args) if label is not None else f"{len(args)} argument(s)"
    except Exception:  # a label must never hide the real failure
        return "a batch"


class LocalWorkers:
    """`processes` worker processes, started on first use; none when processes <= 1.

    >>> with LocalWorkers(1) as workers:
    ...     list(workers.map_ordered(abs, [(-1,), (2,)]))
    [1, 2]
    """

    def __init__(
        self,
        processes: int = 1,
        window: int | None = None,
        warm: tuple[Callable[..., Any], tuple] | None = None,
    ) -> None:
        """`warm` = (function, args) each worker runs in the background when it starts."""
        self.processes = max(1, int(processes))
        self.window = window or 2 * self.processes
        self.warm = warm
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalWorkers:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(abort=exc_type is not None)

    def close(self, abort: bool = False) -> None:
        """Stop the workers; `abort` drops batches in flight (Ctrl-C, errors)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abort:
            # The executor has no public way to stop a running call; without this a
            # Ctrl-C would wait for every batch in flight to finish.
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                if process.is_alive():
                    process.terminate()
        pool.shutdown(wait=True, cancel_futures=abort)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent may hold threads (progress bar, ONNX, BLAS)
            # whose locks a forked child would inherit mid-use.
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(os.getpid(), self.warm),
            )
        return self._pool

    def map_ordered(
        self,
        fn: Callable[..., Any],
        calls: Iterable[tuple],
        label: Callable[[tuple], str] | None = None,
    ) -> Iterator[Any]:
        """`fn(*args)` for each args tuple, in order, at most `window` calls in flight.

        `label(args)` names a call's inputs in the `WorkerError` raised when a worker
        process dies while the call is in flight.
        """
        if self.processes == 1:
            for args in calls:
                yield fn(*args)
            return
        pool = self._started()
        in_flight: deque[tuple[tuple, Future]] = deque()

        def result(args: tuple, future: Future) -> Any:
            try:
                return future.result()
            except BrokenProcessPool as exc:
                raise self._died(label, args) from exc

        for args in calls:
            try:
                in_flight.append((args, pool.submit(fn, *args)))
            except BrokenProcessPool as exc:
                raise self._died(label, in_flight[0][0] if in_flight else args) from exc
            if len(in_flight) >= self.window:
                yield result(*in_flight.popleft())
        while in_flight:
            yield result(*in_flight.popleft())

    def _died(self, label: Callable[[tuple], str] | None, args: tuple) -> WorkerError:
        hint = errors.WORKER_NO_MAIN if main_from_nowhere() else errors.WORKER_LOST
        return WorkerError(
            errors.WORKER_DIED.format(
                batch=_describe(label, args), processes=self.processes, hint=hint
            )
        )
