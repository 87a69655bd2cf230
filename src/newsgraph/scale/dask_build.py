"""The build on a Dask cluster: the same stage functions, mapped over partitions.

    newsgraph build PATH... --dask tcp://HOST:PORT     # a running scheduler
    newsgraph build PATH... --dask local:2             # a LocalCluster with 2 workers

The client (this process) reads the inputs with `ingest.iter_inputs`, settles the
ones that need no work (unreadable, unchanged since the last build) exactly as the
one-machine build does, and cuts the rest into partitions. Each partition goes to a
worker, which runs `stages.clean_batch` and answers with a Parquet shard; the client
writes the shard into a folder next to the database and loads it into the store in
partition order, with the one-machine loader (`pipeline.store_ingest_batch`). The copy
finder then runs once over the store (`pipeline.dedup_step`): it needs every document,
so it runs where they all are. Last, the documents not yet analysed go out in
partitions to `stages.analyse_documents` (the `Analyser` loaded once per worker) and
come back as shards of `Analysis` records, loaded in order with their `stage_done`
marks.

So the store sees the same writes in the same order as in a one-machine build: same
ids, same events, same row order. A bounded number of partitions is in flight at any
time, so the client's memory does not grow with the corpus; a killed build resumes
like a one-machine build, from the store.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph import errors
from newsgraph.errors import AnalysisError, InputError, NewsgraphError
from newsgraph.model import Analysis, Document
from newsgraph.pipeline import (
    BuildReport,
    Progress,
    batched,
    copies_and_analysis,
    count_pending,
    pending_documents,
    read_inputs,
    store_analysis_batch,
    store_ingest_batch,
    triage_input,
)
from newsgraph.scale import stages
from newsgraph.scale.codec import from_json, to_json
from newsgraph.scale.stages import Cleaned
from newsgraph.settings import Settings
from newsgraph.store import db as store_db

CLEANED_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("outcome", pa.string()),  # document | failed | unchanged
        ("error", pa.string()),
        ("raw_hash", pa.string()),
        ("raw_text", pa.large_string()),
        ("document", pa.large_string()),  # JSON of newsgraph.model.Document
    ]
)
ANALYSED_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("error", pa.string()),
        ("analysis", pa.large_string()),  # JSON of newsgraph.model.Analysis
    ]
)


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


def build_on_dask(
    paths: Sequence[str],
    settings: Settings,
    address: str,
    progress: Progress | None = None,
    *,
    partition_size: int | None = None,
    keep_shards: bool = False,
) -> BuildReport:
    """Build the store at `settings.db` from `paths` with the stages running on Dask.

    `address` is ``tcp://HOST:PORT`` (or any Dask scheme) for a running scheduler, or
    ``local:N`` to start a LocalCluster with N worker processes for this build. The
    shards go to ``<db>.shards/`` and are removed after a successful build unless
    `keep_shards`.
    """
    progress = progress or _no_progress
    started = time.perf_counter()
    size = partition_size or max(settings.batch_size, 64)
    shard_dir = shard_folder(settings.db)
    conn = store_db.connect(settings.db)
    try:
        report = BuildReport()
        with dask_client(address) as client:
            window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
            _ingest_on_dask(
                client, conn, paths, settings, report, progress, shard_dir, size, window
            )

            def analyse(analyse_conn, analyse_report: BuildReport) -> None:
                _analyse_on_dask(
                    client,
                    analyse_conn,
                    settings,
                    analyse_report,
                    progress,
                    shard_dir,
                    size,
                    window,
                )

            # The copy finder runs here, over the whole store, while the workers analyse.
            copies_and_analysis(conn, settings, report, progress, analyse, beside=True)
    finally:
        conn.close()
    if not keep_shards:
        shutil.rmtree(shard_dir, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def shard_folder(db: Path) -> Path:
    """Where this build's shards go: a folder next to the database, one per run."""
    db = Path(db)
    return db.parent / f"{db.name}.shards" / f"run-{os.getpid()}-{time.time_ns()}"


