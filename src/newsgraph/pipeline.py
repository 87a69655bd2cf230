"""The build: sources -> ingest -> dedup -> analyse (annotate, resolve, extract) -> store.

The build streams. Inputs are read one by one and flow through each step in batches
of `settings.batch_size`; with `settings.processes > 1` the batches are cleaned and
analysed by worker processes (`newsgraph.scale.local`), a bounded number in flight,
and come back in input order. Each batch is written in one transaction together
with its `stage_done` marks, so a build killed at any point (Ctrl-C, SIGKILL) loses
at most the batches in flight, and the next run picks up where it stopped: unchanged
inputs are skipped by their raw hash, and each later step reads only the documents
the store says it has not done. Nothing holds the whole corpus in memory, and adding
50 articles to a store of 5,000 analyses 50.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from newsgraph import ingest
from newsgraph.errors import AnalysisError, InputError
from newsgraph.model import Document, RawInput
from newsgraph.scale import stages
from newsgraph.scale.local import LocalWorkers
from newsgraph.scale.stages import Cleaned
from newsgraph.settings import Settings
from newsgraph.store import db as store_db
from newsgraph.store import documents as store_docs

# progress(stage, done, total): total is None when unknown.
Progress = Callable[[str, int, int | None], None]

T = TypeVar("T")


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass
class BuildReport:
    """What a build did, for the closing summary and the exit status."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    copies: int = 0
    analysed: int = 0
    events: int = 0
    mentions: int = 0
    seconds: float = 0.0
    words: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def build(
    paths: Sequence[str],
    settings: Settings,
    progress: Progress | None = None,
) -> BuildReport:
    """Ingest `paths` into the store at `settings.db` and bring every stage up to date."""
    progress = progress or _no_progress
    started = time.perf_counter()
    conn = store_db.connect(settings.db)
    try:
        report = BuildReport()
        warm = None
        if settings.analyse:
            from newsgraph.store import analysis as store_analysis

            warm = (stages.analyser_for, (settings, store_analysis.load_user_actors(conn)))
        with fewer_collections(), LocalWorkers(settings.processes, warm=warm) as workers:
            ingest_step(conn, paths, settings, report, progress, workers)

            def analyse(analyse_conn, analyse_report: BuildReport) -> None:
                analyse_step(analyse_conn, settings, analyse_report, progress, workers)

            copies_and_analysis(
                conn, settings, report, progress, analyse, beside=workers.processes > 1
            )
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


# Young objects the collector lets pile up before it looks at them, during a build. The
# build's parent makes and drops ~10^5 small objects per batch of results it reads back
# from the workers; at Python's default (700) a collection ran every few hundred of them
# and tripled the cost of reading the results back (measured: 0.64 CPU-s of collections
# per 1,000 articles, 0.09 at this setting). Nothing of the build's own makes cycles that
# must go early; the older generations keep their default pace.
BUILD_GEN0_THRESHOLD = 20_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect young objects less often inside the block; the thresholds are restored."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], BUILD_GEN0_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` consecutive items; the last may be shorter."""
    iterator = iter(items)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


# --------------------------------------------------------------------------- ingest
def ingest_step(
    conn,
    paths,
    settings: Settings,
    report: BuildReport,
    progress: Progress,
    workers: LocalWorkers | None = None,
) -> None:
    """Read every input, clean the new and changed ones, store them in input order."""
    workers = workers or LocalWorkers(1)
    done = 0
    inputs = (triage_input(conn, item, report) for item in read_inputs(paths, settings))
    calls = ((batch,) for batch in batched(inputs, settings.batch_size))
    for cleaned in workers.map_ordered(stages.clean_batch, calls, label=_inputs_label, inline=True):
        store_ingest_batch(conn, cleaned, report)
        done += len(cleaned)
        progress("ingest", done, None)


def sources_label(what: str, sources: Sequence[str], shown: int = 3) -> str:
    """A batch named by its first sources, for errors: 'the 32 inputs a, b, c, ...'."""
    head = ", ".join(sources[:shown]) + (", ..." if len(sources) > shown else "")
    return f"the {len(sources)} {what} {head}"


