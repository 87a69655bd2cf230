"""Extraction benchmark: our ingest `clean()` beside trafilatura's `bare_extraction` alone.

Runs both systems on the same pages of ../shared/benchmarks/scrapinghub-article-extraction
and ../shared/benchmarks/trafilatura-eval-en, each in its own child process (so that
peak memory is per system), writes one predictions file per system and set, scores
them with ../shared/tools/score_extraction.py and prints the figures side by side.

    .venv/bin/python -m bench.extraction                  # both sets, all pages
    .venv/bin/python -m bench.extraction --limit 20       # a quick look
    .venv/bin/python -m bench.extraction --write docs/benchmarks/ingest.md

Both systems get the page bytes and the page URL the benchmark records.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "benchmarks"
SCORER = SHARED / "tools" / "score_extraction.py"
SETS = ("scrapinghub", "trafilatura")
SYSTEMS = ("newsgraph", "trafilatura")


def pages(set_name: str, limit: int | None = None) -> list[tuple[str, Path, str | None]]:
    """(id, html path, url) of every page of a set, in a fixed order."""
    if set_name == "scrapinghub":
        folder = BENCH / "scrapinghub-article-extraction"
        gold = json.loads((folder / "ground-truth.json").read_text())
        out = [
            (key, folder / "html" / f"{key}.html", rec.get("url"))
            for key, rec in sorted(gold.items())
        ]
    else:
        folder = BENCH / "trafilatura-eval-en"
        gold = json.loads((folder / "evaldata.en-subset.json").read_text())
        out = []
        for key, rec in sorted(gold.items(), key=lambda kv: kv[1]["file"]):
            url = key if key.startswith("http") else None
            out.append((rec["file"], folder / "html" / rec["file"], url))
    return out[:limit] if limit else out


# --------------------------------------------------------------------------- systems
def predict_newsgraph(path: Path, url: str | None) -> dict:
    from newsgraph.errors import InputError
    from newsgraph.ingest import clean
    from newsgraph.model import RawInput

    hints = {"url": url} if url else {}
    try:
        doc = clean(
            RawInput(source=str(path), data=path.read_bytes(), media_type="html", hints=hints)
        )
    except InputError:
        return {"body": ""}
    return {
        "body": doc.body,
        "title": doc.title,
        "author": "; ".join(doc.authors),
        "date": doc.published,
    }


def predict_trafilatura(path: Path, url: str | None) -> dict:
    from trafilatura import bare_extraction

    result = bare_extraction(path.read_bytes(), url=url, with_metadata=True)
    if result is None:
        return {"body": ""}
    return {
        "body": result.text or "",
        "title": result.title,
        "author": result.author,
        "date": result.date,
    }


def run_worker(system: str, set_name: str, out: Path, limit: int | None) -> None:
    """Child process: predict every page, write JSONL, report time and peak memory."""
    predict = predict_newsgraph if system == "newsgraph" else predict_trafilatura
    todo = pages(set_name, limit)
    predict(*todo[0][1:])  # warm up imports and caches outside the timed loop
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for page_id, path, url in todo:
            record = predict(path, url)
            record["id"] = page_id
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": len(todo), "seconds": seconds, "peak_mb": peak_mb}))


def score(set_name: str, predictions: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(SCORER), set_name, str(predictions), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[0])


def run(limit: int | None, sets: list[str], keep: Path | None) -> dict:
    results: dict = {}
    tmp = Path(tempfile.mkdtemp(prefix="ng-bench-"))
    folder = keep or tmp
    folder.mkdir(parents=True, exist_ok=True)
    for set_name in sets:
        for system in SYSTEMS:
            out = folder / f"{set_name}.{system}.jsonl"
            cmd = [
                sys.executable,
                "-m",
                "bench.extraction",
                "--worker",
                system,
                "--set",
                set_name,
                "--out",
                str(out),
            ] + (["--limit", str(limit)] if limit else [])
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if done.returncode:
                raise SystemExit(f"{system} on {set_name} failed:\n{done.stderr[-3000:]}")
            perf = json.loads(done.stdout.strip().splitlines()[-1])
            figures = score(set_name, out)
            figures.update(perf)
            figures["pages_per_s"] = perf["pages"] / perf["seconds"] if perf["seconds"] else 0.0
            results[(set_name, system)] = figures
    return results


METRICS = {
    "scrapinghub": [("F1", 0.97), ("precision", None), ("recall", None), ("exact", None)],
    "trafilatura": [
        ("F1", 0.95),
        ("precision", None),
        ("recall", None),
        ("title_exact", 0.90),
        ("author_exact", 0.80),
        ("date_exact", 0.95),
    ],
}


def report(results: dict, command: str) -> str:
    lines = [f"Command: `{command}`", ""]
    for set_name in dict.fromkeys(s for s, _ in results):
        lines += [
            f"### {set_name}",
            "",
            "| metric | newsgraph | trafilatura 2.3.1 alone | target |",
            "|---|---|---|---|",
        ]
        ours, peer = results[(set_name, "newsgraph")], results[(set_name, "trafilatura")]
        for metric, target in METRICS[set_name] + [("pages_per_s", None), ("peak_mb", None)]:
            t = f">= {target}" if target else ""
            lines.append(f"| {metric} | {ours[metric]:.3f} | {peer[metric]:.3f} | {t} |")
        lines += [f"| pages | {ours['pages']} | {peer['pages']} | |", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- scale
def scale_worker(folder: Path) -> None:
    """Child process: stream every input of `folder` through ingest, report rate and peak memory."""
    from newsgraph.errors import InputError
    from newsgraph.ingest import clean_batch, iter_inputs
    from newsgraph.settings import Settings

    started = time.perf_counter()
    done = failed = 0
    batch: list = []
    for item in iter_inputs([str(folder)], Settings()):
        if isinstance(item, InputError):
            failed += 1
            continue
        batch.append(item)
        if len(batch) == 32:
            done += len(clean_batch(batch))
            batch = []
    done += len(clean_batch(batch))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": done, "failed": failed, "seconds": seconds, "peak_mb": peak_mb}))


def run_scale(sizes: list[int]) -> str:
    """Ingest generated corpora of each size (HTML and text pages from the benchmark pages
    and seeds, repeated under new names) and tabulate pages/s and peak memory."""
    sources = [p for _, p, _ in pages("scrapinghub")[:50]]
    lines = ["| documents | pages/s | peak MB |", "|---|---|---|"]
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="ng-scale-") as tmp:
            folder = Path(tmp)
            for i in range(size):
                src = sources[i % len(sources)]
                sub = folder / f"{i // 1000:03d}"
                sub.mkdir(exist_ok=True)
                (sub / f"{i:06d}.html").write_bytes(src.read_bytes())
            cmd = [sys.executable, "-m", "bench.extraction", "--scale-worker", str(folder)]
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if done.returncode:
                raise SystemExit(done.stderr[-3000:])
            perf = json.loads(done.stdout.strip().splitlines()[-1])
            rate = perf["pages"] / perf["seconds"]
            lines.append(f"| {size} | {rate:.1f} | {perf['peak_mb']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--limit", type=int, default=None, help="only the first N pages of each set"
    )
    parser.add_argument("--sets", default=",".join(SETS), help="scrapinghub,trafilatura")
    parser.add_argument("--keep", type=Path, default=None, help="keep prediction files here")
    parser.add_argument("--write", type=Path, default=None, help="append the table to this file")
    parser.add_argument(
        "--scale",
        default=None,
        help="comma-separated corpus sizes: ingest throughput and peak memory",
    )
    parser.add_argument("--scale-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--set", choices=SETS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args.worker, args.set, args.out, args.limit)
        return 0
    if args.scale_worker:
        scale_worker(args.scale_worker)
        return 0
    if args.scale:
        table = run_scale([int(x) for x in args.scale.split(",")])
        print(table)
        if args.write:
            with args.write.open("a", encoding="utf-8") as fh:
                fh.write(table + "\n")
        return 0
    if not SCORER.exists():
        print(f"{SCORER} is not present", file=sys.stderr)
        return 2
    results = run(args.limit, args.sets.split(","), args.keep)
    command = "python -m bench.extraction " + " ".join(argv if argv is not None else sys.argv[1:])
    table = report(results, command.strip())
    print(table)
    if args.write:
        with args.write.open("a", encoding="utf-8") as fh:
            fh.write(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
