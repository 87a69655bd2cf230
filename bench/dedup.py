"""Benchmarks of the copy finder (newsgraph.dedup). Results: docs/benchmarks/dedup.md.

    .venv/bin/python -m bench.dedup wmt      # RU<->EN translations, MT and human versions
    .venv/bin/python -m bench.dedup isot     # exact duplicates among Reuters copy
    .venv/bin/python -m bench.dedup msrp     # sentence similarity as a paraphrase detector
    .venv/bin/python -m bench.dedup seeds    # the five seed articles
    .venv/bin/python -m bench.dedup scale --docs 10000   # planted copies, time and memory

Each prints a JSON object of figures (and writes it under bench/out/).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import time
from collections import Counter
from pathlib import Path

from newsgraph.dedup.finder import find_copies
from newsgraph.model import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "benchmarks"
OUT = ROOT / "bench" / "out"


def _doc(doc_id: str, body: str, title: str | None = None) -> Document:
    return Document(id=doc_id, source=doc_id, raw_hash="", content_hash="", body=body, title=title)


def _pairs_of(relations) -> dict[frozenset, str]:
    return {frozenset((r.a, r.b)): r.kind for r in relations}


# --------------------------------------------------------------------------- (a) WMT
def _join_segments(
    segments: list[str], paragraph_lengths: list[int]
) -> tuple[str, list[tuple[int, int]]]:
    """Body text with segments on lines and blank lines between paragraphs, plus segment spans."""
    parts, spans, pos, k = [], [], 0, 0
    for p, length in enumerate(paragraph_lengths):
        if p:
            parts.append("\n")
            pos += 1
        for _ in range(length):
            seg = segments[k]
            spans.append((pos, pos + len(seg)))
            parts.append(seg + "\n")
            pos += len(seg) + 1
            k += 1
    return "".join(parts), spans


def bench_wmt(limit: int | None = None) -> dict:
    """Every version of a WMT document (Russian source, human and machine translations) is
    a copy of every other; versions of different documents are not."""
    rows = [
        json.loads(line) for line in (BENCH / "wmt-ru-en-news-docs" / "wmt_ru_en_docs.jsonl").open()
    ]
    rows = rows[:limit] if limit else rows
    docs, version_of, segments = [], {}, {}
    for row in rows:
        seg = row["segments"]
        versions = {"ru": seg["src_ru"]}
        versions.update({f"human-{k}": v for k, v in seg["refs_en"].items()})
        versions.update({f"mt-{k}": v for k, v in seg["mt_en"].items()})
        for name, segs in sorted(versions.items()):
            doc_id = f"{row['id']}#{name}"
            body, spans = _join_segments(segs, row["paragraph_lengths"])
            docs.append(_doc(doc_id, body))
            version_of[doc_id] = (row["id"], name)
            segments[doc_id] = spans
    random.Random(7).shuffle(docs)  # no help from the input order
    started = time.perf_counter()
    result = find_copies(docs)
    seconds = time.perf_counter() - started
    found = {frozenset((r.a, r.b)): r for r in result.relations}
    same = lambda x, y: version_of[x][0] == version_of[y][0]  # noqa: E731
    true_rel = [r for r in result.relations if same(r.a, r.b)]
    false_rel = [r for r in result.relations if not same(r.a, r.b)]
    # (1) each Russian document's English translation (human A) among all English documents
    ru_docs = [d.id for d in docs if version_of[d.id][1] == "ru"]
    ru_en = [
        r
        for r in result.relations
        if "ru" in (version_of[r.a][1], version_of[r.b][1])
        and {version_of[r.a][1], version_of[r.b][1]} != {"ru"}
    ]
    ru_en_true = [r for r in ru_en if same(r.a, r.b)]
    recall_ru = sum(frozenset((d, d.split("#")[0] + "#human-A")) in found for d in ru_docs) / len(
        ru_docs
    )
    # (2) machine translation vs human translation of one document
    mt_pairs = [
        frozenset((f"{row['id']}#human-A", f"{row['id']}#mt-{s}"))
        for row in rows
        for s in row["segments"]["mt_en"]
    ]
    recall_mt = sum(p in found for p in mt_pairs) / len(mt_pairs)
    ab_pairs = [
        frozenset((f"{row['id']}#human-A", f"{row['id']}#human-B"))
        for row in rows
        if "B" in row["segments"]["refs_en"]
    ]
    recall_ab = sum(p in found for p in ab_pairs) / max(len(ab_pairs), 1)
    all_true = sum(
        len(
            list(
                itertools.combinations(
                    range(len([d for d in docs if version_of[d.id][0] == row["id"]])), 2
                )
            )
        )
        for row in rows
    )
    # (3) sentence alignment vs the gold segment alignment, Russian vs human A
    agree = total = 0
    for d in ru_docs:
        en = d.split("#")[0] + "#human-A"
        spans_ru, spans_en = segments[d], segments[en]
        total += len(spans_ru)
        r = found.get(frozenset((d, en)))
        if r is None:
            continue
        seg_pairs: dict[int, set[int]] = {}
        for p in r.aligned:
            ru_side, en_side = (p.a_start, p.b_start) if r.a == d else (p.b_start, p.a_start)
            seg_pairs.setdefault(_segment_at(spans_ru, ru_side), set()).add(
                _segment_at(spans_en, en_side)
            )
        agree += sum(1 for k, targets in seg_pairs.items() if targets == {k})
    stories_multi = [s for s in result.stories if len(s.members) > 1]
    pure = sum(len({version_of[m][0] for m in s.members}) == 1 for s in stories_multi)
    return {
        "documents": len(docs),
        "source_documents": len(rows),
        "seconds": round(seconds, 1),
        "candidates": result.candidates,
        "relations": len(result.relations),
        "kinds_true": dict(Counter(r.kind for r in true_rel)),
        "ru_en_translation_recall": round(recall_ru, 4),
        "ru_en_precision": round(len(ru_en_true) / max(len(ru_en), 1), 4),
        "ru_en_relations": len(ru_en),
        "mt_vs_human_recall": round(recall_mt, 4),
        "human_a_vs_b_recall": round(recall_ab, 4),
        "all_version_pairs_recall": round(len(true_rel) / max(all_true, 1), 4),
        "relation_precision": round(len(true_rel) / max(len(result.relations), 1), 4),
        "false_relations": [(r.a, r.b, r.kind, r.score) for r in false_rel][:20],
        "segment_alignment_agreement": round(agree / max(total, 1), 4),
        "stories_with_copies": len(stories_multi),
        "stories_pure": pure,
    }


def _segment_at(spans: list[tuple[int, int]], offset: int) -> int:
    for k, (s, e) in enumerate(spans):
        if s <= offset < e:
            return k
    return -1


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.dedup",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("which", choices=["wmt", "isot", "msrp", "seeds", "scale"])
    parser.add_argument("--limit", type=int, default=None, help="wmt: first N source documents")
    parser.add_argument("--docs", type=int, default=10000, help="scale: corpus size")
    parser.add_argument("--peer", action="store_true", help="scale: also run MinHashLSH alone")
    args = parser.parse_args(argv)
    if args.which == "wmt":
        figures = bench_wmt(args.limit)
    else:
        figures = globals()[f"bench_{args.which}"](args)
    figures["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    name = args.which + (f"-{args.docs}" if args.which == "scale" else "")
    (OUT / f"dedup-{name}.json").write_text(json.dumps(figures, indent=1))
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
