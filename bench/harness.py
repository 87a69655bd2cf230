"""The scale benchmark harness: speed per stage against spaCy's own `nlp.pipe`, peak
memory against corpus size, incremental cost, Dask against one machine.

Run it as `python -m bench speed|memory|incremental|dask ...` (see bench/__main__.py).

Every measured job runs in its own Python subprocess, so that its peak memory is its
own: a sampler in this process adds up the memory of the job and all of its
descendants (worker processes, their fork server) every 0.1 s and keeps the maximum
(proportional set sizes where the system has them, see `_tree_memory`). Each job
times itself from just before the measured call to just after, and reports the
documents and words it went through; words are the white-space words of the clean
bodies, the same count for every stage and for spaCy, so words/s compare.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.corpus_gen import write_corpus

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------- measuring
@dataclass
class Measurement:
    """One job: what it did and what it cost."""

    label: str
    docs: int
    words: int
    seconds: float
    peak_mb: float
    load: float = 0.0  # seconds spent loading the model before the timed part (spaCy job)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def _tree_memory(proc: psutil.Process) -> int:
    """Bytes of memory the job's process tree holds: the sum of each process's
    proportional set size (PSS: a page shared by k processes counts 1/k in each), where
    the system reports it (Linux), else of the resident sizes.

    PSS, because the worker processes are forked from one server that loaded the
    models: their resident sizes each count the same shared pages again (at -j 2 the
    sum of resident sizes reads about 1 GB more than the memory in use)."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info() if _HAS_PSS else p.memory_info()
            total += getattr(info, "pss", info.rss)
        except psutil.Error:  # ended between listing and reading
            pass
    return total


def _pss_readable() -> bool:
    try:
        return hasattr(psutil.Process().memory_full_info(), "pss")
    except (psutil.Error, AttributeError, NotImplementedError):
        return False


_HAS_PSS = _pss_readable()


# How often `measure` samples the job's memory. Reading a process's proportional set size
# makes the kernel walk its page tables: about 2-4 ms of CPU per process at the sizes of a
# loaded spaCy model, so ten samples a second of a four-process build took some 5 % of the
# two cores away from the job being timed (more from the build, with its fork server and
# copy finder, than from spaCy's three processes). Speed runs therefore sample once a
# second; memory runs, where nothing is timed against anything, ten times a second.
MEMORY_EVERY = 0.1
SPEED_MEMORY_EVERY = 1.0


