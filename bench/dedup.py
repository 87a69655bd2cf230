"""Benchmarks of the copy finder (newsgraph.dedup). Results: docs/benchmarks/dedup.md.

    .venv/bin/python -m bench.dedup wmt      # RU<->EN translations, MT and human versions
    .venv/bin/python -m bench.dedup wmt_tune # thresholds chosen on half, scored on the other
    .venv/bin/python -m bench.dedup isot     # exact duplicates among Reuters copy
    .venv/bin/python -m bench.dedup msrp     # sentence similarity as a paraphrase detector
    .venv/bin/python -m bench.dedup seeds    # the five seed articles
    .venv/bin/python -m bench.dedup scale --docs 10000   # planted copies, time and memory

Each prints a JSON object of figures (and writes it under bench/out/).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import resource
import time
from collections import Counter
from pathlib import Path

import numpy as np

from newsgraph.dedup.encoder import SentenceEncoder
from newsgraph.dedup.finder import find_copies
from newsgraph.dedup.params import CopyParams
from newsgraph.model import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "benchmarks"
OUT = ROOT / "bench" / "out"


def _doc(
    doc_id: str, body: str, title: str | None = None, published: str | None = None
) -> Document:
    return Document(
        id=doc_id,
        source=doc_id,
        raw_hash="",
        content_hash="",
        body=body,
        title=title,
        published=published,
    )


def _iso_date(text: str | None) -> str | None:
    """'November 3, 2017' -> '2017-11-03' (None when it does not read as such a date)."""
    from datetime import datetime

    try:
        return datetime.strptime((text or "").strip(), "%B %d, %Y").strftime("%Y-%m-%d")
    except ValueError:
        return None


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


def _wmt_rows() -> list[dict]:
    path = BENCH / "wmt-ru-en-news-docs" / "wmt_ru_en_docs.jsonl"
    return [json.loads(line) for line in path.open()]


def _wmt_halves(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(tuning half, test half): source documents alternately by sorted id."""
    ordered = sorted(rows, key=lambda r: r["id"])
    return ordered[0::2], ordered[1::2]


def _wmt_documents(rows: list[dict], dated: bool = False):
    """Every version of every source document as a Document (shuffled), with each one's
    (source id, version name) and segment spans. `dated`: each version published on a day
    of its own (the worst case for the follow-up rule, which WMT's undated texts never meet)."""
    docs, version_of, segments = [], {}, {}
    for row in rows:
        seg = row["segments"]
        versions = {"ru": seg["src_ru"]}
        versions.update({f"human-{k}": v for k, v in seg["refs_en"].items()})
        versions.update({f"mt-{k}": v for k, v in seg["mt_en"].items()})
        for name, segs in sorted(versions.items()):
            doc_id = f"{row['id']}#{name}"
            body, spans = _join_segments(segs, row["paragraph_lengths"])
            day = f"2020-{1 + len(docs) // 28 % 12:02d}-{1 + len(docs) % 28:02d}" if dated else None
            docs.append(_doc(doc_id, body, published=day))
            version_of[doc_id] = (row["id"], name)
            segments[doc_id] = spans
    random.Random(7).shuffle(docs)  # no help from the input order
    return docs, version_of, segments


def bench_wmt(
    limit: int | None = None,
    rows: list[dict] | None = None,
    params: CopyParams = CopyParams(),
    dated: bool = False,
) -> dict:
    """Every version of a WMT document (Russian source, human and machine translations) is
    a copy of every other; versions of different documents are not."""
    rows = rows if rows is not None else _wmt_rows()
    rows = rows[:limit] if limit else rows
    docs, version_of, segments = _wmt_documents(rows, dated)
    started = time.perf_counter()
    result = find_copies(docs, params)
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