def _inputs_label(args: tuple) -> str:
    return sources_label("inputs", [getattr(item, "source", "?") for item in args[0]])


def _docs_label(args: tuple) -> str:
    return sources_label("documents to analyse", [doc.source for doc in args[0]])


# Site furniture (lines many inputs of one site share) is learnt from inputs read
# together. A fixed window of the input stream, rather than the batch, which depends on
# -j, --batch-size, Dask partitions and on what a resumed build skips, keeps the clean
# text, and so the ids, the same in every kind of build.
SITE_WINDOW = 64


def read_inputs(paths: Sequence[str], settings: Settings) -> Iterator[RawInput | InputError]:
    """`ingest.iter_inputs`, each input told the furniture of its site (see SITE_WINDOW)."""
    stream = ingest.iter_inputs(paths, settings)
    if not hasattr(ingest, "with_site_furniture"):
        yield from stream
        return
    for window in batched(stream, SITE_WINDOW):
        yield from ingest.with_site_furniture(window)


def triage_input(conn, item: RawInput | InputError, report: BuildReport) -> RawInput | Cleaned:
    """Inputs that need no cleaning (failed to read, unchanged since the last build)
    are settled here, in the parent, so that only real work goes to the workers."""
    report.read += 1
    if isinstance(item, InputError):
        return Cleaned(source=item.source or "?", error=item)
    seen = store_docs.lookup_source(conn, item.source)
    if seen is not None and seen["doc_id"]:
        digest = stages.raw_hash(item)
        if seen["raw_hash"] == digest:
            return Cleaned(source=item.source, unchanged=True, raw_hash=digest)
    return item


def store_ingest_batch(conn, batch: Sequence[Cleaned], report: BuildReport) -> None:
    """Write one batch of cleaned inputs in one transaction, in order."""
    with store_db.transaction(conn):
        for item in batch:
            if item.error is not None:
                report.failed.append((item.source, str(item.error)))
                store_docs.record_source(conn, item.source, status="failed", error=str(item.error))
                continue
            if item.unchanged:
                report.unchanged += 1
                continue
            doc = item.document
            assert doc is not None
            previous = store_docs.lookup_source(conn, item.source)
            existing = store_docs.doc_id_for_content(conn, doc.content_hash)
            if existing is not None:
                report.unchanged += 1
                store_docs.record_source(
                    conn, item.source, status="unchanged", raw_hash=doc.raw_hash, doc_id=existing
                )
                continue
            prev_id = previous["doc_id"] if previous is not None and previous["doc_id"] else None
            store_docs.insert_document(conn, doc, raw_text=item.raw_text, previous_version=prev_id)
            if prev_id:
                report.updated += 1
                status = "updated"
            else:
                report.new += 1
                status = "new"
            report.words += len(doc.body.split())
            store_docs.record_source(
                conn, item.source, status=status, raw_hash=doc.raw_hash, doc_id=doc.id
            )


# --------------------------------------------------------------------------- dedup
def dedup_step(conn, settings: Settings, report: BuildReport, progress: Progress) -> None:
    """Find copies of the documents not yet compared (see newsgraph.dedup)."""
    try:
        from newsgraph.store import copies as store_copies
    except ImportError:  # stage not built yet
        return
    store_copies.run_dedup_step(conn, settings, report, progress)


# --------------------------------------------------------------------------- both
def copies_and_analysis(
    conn,
    settings: Settings,
    report: BuildReport,
    progress: Progress,
    analyse: Callable[[object, BuildReport], None],
    beside: bool,
) -> None:
    """Copy finding here, then `analyse(conn, report)`; or, when the analysis runs in
    other processes (`beside`: worker processes, Dask), both at once.

    The two write different tables (each in its own order, as in a sequential build)
    and need nothing from each other, so the copy finder's time hides behind the
    workers' instead of leaving them idle. The analysis side gets its own connection:
    SQLite serialises the two writers' transactions.
    """
    if not settings.analyse:
        dedup_step(conn, settings, report, progress)
        return
    if not beside:
        dedup_step(conn, settings, report, progress)
        analyse(conn, report)
        return
    side = BuildReport()
    failure: list[BaseException] = []

    def run() -> None:
        side_conn = store_db.connect(settings.db)
        try:
            analyse(side_conn, side)
        except BaseException as exc:  # handed to the main thread below
            failure.append(exc)
        finally:
            side_conn.close()

    # A daemon: after Ctrl-C the main thread stops the workers and must not wait for it.
    thread = threading.Thread(target=run, name="newsgraph-analyse", daemon=True)
    thread.start()
    dedup_step(conn, settings, report, progress)
    thread.join()
    if failure:
        raise failure[0]
    report.analysed += side.analysed
    report.events += side.events
    report.mentions += side.mentions
    report.failed.extend(side.failed)