@contextmanager
def dask_client(address: str):
    """A `distributed.Client` for `address`; a LocalCluster for ``local:N``."""
    from distributed import Client, LocalCluster

    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise NewsgraphError(errors.DASK_ADDRESS, source=address)
        environ = dict(os.environ)
        with (
            LocalCluster(
                n_workers=int(count),
                threads_per_worker=1,  # one spaCy per process; threads would queue on it
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            # Starting workers leaves OMP_NUM_THREADS=1 and the like in our own
            # environment; libraries loaded later here (the copy finder's encoder) and
            # processes started later would compute with other thread counts than a
            # one-machine build does.
            os.environ.clear()
            os.environ.update(environ)
            yield client
        return
    if "://" not in address:
        raise NewsgraphError(errors.DASK_ADDRESS, source=address)
    try:
        client = Client(address, timeout=30)
    except OSError as exc:
        raise NewsgraphError(errors.DASK_UNREACHABLE.format(detail=exc), source=address) from exc
    try:
        yield client
    finally:
        client.close()


def _in_order(
    client, function: Callable[..., bytes], partitions: Iterable[tuple], window: int
) -> Iterator[bytes]:
    """Run `function(*partition)` on the workers, at most `window` at a time; results
    in partition order, so the store is written in input order."""
    in_flight: deque = deque()
    for args in partitions:
        # Scattered, not embedded in the task: partitions hold whole articles.
        [data] = client.scatter([args[0]], hash=False)
        in_flight.append(client.submit(function, data, *args[1:], pure=False))
        if len(in_flight) >= window:
            yield in_flight.popleft().result()
    while in_flight:
        yield in_flight.popleft().result()


def _write_shard(shard_dir: Path, name: str, payload: bytes) -> Path:
    shard_dir.mkdir(parents=True, exist_ok=True)
    path = shard_dir / name
    partial = path.with_suffix(".partial")
    partial.write_bytes(payload)
    partial.replace(path)  # a shard on disk is always whole
    return path


def _table_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


# --------------------------------------------------------------------------- ingest
def clean_partition(items: Sequence) -> bytes:
    """On a worker: clean a partition of inputs; a Parquet shard of the results."""
    rows = []
    for item in stages.clean_batch(items):
        outcome = "failed" if item.error else "unchanged" if item.unchanged else "document"
        rows.append(
            {
                "source": item.source,
                "outcome": outcome,
                "error": item.error.args[0] if item.error else None,
                "raw_hash": item.raw_hash,
                "raw_text": item.raw_text,
                "document": to_json(item.document) if item.document else None,
            }
        )
    return _table_bytes(pa.Table.from_pylist(rows, schema=CLEANED_SCHEMA))


def read_cleaned(path: Path) -> list[Cleaned]:
    """The `Cleaned` records of one shard, in order."""
    records = []
    for row in pq.read_table(path).to_pylist():
        error = (
            InputError(row["error"], source=row["source"]) if row["outcome"] == "failed" else None
        )
        document = from_json(Document, row["document"]) if row["document"] else None
        records.append(
            Cleaned(
                source=row["source"],
                document=document,
                raw_text=row["raw_text"],
                error=error,
                unchanged=row["outcome"] == "unchanged",
                raw_hash=row["raw_hash"],
            )
        )
    return records


def _ingest_on_dask(client, conn, paths, settings, report, progress, shard_dir, size, window):
    inputs = (triage_input(conn, item, report) for item in read_inputs(paths, settings))
    partitions = ((batch,) for batch in batched(inputs, size))
    done = 0
    for index, payload in enumerate(_in_order(client, clean_partition, partitions, window)):
        shard = _write_shard(shard_dir, f"cleaned-{index:06d}.parquet", payload)
        for chunk in batched(read_cleaned(shard), settings.batch_size):
            store_ingest_batch(conn, chunk, report)
            done += len(chunk)
            progress("ingest", done, None)


# --------------------------------------------------------------------------- analyse
def analyse_partition(docs: Sequence[Document], settings: Settings, user_actors: Sequence) -> bytes:
    """On a worker: analyse a partition of documents; a Parquet shard of the results."""
    rows = []
    for doc, result in zip(
        docs, stages.analyse_documents(docs, settings, user_actors), strict=True
    ):
        failed = isinstance(result, AnalysisError)
        rows.append(
            {
                "doc_id": doc.id,
                "source": doc.source,
                "error": result.args[0] if failed else None,
                "analysis": None if failed else to_json(result),
            }
        )
    return _table_bytes(pa.Table.from_pylist(rows, schema=ANALYSED_SCHEMA))


def read_analysed(path: Path) -> list[tuple[str, Analysis | AnalysisError]]:
    """(doc_id, analysis or error) for each row of one shard, in order."""
    records: list[tuple[str, Analysis | AnalysisError]] = []
    for row in pq.read_table(path).to_pylist():
        if row["error"] is not None:
            records.append((row["doc_id"], AnalysisError(row["error"], source=row["source"])))
        else:
            records.append((row["doc_id"], from_json(Analysis, row["analysis"])))
    return records


def _analyse_on_dask(client, conn, settings, report, progress, shard_dir, size, window):
    total = count_pending(conn, "analyse")
    if not total:
        return
    from newsgraph.store import analysis as store_analysis

    user_actors = store_analysis.load_user_actors(conn)
    in_flight: deque[list[Document]] = deque()

    def partitions():
        for docs in pending_documents(conn, "analyse", size):
            in_flight.append(docs)
            yield (docs, settings, user_actors)

    done = 0
    results = _in_order(client, analyse_partition, partitions(), window)
    for index, payload in enumerate(results):
        docs = in_flight.popleft()
        shard = _write_shard(shard_dir, f"analysed-{index:06d}.parquet", payload)
        analysed = read_analysed(shard)
        assert [doc_id for doc_id, _ in analysed] == [d.id for d in docs]
        for start in range(0, len(docs), settings.batch_size):
            chunk = slice(start, start + settings.batch_size)
            store_analysis_batch(
                conn, docs[chunk], [result for _, result in analysed[chunk]], report
            )
            done += len(docs[chunk])
            progress("analyse", done, total)