def bench_wmt_tune(args) -> dict:
    """Honest thresholds: the verifier's sentence-match cosines and coverage chosen on one
    half of the WMT source documents (F1 over all version pairs), then the WMT measures on
    the other half with the chosen and with the default settings."""
    import sqlite3
    from dataclasses import replace

    from newsgraph.dedup.finder import CopyFinder
    from newsgraph.dedup.fingerprint import fingerprint_documents
    from newsgraph.dedup.index import create_tables
    from newsgraph.dedup.verify import Side, compare_documents

    tune_rows, test_rows = _wmt_halves(_wmt_rows())
    if args.limit:  # a quick trial
        tune_rows, test_rows = tune_rows[: args.limit], test_rows[: args.limit]
    docs, version_of, _ = _wmt_documents(tune_rows)
    encoder = SentenceEncoder()
    conn = sqlite3.connect(":memory:")
    create_tables(conn)
    finder = CopyFinder(conn, CopyParams(), encoder)
    fps = fingerprint_documents(docs, encoder, CopyParams())
    finder.index.add(list(enumerate(fps)))
    pairs = finder.candidate_pairs(list(enumerate(fps)))
    side = {
        fp.doc_id: Side(fp.doc_id, d.body, fp.sentences, fp.language, fp.normal_hash)
        for d, fp in zip(docs, fps, strict=True)
    }
    vectors: dict[str, np.ndarray] = {}

    def sentence_vectors(x: Side) -> np.ndarray:
        if x.doc_id not in vectors:
            vectors[x.doc_id] = encoder.encode(x.texts())
        return vectors[x.doc_id]

    positives = sum(n * (n - 1) // 2 for n in Counter(version_of[d.id][0] for d in docs).values())
    grid = []
    for semantic, translation, coverage in itertools.product(
        (0.65, 0.7, 0.75), (0.55, 0.6, 0.65), (0.5, 0.6, 0.7)
    ):
        params = replace(
            CopyParams(),
            semantic_match=semantic,
            translation_match=translation,
            copy_coverage=coverage,
        )
        true = false = 0
        for p, q, _ in pairs:
            r = compare_documents(side[p], side[q], sentence_vectors, params)
            if r is not None:
                same = version_of[p][0] == version_of[q][0]
                true, false = true + same, false + (not same)
        precision = true / max(true + false, 1)
        recall = true / max(positives, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        grid.append(
            {
                "semantic_match": semantic,
                "translation_match": translation,
                "copy_coverage": coverage,
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
            }
        )
    default = CopyParams()
    # best F1; ties to the higher precision, then to the settings nearest the defaults
    best = max(
        grid,
        key=lambda g: (
            g["f1"],
            g["precision"],
            -abs(g["semantic_match"] - default.semantic_match)
            - abs(g["translation_match"] - default.translation_match)
            - abs(g["copy_coverage"] - default.copy_coverage),
        ),
    )
    tuned = replace(
        default,
        semantic_match=best["semantic_match"],
        translation_match=best["translation_match"],
        copy_coverage=best["copy_coverage"],
    )
    test_tuned = bench_wmt(rows=test_rows, params=tuned)
    test_default = bench_wmt(rows=test_rows, params=default)
    test_dated = bench_wmt(rows=test_rows, params=default, dated=True)
    return {
        "tune_source_documents": len(tune_rows),
        "test_source_documents": len(test_rows),
        "tune_candidates": len(pairs),
        "grid": grid,
        "chosen": best,
        "test_with_chosen": test_tuned,
        "test_with_defaults": test_default,
        "test_with_defaults_every_version_another_day": test_dated,
    }


def _segment_at(spans: list[tuple[int, int]], offset: int) -> int:
    for k, (s, e) in enumerate(spans):
        if s <= offset < e:
            return k
    return -1


# --------------------------------------------------------------------------- (b) ISOT
def bench_isot(args) -> dict:
    """The 62 Reuters articles hold no duplicate of each other (the 7 byte-identical groups
    of the source file are not among them), so the texts of the groups cannot be used. We run
    the finder on the 62 as they are (nothing should be grouped) and on the 62 plus an exact
    copy of 7 of them under another title, as the source file's groups are (group found,
    nothing else grouped)."""
    rows = [
        json.loads(line)
        for line in (BENCH / "isot-reuters-2017-topical" / "isot_true_topical.jsonl").open()
    ]
    docs = [_doc(r["id"], r["text"], r["title"], _iso_date(r.get("date"))) for r in rows]
    started = time.perf_counter()
    plain = find_copies(docs)
    seconds_plain = time.perf_counter() - started
    rng = random.Random(11)
    chosen = sorted(rng.sample(range(len(rows)), 7))
    planted = docs + [
        _doc(
            rows[i]["id"] + "#dup",
            rows[i]["text"],
            "Factbox: " + rows[i]["title"],
            _iso_date(rows[i].get("date")),
        )
        for i in chosen
    ]
    rng.shuffle(planted)
    with_dups = find_copies(planted)
    groups = {frozenset((rows[i]["id"], rows[i]["id"] + "#dup")) for i in chosen}
    found_groups = {frozenset(s.members) for s in with_dups.stories if len(s.members) > 1}
    return {
        "documents": len(docs),
        "relations_among_62": [(r.a, r.b, r.kind, r.score) for r in plain.relations],
        "seconds_62": round(seconds_plain, 1),
        "planted_groups": len(groups),
        "planted_groups_found_exact": sum(
            any(frozenset((r.a, r.b)) == g and r.kind == "exact" for r in with_dups.relations)
            for g in groups
        ),
        "groups_found": len(found_groups),
        "groups_equal_planted": found_groups == groups,
        "other_relations": [
            (r.a, r.b, r.kind, r.score)
            for r in with_dups.relations
            if frozenset((r.a, r.b)) not in groups
        ],
    }


# --------------------------------------------------------------------------- (c) MSRP
def bench_msrp(args) -> dict:
    """Our sentence similarity (max of embedding cosine and wording ratio, as the verifier
    uses it) as a paraphrase detector: threshold chosen on the first half, scored on the second."""
    from newsgraph.dedup import text as tx
    from newsgraph.dedup.align import lexical_similarity

    rows = [
        json.loads(line)
        for line in (BENCH / "msrp-news-paraphrase" / "msrp_test_sample500.jsonl").open()
    ]
    encoder = SentenceEncoder()
    e1 = encoder.encode([r["text_1"] for r in rows])
    e2 = encoder.encode([r["text_2"] for r in rows])
    semantic = np.einsum("ij,ij->i", e1, e2)
    lexical = np.asarray(
        [
            float(
                lexical_similarity([tx.normal_form(r["text_1"])], [tx.normal_form(r["text_2"])])[
                    0, 0
                ]
            )
            for r in rows
        ]
    )
    labels = np.asarray([r["label"] for r in rows])
    half = len(rows) // 2
    out = {
        "pairs": len(rows),
        "tune_pairs": half,
        "test_pairs": len(rows) - half,
        "majority_class_accuracy_test": round(
            float(max(labels[half:].mean(), 1 - labels[half:].mean())), 4
        ),
    }
    for name, score in (
        ("combined", np.maximum(semantic, lexical)),
        ("embedding", semantic),
        ("wording", lexical),
    ):
        candidates = np.unique(np.round(score[:half], 3))
        best = max(candidates, key=lambda t: (_accuracy(score[:half] >= t, labels[:half]), -t))
        predicted = score[half:] >= best
        out[name] = {
            "threshold": round(float(best), 3),
            "accuracy": round(_accuracy(predicted, labels[half:]), 4),
            "f1": round(_f1(predicted, labels[half:]), 4),
        }
    out["verifier_threshold"] = CopyParams().semantic_match
    at_verifier = np.maximum(semantic, lexical)[half:] >= CopyParams().semantic_match
    out["combined_at_verifier_threshold"] = {
        "accuracy": round(_accuracy(at_verifier, labels[half:]), 4),
        "f1": round(_f1(at_verifier, labels[half:]), 4),
    }
    return out


def _accuracy(predicted: np.ndarray, labels: np.ndarray) -> float:
    return float((predicted == labels.astype(bool)).mean())


def _f1(predicted: np.ndarray, labels: np.ndarray) -> float:
    truth = labels.astype(bool)
    tp = float((predicted & truth).sum())
    return 2 * tp / max(float(predicted.sum() + truth.sum()), 1.0)


# --------------------------------------------------------------------------- (e) seeds
def bench_seeds(args) -> dict:
    """The five seed articles through the real build (ingest + copies, no analysis)."""
    import tempfile

    import newsgraph

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.db"
        report = newsgraph.build([str(SHARED / "corpus" / "seeds")], db=db, analyse=False)
        conn = newsgraph.open(db).conn
        name = {r[0]: Path(r[1]).name for r in conn.execute("select id, source from documents")}
        relations = []
        for r in conn.execute("select a, b, kind, score, aligned, a_only, b_only from relations"):
            relations.append(
                {
                    "a": name[r[0]],
                    "b": name[r[1]],
                    "kind": r[2],
                    "score": r[3],
                    "aligned": len(json.loads(r[4])),
                    "a_only": len(json.loads(r[5])),
                    "b_only": len(json.loads(r[6])),
                }
            )
        stories = conn.execute("select count(*) from stories").fetchone()[0]
    return {
        "documents": report.new,
        "relations": relations,
        "stories": stories,
        "seconds": round(report.seconds, 1),
    }


# --------------------------------------------------------------------------- (d) scale
# Words a re-wording swaps (both ways); the rest of a re-worded sentence is thinned and shuffled.
_SYNONYMS = dict(
    pair
    for a, b in [
        ("said", "stated"),
        ("government", "administration"),
        ("president", "leader"),
        ("minister", "official"),
        ("military", "armed forces"),
        ("attack", "assault"),
        ("killed", "left dead"),
        ("people", "individuals"),
        ("country", "nation"),
        ("city", "town"),
        ("week", "seven days"),
        ("told", "informed"),
        ("also", "as well"),
        ("however", "but"),
        ("officials", "authorities"),
        ("forces", "troops"),
        ("talks", "negotiations"),
        ("agreement", "deal"),
        ("group", "organisation"),
        ("police", "security forces"),
        ("statement", "announcement"),
        ("support", "backing"),
        ("large", "big"),
        ("new", "fresh"),
        ("many", "numerous"),
        ("began", "started"),
        ("area", "region"),
        ("leaders", "chiefs"),
        ("called", "urged"),
        ("after", "following"),
        ("before", "prior to"),
        ("because", "since"),
        ("about", "around"),
        ("several", "a number of"),
    ]
    for pair in ((a, b), (b, a))
)


def _sentence_pool() -> list[list[str]]:
    from newsgraph.dedup.text import split_sentences

    texts = [
        json.loads(line)["text"]
        for line in (BENCH / "guardian-isis-syria-2017-2019" / "guardian_sdf_sample.jsonl").open()
    ]
    texts += [
        json.loads(line)["text"]
        for line in (BENCH / "isot-reuters-2017-topical" / "isot_true_topical.jsonl").open()
    ]
    for line in (BENCH / "wmt-ru-en-news-docs" / "wmt_ru_en_docs.jsonl").open():
        texts.append("\n".join(json.loads(line)["segments"]["refs_en"]["A"]))
    return [
        t[s:e].split()
        for t in texts
        for s, e in split_sentences(t)
        if 6 <= len(t[s:e].split()) <= 45
    ]


class _Generator:
    """Articles of made-up sentences: an order-2 word Markov chain over real news sentences
    (read at run time), so the vocabulary and rhythm are news-like and no sentence repeats."""

    def __init__(self, seed: int = 5) -> None:
        pool = _sentence_pool()
        self.next: dict[tuple[str, str], list[str]] = {}
        self.starts = []
        for words in pool:
            chain = ["<s>", "<s>", *words, "</s>"]
            self.starts.append((chain[2], chain[3]))
            for k in range(len(chain) - 2):
                self.next.setdefault((chain[k], chain[k + 1]), []).append(chain[k + 2])
        self.vocabulary = sorted({w for words in pool for w in words if w.isalpha()})
        self.seed = seed

    def sentence(self, rng: random.Random) -> str:
        a, b = rng.choice(self.starts)
        words = [a, b]
        while len(words) < 40:
            nxt = rng.choice(self.next.get((words[-2], words[-1]), ["</s>"]))
            if nxt == "</s>":
                break
            words.append(nxt)
        text = " ".join(words)
        return text if text[-1] in ".!?\"'" else text + "."

    def article(self, rng: random.Random) -> list[list[str]]:
        sentences = [self.sentence(rng) for _ in range(rng.randint(8, 20))]
        cuts = sorted(rng.sample(range(1, len(sentences)), k=min(3, len(sentences) - 1)))
        return [sentences[i:j] for i, j in zip([0, *cuts], [*cuts, len(sentences)], strict=True)]

    def corpus(self, n: int, originals_db: Path, copy_share: float = 0.16):
        """Yield (doc id, title, paragraphs, family, kind) for `n` documents, deterministically.

        The originals a copy may be made of are kept in the SQLite file `originals_db`, not
        in memory, so generating 100,000 documents takes no more memory than 10,000.
        """
        import sqlite3
        from array import array

        rng = random.Random(self.seed)
        originals = array("q")  # doc numbers of the originals (rng.choice needs only these)
        if originals_db.exists():
            originals_db.unlink()
        kept = sqlite3.connect(originals_db)
        kept.execute("create table originals(i integer primary key, title text, body text)")
        for i in range(n):
            doc_id = f"g{i:06d}"
            if originals and rng.random() < copy_share:
                kind = ("exact", "near", "truncated", "reworded")[i % 4]
                k = rng.choice(originals)
                title, body = kept.execute(
                    "select title, body from originals where i = ?", (k,)
                ).fetchone()
                paragraphs = json.loads(body)
                yield (
                    doc_id,
                    title,
                    _plant(kind, paragraphs, rng, self.vocabulary),
                    f"g{k:06d}",
                    kind,
                )
            else:
                paragraphs = self.article(rng)
                title = " ".join(self.sentence(rng).split()[:8]).rstrip(".")
                originals.append(i)
                kept.execute(
                    "insert into originals values (?,?,?)", (i, title, json.dumps(paragraphs))
                )
                yield doc_id, title, paragraphs, doc_id, "original"
        kept.close()
        originals_db.unlink()


def _plant(
    kind: str, paragraphs: list[list[str]], rng: random.Random, vocabulary: list[str]
) -> list[list[str]]:
    if kind == "exact":  # same words: case and punctuation changed
        return [
            [
                s.replace(",", "").upper() if k == 0 else s.replace(",", " ,")
                for k, s in enumerate(p)
            ]
            for p in paragraphs
        ]
    if kind == "near":  # three words replaced in two sentences
        out = [list(p) for p in paragraphs]
        for _ in range(2):
            p = rng.randrange(len(out))
            k = rng.randrange(len(out[p]))
            words = out[p][k].split()
            for _ in range(min(3, len(words))):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            out[p][k] = " ".join(words)
        return out
    if kind == "truncated":  # the first 40-70% of the sentences
        flat = [(p, s) for p, para in enumerate(paragraphs) for s in para]
        keep = max(4, int(len(flat) * rng.uniform(0.4, 0.7)))
        out: list[list[str]] = []
        for p, s in flat[:keep]:
            if len(out) <= p:
                out.append([])
            out[-1].append(s)
        return out
    return [[_reword(s, rng) for s in p] for p in paragraphs]


def _reword(sentence: str, rng: random.Random) -> str:
    words = []
    for w in sentence.split():
        if w.lower() in _SYNONYMS and rng.random() < 0.8:
            words.append(_SYNONYMS[w.lower()])
        elif len(w) <= 3 and rng.random() < 0.15:  # drop some short function words
            continue
        else:
            words.append(w)
    if len(words) > 6:  # one in five sentences moves its tail first, the rest swap two words
        if rng.random() < 0.2:
            cut = rng.randint(len(words) // 3, 2 * len(words) // 3)
            words = words[cut:] + words[:cut]
        else:
            k = rng.randrange(len(words) - 1)
            words[k], words[k + 1] = words[k + 1], words[k]
    return " ".join(words)


def _make_store(n: int, db: Path) -> None:
    """A store holding the generated corpus (inserted directly: ingest is not measured here).
    Each document's family (the original it copies, or itself) and kind are in its source
    path, `gen/FAMILY/KIND/ID.txt`, so the truth is read back from the store."""
    import hashlib

    from newsgraph.store import db as store_db
    from newsgraph.store import documents as store_docs

    if db.exists():
        db.unlink()
    conn = store_db.connect(db)
    batch = []
    generator = _Generator()
    for doc_id, title, paragraphs, family, kind in generator.corpus(n, db.with_suffix(".gen")):
        body = "\n\n".join(" ".join(p) for p in paragraphs)
        digest = hashlib.sha256(body.encode()).hexdigest()
        batch.append(
            Document(
                id=doc_id,
                source=f"gen/{family}/{kind}/{doc_id}.txt",
                raw_hash=digest,
                content_hash=digest + doc_id,
                body=body,
                title=title,
                language="en",
            )
        )
        if len(batch) >= 2000:
            with store_db.transaction(conn):
                for d in batch:
                    store_docs.insert_document(conn, d, raw_text=None)
            batch = []
    with store_db.transaction(conn):
        for d in batch:
            store_docs.insert_document(conn, d, raw_text=None)
    conn.close()


def _truth(conn) -> dict[str, tuple[str, str]]:
    truth = {}
    for doc_id, source in conn.execute("select id, source from documents"):
        _, family, kind, _ = source.split("/")
        truth[doc_id] = (family, kind)
    return truth


def bench_scale(args) -> dict:
    """Planted copies at scale: the dedup step of a build over a store of `--docs` documents
    (time, memory, recall of planted copies, false copies); `--peer` runs datasketch
    MinHashLSH alone on the same corpus instead. The store is generated in a child process
    , so this process's peak memory is the step's."""
    import multiprocessing

    import psutil

    from newsgraph.pipeline import BuildReport
    from newsgraph.settings import Settings
    from newsgraph.store import db as store_db
    from newsgraph.store.copies import run_dedup_step

    folder = OUT / "scale"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"scale-{args.docs}{'-peer' if args.peer else ''}.db"
    started = time.perf_counter()
    child = multiprocessing.get_context("spawn").Process(target=_make_store, args=(args.docs, db))
    child.start()
    child.join()
    if child.exitcode:
        raise SystemExit(f"generating the corpus failed (exit code {child.exitcode})")
    generated = time.perf_counter() - started
    conn = store_db.connect(db)
    gc.collect()
    rss_before = psutil.Process().memory_info().rss / 2**20
    cpu_before = time.process_time()
    started = time.perf_counter()
    if args.peer:
        pairs = _peer_minhash_lsh(conn)
    else:
        report = BuildReport()
        run_dedup_step(conn, Settings(db=db), report, _progress_every(5000))
        pairs = {
            frozenset((a, b)): k for a, b, k in conn.execute("select a, b, kind from relations")
        }
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_before
    step_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    truth = _truth(conn)
    planted = {
        kind: [frozenset((family, d)) for d, (family, k) in truth.items() if k == kind]
        for kind in ("exact", "near", "truncated", "reworded")
    }
    false = [p for p in pairs if len({truth[d][0] for d in p}) > 1]
    figures = {
        "method": "datasketch MinHashLSH alone (threshold 0.5, 128 perm, 3-word shingles)"
        if args.peer
        else "newsgraph dedup step (run_dedup_step)",
        "documents": args.docs,
        "planted_copies": {k: len(v) for k, v in planted.items()},
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "docs_per_second": round(args.docs / seconds, 1),
        "generate_seconds": round(generated, 1),
        "rss_before_mb": round(rss_before, 1),
        "step_peak_rss_mb": round(step_peak, 1),
        "pairs_reported": len(pairs),
        "planted_recall": {
            k: round(sum(p in pairs for p in v) / max(len(v), 1), 4) for k, v in planted.items()
        },
        "planted_recall_all": round(
            sum(p in pairs for v in planted.values() for p in v)
            / max(sum(len(v) for v in planted.values()), 1),
            4,
        ),
        "false_copies": len(false),
        "false_examples": [sorted(p) for p in false[:5]],
    }
    if not args.peer:
        figures["kinds"] = dict(Counter(pairs.values()))
    conn.close()
    return figures


def _progress_every(step: int):
    """A progress callback printing to stderr every `step` documents (for long runs)."""
    import sys

    started = time.perf_counter()
    last: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if done // step != last.get(stage, -1) or done == total:
            last[stage] = done // step
            elapsed = time.perf_counter() - started
            print(f"{stage} {done}/{total} {elapsed:.0f}s", file=sys.stderr, flush=True)

    return progress


def _peer_minhash_lsh(conn) -> dict:
    from datasketch import MinHash, MinHashLSH

    from newsgraph.dedup import text as tx

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    pairs: dict[frozenset, str] = {}
    for doc_id, body in conn.execute("select id, body from documents order by seq"):
        m = MinHash(num_perm=128)
        m.update_batch(list(tx.shingles(tx.words(body), 3)))
        for other in lsh.query(m):
            pairs[frozenset((doc_id, other))] = "minhash"
        lsh.insert(doc_id, m)
    return pairs


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.dedup",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("which", choices=["wmt", "wmt_tune", "isot", "msrp", "seeds", "scale"])
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
    name += "-peer" if args.which == "scale" and args.peer else ""
    (OUT / f"dedup-{name}.json").write_text(json.dumps(figures, indent=1))
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