# --------------------------------------------------------------------------- analyse
def count_pending(conn, stage: str) -> int:
    """How many documents a stage has not finished."""
    return conn.execute(
        "select count(*) from documents d where not exists "
        "(select 1 from stage_done s where s.doc_id = d.id and s.stage = ?)",
        (stage,),
    ).fetchone()[0]


def pending_documents(conn, stage: str, batch_size: int) -> Iterator[list[Document]]:
    """Batches of the documents a stage has not finished, in insertion order.

    Pages by `seq` (keyset), so only one batch is in memory and documents marked done
    while the pages are read are neither skipped nor read twice.
    """
    last_seq = 0
    while True:
        rows = conn.execute(
            "select id, seq from documents d where seq > ? and not exists "
            "(select 1 from stage_done s where s.doc_id = d.id and s.stage = ?) "
            "order by seq limit ?",
            (last_seq, stage, batch_size),
        ).fetchall()
        if not rows:
            return
        last_seq = rows[-1]["seq"]
        yield list(store_docs.iter_documents(conn, [r["id"] for r in rows]))


def tapered(batches: Iterable[list[T]], total: int, size: int, processes: int) -> Iterator[list[T]]:
    """`batches` (of `total` items, `size` each), the last few cut into quarters.

    With several workers, a worker handed the last whole batch works alone while the
    others wait, for up to a batch's length (about two seconds of spaCy at 32 articles).
    Smaller batches at the end let the workers finish at about the same time. The items
    and their order are unchanged.
    """
    if processes <= 1:
        yield from batches
        return
    tail, small = 2 * processes * size, max(1, size // 4)
    seen = 0
    for batch in batches:
        if total - seen <= tail:
            yield from batched(batch, small)
        else:
            yield batch
        seen += len(batch)


def analyse_step(
    conn,
    settings: Settings,
    report: BuildReport,
    progress: Progress,
    workers: LocalWorkers | None = None,
) -> None:
    """spaCy, actor resolution and event extraction over documents not yet analysed."""
    total = count_pending(conn, "analyse")
    if not total:
        return
    from newsgraph.store import analysis as store_analysis

    workers = workers or LocalWorkers(1)
    user_actors = store_analysis.load_user_actors(conn)
    batches = tapered(
        pending_documents(conn, "analyse", settings.batch_size),
        total,
        settings.batch_size,
        workers.processes,
    )
    in_flight: list[list[Document]] = []

    def calls():
        for docs in batches:
            in_flight.append(docs)
            yield (docs, settings, user_actors)

    done = 0
    for results in workers.map_ordered(stages.analyse_documents, calls(), label=_docs_label):
        docs = in_flight.pop(0)
        store_analysis_batch(conn, docs, results, report)
        done += len(docs)
        progress("analyse", done, total)


def store_analysis_batch(
    conn, docs: Sequence[Document], results: Sequence, report: BuildReport
) -> None:
    """Write the analyses of one batch and mark them done, in one transaction.

    A document whose analysis failed is reported and left unmarked, so the next build
    tries it again.
    """
    from newsgraph.store import analysis as store_analysis

    finished: list[str] = []
    with store_db.transaction(conn):
        for doc, result in zip(docs, results, strict=True):
            if isinstance(result, AnalysisError):
                report.failed.append((doc.source, str(result)))
                continue
            store_analysis.save_analysis(conn, result)
            report.events += len(result.events)
            report.mentions += len(result.mentions)
            finished.append(doc.id)
        store_docs.mark_stage(conn, finished, "analyse")
    report.analysed += len(finished)
