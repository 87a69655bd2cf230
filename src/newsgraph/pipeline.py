"""The build: sources -> ingest -> dedup -> analyse (annotate, resolve, extract) -> store.

Each step reads what the store says is not yet done, runs the stage functions over
plain data in batches, and writes each batch in one transaction. A build killed at
any point loses at most the batch in flight; the next run picks up from the
`stage_done` table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newsgraph import ingest
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import RawInput
from newsgraph.settings import Settings
from newsgraph.store import db as store_db
from newsgraph.store import documents as store_docs

# progress(stage, done, total): total is None when unknown.
Progress = Callable[[str, int, int | None], None]


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
        ingest_step(conn, paths, settings, report, progress)
        dedup_step(conn, settings, report, progress)
        if settings.analyse:
            analyse_step(conn, settings, report, progress)
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


# --------------------------------------------------------------------------- ingest
def ingest_step(conn, paths, settings: Settings, report: BuildReport, progress: Progress) -> None:
    batch: list[tuple[RawInput | None, object]] = []
    done = 0
    for item in ingest.iter_inputs(paths, settings):
        report.read += 1
        if isinstance(item, InputError):
            batch.append((None, item))
        else:
            batch.append((item, _clean_one(conn, item)))
        if len(batch) >= settings.batch_size:
            _store_ingest_batch(conn, batch, report)
            done += len(batch)
            batch = []
            progress("ingest", done, None)
    if batch:
        _store_ingest_batch(conn, batch, report)
        done += len(batch)
        progress("ingest", done, None)


def _clean_one(conn, raw: RawInput):
    """Document, the string 'unchanged', or an InputError."""
    raw_hash = ingest.raw_hash(raw) if hasattr(ingest, "raw_hash") else None
    seen = store_docs.lookup_source(conn, raw.source)
    if seen is not None and raw_hash and seen["raw_hash"] == raw_hash and seen["doc_id"]:
        return "unchanged"
    try:
        return ingest.clean(raw)
    except InputError as exc:
        return exc
    except Exception as exc:  # a bug or a library failure on hostile input: report, go on
        return InputError(f"could not be cleaned ({type(exc).__name__}: {exc})", source=raw.source)


def _store_ingest_batch(conn, batch, report: BuildReport) -> None:
    with store_db.transaction(conn):
        for raw, result in batch:
            if isinstance(result, InputError):
                source = result.source or (raw.source if raw else "?")
                report.failed.append((source, str(result)))
                store_docs.record_source(conn, source, status="failed", error=str(result))
                continue
            assert raw is not None
            if result == "unchanged":
                report.unchanged += 1
                continue
            doc = result
            previous = store_docs.lookup_source(conn, raw.source)
            existing = store_docs.doc_id_for_content(conn, doc.content_hash)
            if existing is not None:
                report.unchanged += 1
                store_docs.record_source(conn, raw.source, status="unchanged",
                                         raw_hash=doc.raw_hash, doc_id=existing)
                continue
            prev_id = previous["doc_id"] if previous is not None and previous["doc_id"] else None
            raw_text = ingest.decode(raw) if hasattr(ingest, "decode") else None
            store_docs.insert_document(conn, doc, raw_text=raw_text, previous_version=prev_id)
            if prev_id:
                report.updated += 1
                status = "updated"
            else:
                report.new += 1
                status = "new"
            report.words += len(doc.body.split())
            store_docs.record_source(conn, raw.source, status=status, raw_hash=doc.raw_hash,
                                     doc_id=doc.id)


# --------------------------------------------------------------------------- dedup
def dedup_step(conn, settings: Settings, report: BuildReport, progress: Progress) -> None:
    """Find copies of the documents not yet compared (see newsgraph.dedup)."""
    try:
        from newsgraph.store import copies as store_copies
    except ImportError:  # stage not built yet
        return
    store_copies.run_dedup_step(conn, settings, report, progress)


# --------------------------------------------------------------------------- analyse
def analyse_step(conn, settings: Settings, report: BuildReport, progress: Progress) -> None:
    """spaCy, actor resolution and event extraction over documents not yet analysed."""
    pending = store_docs.docs_missing_stage(conn, "analyse")
    if not pending:
        return
    from newsgraph.analyse import Analyser
    from newsgraph.store import analysis as store_analysis

    analyser = Analyser.from_settings(settings, store_analysis.load_user_actors(conn))
    total = len(pending)
    done = 0
    for start in range(0, total, settings.batch_size):
        ids = pending[start : start + settings.batch_size]
        docs = list(store_docs.iter_documents(conn, ids))
        try:
            analyses = analyser.analyse(docs, processes=settings.processes)
        except NewsgraphError:
            raise
        with store_db.transaction(conn):
            for analysis in analyses:
                store_analysis.save_analysis(conn, analysis)
                report.events += len(analysis.events)
                report.mentions += len(analysis.mentions)
            store_docs.mark_stage(conn, ids, "analyse")
        done += len(ids)
        report.analysed += len(ids)
        progress("analyse", done, total)
