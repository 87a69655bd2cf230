"""Worker processes on one machine, with an ordered, bounded map.

Why a pool of our stage functions rather than `nlp.pipe(n_process=P)`: spaCy's own
processes parse in parallel but hand every Doc back to the parent, which then
resolves actors and extracts events alone. Here each worker runs the whole analysis
(`nlp.pipe` inside, then actors and events) and sends back small `Analysis` records, so
all of the work is spread over the cores and the parent only writes to the store.

`map_ordered` keeps at most `window` batches in flight, so memory stays bounded
whatever the corpus size, and yields results in input order, so the store is
written in the same order as a one-process build (same ids, same row order).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

# Each worker is one process on one core; BLAS threads on top would fight over it.
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


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
        self._pool: Any = None

    def __enter__(self) -> LocalWorkers:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(abort=exc_type is not None)

    def close(self, abort: bool = False) -> None:
        """Stop the workers; `abort` drops batches in flight (Ctrl-C, errors)."""
        if self._pool is None:
            return
        if abort:
            self._pool.terminate()
        else:
            self._pool.close()
        self._pool.join()
        self._pool = None

    def _started(self):
        if self._pool is None:
            # spawn, not fork: the parent may hold threads (progress bar, ONNX, BLAS)
            # whose locks a forked child would inherit mid-use.
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(
                self.processes, initializer=_worker_init, initargs=(os.getpid(), self.warm)
            )
        return self._pool

    def map_ordered(self, fn: Callable[..., Any], calls: Iterable[tuple]) -> Iterator[Any]:
        """`fn(*args)` for each args tuple, in order, at most `window` calls in flight."""
        if self.processes == 1:
            for args in calls:
                yield fn(*args)
            return
        pool = self._started()
        in_flight: deque = deque()
        for args in calls:
            in_flight.append(pool.apply_async(fn, args))
            if len(in_flight) >= self.window:
                yield in_flight.popleft().get()
        while in_flight:
            yield in_flight.popleft().get()
