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

The workers are forked from one fork server that loaded the models before forking
(`load_in_fork_server`): P workers cost one load of spaCy's model, the knowledge base
and the language identifier (about 2.5 CPU-seconds each), not P. The pool starts in a
background thread, and `map_ordered(..., inline=True)` runs light calls (cleaning) in
the parent until it is up, so that no core waits for that load.
"""

from __future__ import annotations

import base64
import gc
import multiprocessing
import os
import pickle
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


def _worker_init(main_pid: int, warm: tuple[Callable[..., Any], tuple] | None) -> None:
    # Ctrl-C goes to the parent, which stops the pool; a worker must not die mid-batch
    # with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in _ONE_THREAD:
        os.environ.setdefault(name, "1")
    watch = threading.Thread(target=_exit_with_parent, args=(main_pid, os.getppid()), daemon=True)
    watch.start()
    if warm is not None:
        # Load the model while the worker cleans inputs, so that analysis starts warm (a
        # no-op when the fork server has loaded it already).
        threading.Thread(target=warm[0], args=warm[1], daemon=True).start()


def _ready() -> None:
    """The call each new worker answers first: the pool is up once all have."""
    return None


def _exit_with_parent(main_pid: int, parent_pid: int) -> None:
    """A parent killed with SIGKILL cannot stop its pool; the orphans stop themselves.

    A worker's parent is the fork server, which ends when the main process does; so a
    worker stops when it is handed to another parent or when the main process is gone.
    """
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid or not _alive(main_pid):
            os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's (a re-used pid): not ours to judge
        return True
    return True


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where the platform has one (Linux, macOS), else spawn.

    Not fork: the parent may hold threads (progress bar, BLAS) whose locks a forked
    child would inherit mid-use. The fork server is a fresh single-threaded process that
    loads the models once (`newsgraph.scale.preload`) and forks every worker from that
    state, so N workers cost one model load, not N.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


# The fork server is started by name with a module to import (`preload`); what it should
# load comes in this environment variable, set by the parent just before it starts the
# server: the `warm` pair (function, args) of `LocalWorkers`, pickled, base64-encoded.
PRELOAD_ENV = "NEWSGRAPH_WORKER_PRELOAD"
PRELOAD_MODULE = "newsgraph.scale.preload"


def _preload_value(warm: tuple[Callable[..., Any], tuple]) -> str | None:
    """The environment value for `warm`, or None when it cannot travel that way
    (unpicklable, or too long for one environment string)."""
    try:
        value = base64.b64encode(pickle.dumps(warm)).decode("ascii")
    except Exception:
        return None
    return value if len(value) < 100_000 else None


def _start_fork_server(context, warm: tuple[Callable[..., Any], tuple] | None) -> None:
    """Start this process's fork server with `warm` preloaded, unless one runs already
    (then its workers load what the server has not, in their `warm` thread)."""
    from multiprocessing import forkserver

    context.set_forkserver_preload([PRELOAD_MODULE])
    value = _preload_value(warm) if warm is not None else None
    previous = os.environ.pop(PRELOAD_ENV, None)
    if value is not None:
        os.environ[PRELOAD_ENV] = value  # read by the server as it starts
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(PRELOAD_ENV, None)
        if previous is not None:
            os.environ[PRELOAD_ENV] = previous


def load_in_fork_server() -> None:
    """In the fork server, before any worker is forked: what cleaning needs and the
    `warm` pair the parent sent. Each worker then starts with them loaded (the pages
    are shared) instead of loading them itself: about 2.5 CPU-seconds per worker.

    A failure is swallowed: the server must start whatever happens, and a worker loads
    what it lacks itself and reports a real error (a missing model) on the batch."""
    for name in _ONE_THREAD:  # before numpy is first imported, so that workers inherit it
        os.environ.setdefault(name, "1")
    try:
        from newsgraph import ingest

        ingest.warm_up()
        spec = os.environ.get(PRELOAD_ENV)
        if spec:
            function, args = pickle.loads(base64.b64decode(spec))
            function(*args)
    except BaseException:  # see above
        pass
    # What is loaded now lives as long as the workers: keep the collector from walking it
    # (and from writing to the shared pages, which would copy them into every worker).
    gc.freeze()


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
        """`warm` = (function, args) loaded once before the workers start (or by each
        worker in the background when the fork server was started earlier)."""
        self.processes = max(1, int(processes))
        self.window = window or 2 * self.processes
        self.warm = warm
        self._pool: ProcessPoolExecutor | None = None
        self._starter: threading.Thread | None = None
        self._ready = threading.Event()
        self._start_error: BaseException | None = None

    def __enter__(self) -> LocalWorkers:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(abort=exc_type is not None)

    def close(self, abort: bool = False) -> None:
        """Stop the workers; `abort` drops batches in flight (Ctrl-C, errors)."""
        starter, self._starter = self._starter, None
        if starter is not None:
            starter.join()  # at most the fork server's load; then there is a pool to stop
        self._ready.clear()  # a later call starts a new pool
        self._start_error = None
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

    def _begin(self) -> None:
        """Start the pool in the background: starting the first worker waits for the fork
        server to load the models, and the parent has better things to do meanwhile."""
        if self._starter is None and not self._ready.is_set():
            self._starter = threading.Thread(
                target=self._start, name="newsgraph-workers-start", daemon=True
            )
            self._starter.start()

    def _start(self) -> None:
        try:
            context = _context()
            if context.get_start_method() == "forkserver":
                _start_fork_server(context, self.warm)
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=context,
                initializer=_worker_init,
                initargs=(os.getpid(), self.warm),
            )
            pings = [self._pool.submit(_ready) for _ in range(self.processes)]
            for ping in pings:
                ping.result()
        except BrokenProcessPool:
            pass  # a worker that cannot start: the first real call reports it, named
        except BaseException as exc:
            self._start_error = exc
        finally:
            self._ready.set()

    def _started(self) -> ProcessPoolExecutor:
        self._begin()
        self._ready.wait()
        if self._pool is None:
            raise self._start_error or RuntimeError("the worker pool did not start")
        return self._pool

    def map_ordered(
        self,
        fn: Callable[..., Any],
        calls: Iterable[tuple],
        label: Callable[[tuple], str] | None = None,
        inline: bool = False,
    ) -> Iterator[Any]:
        """`fn(*args)` for each args tuple, in order, at most `window` calls in flight.

        `inline`: while the workers are starting, run the calls here, in this process
        (for light calls, such as cleaning, that need none of the models the workers
        load). `label(args)` names a call's inputs in the `WorkerError` raised when a
        worker process dies while the call is in flight.
        """
        if self.processes == 1:
            for args in calls:
                yield fn(*args)
            return
        self._begin()
        in_flight: deque[tuple[tuple, Future]] = deque()

        def result(args: tuple, future: Future) -> Any:
            try:
                return future.result()
            except BrokenProcessPool as exc:
                raise self._died(label, args) from exc

        for args in calls:
            if inline and not self._ready.is_set():
                # Every call before the pool is up runs here, so none is in flight and
                # the order holds.
                yield fn(*args)
                continue
            pool = self._started()
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