def measure(label: str, job: list[str], every: float = MEMORY_EVERY) -> Measurement:
    """Run `python -m bench.harness JOB...` and sample its process tree's memory every
    `every` seconds."""
    proc = psutil.Popen(
        [sys.executable, "-m", "bench.harness", *job],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                peak = max(peak, _tree_memory(proc))
            except psutil.Error:
                return
            stop.wait(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{label}: job {job} failed with exit status {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    return Measurement(
        label,
        result["docs"],
        result["words"],
        result["seconds"],
        peak / 2**20,
        load=result.get("load", 0.0),
    )


def print_table(rows: list[Measurement]) -> None:
    print(
        f"| {'stage':<34} | {'docs':>7} | {'words':>9} | {'s':>8} | {'docs/s':>8} | "
        f"{'words/s':>8} | {'peak MB':>8} |"
    )
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 11}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    for m in rows:
        print(
            f"| {m.label:<34} | {m.docs:>7} | {m.words:>9} | {m.seconds:>8.1f} | "
            f"{m.docs_per_s:>8.2f} | {m.words_per_s:>8.0f} | {m.peak_mb:>8.0f} |"
        )
    sys.stdout.flush()


# ---------------------------------------------------------------- jobs (subprocess)
def _store_counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        docs = conn.execute("select count(*) from documents").fetchone()[0]
        words = sum(len(body.split()) for (body,) in conn.execute("select body from documents"))
        return docs, words
    finally:
        conn.close()


def _job(argv: list[str]) -> dict[str, float]:
    """Inside the subprocess: run one job and return {docs, words, seconds}."""
    from newsgraph import pipeline
    from newsgraph.scale.local import LocalWorkers
    from newsgraph.settings import Settings
    from newsgraph.store import db as store_db

    parser = argparse.ArgumentParser(prog="bench.harness")
    parser.add_argument(
        "kind", choices=["ingest", "dedup", "analyse", "build", "dask", "spacy", "spacy-rules"]
    )
    parser.add_argument("db", type=Path)
    parser.add_argument("-j", dest="processes", type=int, default=1)
    parser.add_argument("--no-analyse", action="store_true")
    parser.add_argument("--address")
    parser.add_argument("--corpus", nargs="*", default=[])
    args = parser.parse_args(argv)
    kind, db, processes, corpus = args.kind, args.db, args.processes, args.corpus
    settings = Settings(db=db, processes=processes, analyse=not args.no_analyse)
    report = pipeline.BuildReport()
    started = time.perf_counter()
    if kind == "build":
        pipeline.build(corpus, settings)
    elif kind == "dask":
        from newsgraph.scale import build_on_dask

        build_on_dask(corpus, settings, args.address)
    elif kind in ("spacy", "spacy-rules"):
        return _spacy_job(db, processes, settings, vectorised_rules=kind == "spacy-rules")
    else:
        conn = store_db.connect(db)
        with LocalWorkers(processes) as workers:
            if kind == "ingest":
                pipeline.ingest_step(conn, corpus, settings, report, pipeline._no_progress, workers)
            elif kind == "dedup":
                pipeline.dedup_step(conn, settings, report, pipeline._no_progress)
            elif kind == "analyse":
                pipeline.analyse_step(conn, settings, report, pipeline._no_progress, workers)
        conn.close()
    seconds = time.perf_counter() - started
    docs, words = _store_counts(db)
    return {"docs": docs, "words": words, "seconds": seconds}


def _spacy_job(
    db: Path, processes: int, settings, vectorised_rules: bool = False
) -> dict[str, float]:
    """spaCy's own nlp.pipe over the same clean bodies, same model, same processes.

    `vectorised_rules`: with the attribute ruler the build uses
    (`newsgraph.annotate.rules`), to show how much of the ratio that ruler makes."""
    from newsgraph.annotate import load_pipeline
    from newsgraph.annotate.rules import speed_up_rules

    conn = sqlite3.connect(db)
    texts = [body for (body,) in conn.execute("select body from documents order by seq")]
    conn.close()
    loading = time.perf_counter()
    nlp = load_pipeline(settings.model)
    if vectorised_rules:
        speed_up_rules(nlp)
    started = time.perf_counter()
    kwargs = {"batch_size": 16}
    if processes > 1:
        kwargs["n_process"] = processes
    for _ in nlp.pipe(texts, **kwargs):
        pass
    seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return {"docs": len(texts), "words": words, "seconds": seconds, "load": started - loading}


# ----------------------------------------------------------------------- commands
def _corpus(workdir: Path, docs: int, given: str | None, fmt: str = "mixed") -> Path:
    if given:
        return Path(given)
    out = workdir / f"corpus-{docs}"
    if not out.exists():
        write_corpus(out, docs, seed=7, fmt=fmt)
    return out


def _workdir(given: str | None) -> Path:
    path = Path(given) if given else Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def timed(label: str, job: list[str]) -> Measurement:
    """`measure` for a speed run: memory sampled once a second (see MEMORY_EVERY)."""
    return measure(label, job, every=SPEED_MEMORY_EVERY)


def speed(
    docs: int, processes: int, corpus: str | None, workdir: str | None, repeat: int = 1
) -> None:
    """Each stage alone, the whole build, and spaCy's nlp.pipe on the same text; then,
    with `repeat` > 1, that many more (whole build, spaCy) pairs run back to back, and
    the median of the pairs' ratios (one pair says little on a machine whose run-to-run
    spread is as large as the gap being measured)."""
    work = _workdir(workdir)
    source = str(_corpus(work, docs, corpus))
    j = ["-j", str(processes)]
    ingested, deduped, built = work / "ingested.db", work / "deduped.db", work / "built.db"
    for path in (ingested, deduped, built):
        path.unlink(missing_ok=True)
    rows = [timed(f"ingest (-j {processes})", ["ingest", str(ingested), *j, "--corpus", source])]
    shutil.copyfile(ingested, deduped)
    rows.append(timed("copy finding", ["dedup", str(deduped)]))
    rows.append(
        timed(f"analyse: spaCy+actors+events (-j {processes})", ["analyse", str(deduped), *j])
    )
    rows.append(
        timed(f"whole build (-j {processes})", ["build", str(built), *j, "--corpus", source])
    )
    rows.append(timed(f"spaCy nlp.pipe (n_process={processes})", ["spacy", str(deduped), *j]))
    ceiling = rows[4]
    rows.append(
        Measurement(
            f"spaCy load + nlp.pipe (n_process={processes})",
            ceiling.docs,
            ceiling.words,
            ceiling.seconds + ceiling.load,
            ceiling.peak_mb,
        )
    )
    rows.append(
        timed(
            f"spaCy nlp.pipe, our attribute ruler (n_process={processes})",
            ["spacy-rules", str(deduped), *j],
        )
    )
    print_table(rows)
    whole = rows[3]
    print(
        f"\nwhole build / spaCy nlp.pipe words/s: {whole.words_per_s / ceiling.words_per_s:.2f} "
        "(target >= 0.80); against spaCy with its model load: "
        f"{whole.words_per_s / rows[5].words_per_s:.2f}"
    )
    print(
        "against spaCy with the build's vectorised attribute ruler "
        f"(newsgraph.annotate.rules, the same output): {whole.words_per_s / rows[6].words_per_s:.2f}"
    )
    print("(the whole build's time includes starting its workers and loading every model;")
    print(f" peak memory here is sampled every {SPEED_MEMORY_EVERY:g} s, see `memory` for finer)")
    if repeat > 1:
        _repeat_pairs(rows[3], ceiling, repeat, source, built, deduped, j, processes)


def _repeat_pairs(
    whole: Measurement,
    ceiling: Measurement,
    repeat: int,
    source: str,
    built: Path,
    deduped: Path,
    j: list[str],
    processes: int,
) -> None:
    """`repeat` (whole build, spaCy) pairs, the first being the one just measured; each
    pair's ratio is taken within the pair, so slow spells of the machine hit both sides."""
    pairs = [(whole, ceiling)]
    for _ in range(repeat - 1):
        built.unlink(missing_ok=True)
        build = timed(
            f"whole build (-j {processes})", ["build", str(built), *j, "--corpus", source]
        )
        spacy = timed(f"spaCy nlp.pipe (n_process={processes})", ["spacy", str(deduped), *j])
        pairs.append((build, spacy))
    print("\n| pair | whole build s | spaCy s | spaCy load+pipe s | ratio | ratio with load |")
    print("|------|---------------|---------|-------------------|-------|-----------------|")
    ratios, loaded = [], []
    for k, (b, c) in enumerate(pairs, 1):
        r = b.words_per_s / c.words_per_s
        rl = (c.seconds + c.load) / b.seconds
        ratios.append(r)
        loaded.append(rl)
        print(
            f"| {k:>4} | {b.seconds:>13.1f} | {c.seconds:>7.1f} | {c.seconds + c.load:>17.1f} "
            f"| {r:>5.2f} | {rl:>15.2f} |"
        )
    print(
        f"\nmedian of {len(pairs)} pairs, whole build / spaCy nlp.pipe words/s: "
        f"{statistics.median(ratios):.2f} (target >= 0.80; spread {min(ratios):.2f}-"
        f"{max(ratios):.2f}); with spaCy's model load: {statistics.median(loaded):.2f}"
    )


def memory(sizes: list[int], light_sizes: list[int], processes: int, workdir: str | None) -> None:
    """Peak memory of the whole build by corpus size, and of ingest + copy finding."""
    work = _workdir(workdir)
    rows = []
    for n in sizes:
        db = work / f"build-{n}.db"
        db.unlink(missing_ok=True)
        source = str(_corpus(work, n, None))
        rows.append(
            measure(
                f"whole build, {n} articles (-j {processes})",
                ["build", str(db), "-j", str(processes), "--corpus", source],
            )
        )
        print_table(rows[-1:])
    for n in light_sizes:
        db = work / f"light-{n}.db"
        db.unlink(missing_ok=True)
        source = str(_corpus(work, n, None, fmt="txt"))
        rows.append(
            measure(
                f"ingest + copy finding, {n} articles",
                ["build", str(db), "--no-analyse", "--corpus", source],
            )
        )
        print_table(rows[-1:])
    print()
    print_table(rows)
    for group in (rows[: len(sizes)], rows[len(sizes) :]):
        if len(group) > 1:
            low = min(m.peak_mb for m in group)
            print(
                f"peak spread {group[0].label.split(',')[0]}: "
                f"{max(m.peak_mb for m in group) / low - 1:+.0%} (target within 20%)"
            )


def incremental(base: int, added: int, processes: int, workdir: str | None) -> None:
    """Add `added` articles to a store of `base` against a fresh build of the same `added`."""
    work = _workdir(workdir)
    old = work / f"corpus-{base}"
    if not old.exists():
        write_corpus(old, base, seed=7, fmt="mixed")
    new = work / f"added-{base}-{added}"
    if not new.exists():
        write_corpus(new, added, seed=7, fmt="mixed", start=base)
    base_db = work / f"build-{base}.db"
    j = ["-j", str(processes)]
    rows = []
    if not base_db.exists():
        rows.append(
            measure(
                f"base store, {base} articles", ["build", str(base_db), *j, "--corpus", str(old)]
            )
        )
    grown = work / f"grown-{base}-{added}.db"
    shutil.copyfile(base_db, grown)
    rows.append(
        measure(
            f"add {added} to {base} (all paths again)",
            ["build", str(grown), *j, "--corpus", str(old), str(new)],
        )
    )
    shutil.copyfile(base_db, grown)
    rows.append(
        measure(
            f"add {added} to {base} (new paths only)",
            ["build", str(grown), *j, "--corpus", str(new)],
        )
    )
    fresh = work / f"fresh-{added}.db"
    fresh.unlink(missing_ok=True)
    rows.append(
        measure(f"fresh build of the {added}", ["build", str(fresh), *j, "--corpus", str(new)])
    )
    print_table(rows)
    print("\n(docs and words columns count the whole store after the job)")
    print(
        f"add / fresh time: all paths {rows[-3].seconds / rows[-1].seconds:.2f}, "
        f"new paths only {rows[-2].seconds / rows[-1].seconds:.2f}"
    )


def dask(docs: int, workers: int, workdir: str | None) -> None:
    """A Dask LocalCluster build against a one-machine build of the same articles."""
    from newsgraph.scale.compare import differences, store_snapshot

    work = _workdir(workdir)
    source = str(_corpus(work, docs, None))
    single, dasked = work / f"single-{docs}.db", work / f"dask-{docs}.db"
    for path in (single, dasked):
        path.unlink(missing_ok=True)
    rows = [
        measure(
            f"one machine (-j {workers})",
            ["build", str(single), "-j", str(workers), "--corpus", source],
        ),
        measure(
            f"Dask LocalCluster ({workers} workers)",
            ["dask", str(dasked), "--address", f"local:{workers}", "--corpus", source],
        ),
    ]
    print_table(rows)
    found = differences(store_snapshot(single), store_snapshot(dasked))
    print("\nstores identical:", "yes" if not found else "NO\n" + "\n".join(found))
    print(f"Dask / one machine time: {rows[1].seconds / rows[0].seconds:.2f} (target <= 1.5)")


if __name__ == "__main__":
    print(json.dumps(_job(sys.argv[1:])))
