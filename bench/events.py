"""Event benchmarks (issue 5). Run: ``nice -n 10 .venv/bin/python -m bench.events [PARTS]``.

Parts (all by default):

* ``plover``   PLOVER gold records (322 sentences): type accuracy of the main event and
               micro F1 of (type, source country, target country). Older gold labels
               are mapped: DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT.
* ``petrarch`` UniversalPetrarch GSR validation (78 sentences): micro F1 of (source
               country, target country, PLOVER type), CAMEO codes mapped with the
               CAMEO2PLOVER table, by category.
* ``isaf``     ISAF press releases (724): the main event's date exactly right, its target
               group found.
* ``sample``   60 events sampled from what ``newsgraph events`` shows by default (factual,
               confidence >= the query floor) in the seeds and Guardian articles, and 20
               more from the factual events the floor hides, written to
               bench/out/events-sample-events.json and events-sample-hidden.json for
               judging by reading (``--seed``; see docs/events-precision-sample.md).
* ``speed``    the event stage's time beside spaCy's parse time on the same texts.

Data is read from ../shared/benchmarks at run time and never copied. ``--limit N`` runs
on the first N items of each set (for development). Results: bench/out/events-*.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from newsgraph import actors
from newsgraph.annotate import resolve_model_path
from newsgraph.events import PatternSet, dateline, extract_events, plover_type
from newsgraph.events.query import DEFAULT_MIN_CONFIDENCE
from newsgraph.model import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "benchmarks"
OUT = ROOT / "bench" / "out"
GOLD_ALIASES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# ISAF target-group labels -> knowledge-base actor ids
ISAF_GROUPS = {
    "taliban": "group:taliban",
    "haqqani": "group:haqqani-network",
    "imu": "group:imu",
    "hig": "group:hezb-e-islami",
    "aq": "group:al-qaeda",
    "let": "group:lashkar-e-taiba",
    "ttp": "group:ttp",
    "iju": "group:iju",
}


class Stage:
    """spaCy + the actors stage + the events stage, loaded once."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.load(resolve_model_path("en_core_web_md"))
        self.kb = actors.KnowledgeBase.load(())
        actors.add_entity_ruler(self.nlp, self.kb)
        self.patterns = PatternSet.load()

    def doc(self, text: str, published: str | None, doc_id: str = "bench") -> Document:
        return Document(
            id=doc_id,
            source=doc_id,
            raw_hash="",
            content_hash="",
            body=text,
            published=published,
            published_precision="day" if published else None,
        )

    def run(self, text: str, published: str | None = None, doc_id: str = "bench"):
        d = self.doc(text, published, doc_id)
        sdoc = self.nlp(text)
        mentions, _ = actors.resolve_mentions(sdoc, d, self.kb)
        events, quotes = extract_events(sdoc, d, mentions, self.kb, self.patterns)
        return sdoc, mentions, events, quotes

    def country(self, actor_id: str, mentions) -> str | None:
        actor = self.kb.actor(actor_id)
        if actor is not None:
            if actor.kind == "igo" or (actor.country or "").startswith("igo:"):
                return "IGO"  # an IGO, or an office holder of one ("igo:un")
            if actor.country:
                return actor.country
        # no country of its own (a people of several states: "Iraqi Kurds"), or not in
        # the knowledge base: the country its mention was read with
        for m in mentions:
            if m.actor_id == actor_id and m.country:
                return m.country
        return None


def _depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i:
        tok = tok.head
        d += 1
    return d


def main_event(sdoc, events, ontology):
    """The event PLOVER would code for the sentence: the highest in the tree among those
    PLOVER codes (a refusal counts, as REJECT; a denied attack does not); an adverbial
    clause counts half a level lower, and a fact goes before a prospect."""
    pool = [e for e in events if plover_type(e, ontology) is not None]
    if not pool:
        return None

    def key(e):
        span = sdoc.char_span(e.trigger_start, e.trigger_end, alignment_mode="expand")
        if span is None:
            return (99, True, -e.confidence, e.trigger_start)
        # an adverbial clause ("staged rallies to demand X") is below the act it serves
        depth = _depth(span.root) + (0.5 if span.root.dep_ == "advcl" else 0)
        # what the sentence asserts before what it plans
        return (depth, e.hypothetical, -e.confidence, e.trigger_start)

    return min(pool, key=key)


def _f1(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
    }


def _read_jsonl(path: Path, limit: int | None):
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


# --------------------------------------------------------------------------- PLOVER GSR
def bench_plover(stage: Stage, limit: int | None) -> dict:
    onto = stage.patterns.ontology
    n = correct = tp = n_pred = n_gold = 0
    confusion: Counter = Counter()
    misses = []
    for rec in _read_jsonl(BENCH / "plover-gsr-cameo" / "plover_gsr.jsonl", limit):
        gold = rec["expected_events"][0]
        gtype = GOLD_ALIASES.get(gold["type"], gold["type"])
        sdoc, mentions, events, _ = stage.run(rec["text"])
        ev = main_event(sdoc, events, onto)
        ptype = plover_type(ev, onto) if ev else None
        n += 1
        correct += ptype == gtype
        confusion[(gtype, ptype)] += ptype != gtype
        gsrc = {a.get("code") for a in gold["source"]} or {None}
        gtgt = {a.get("code") for a in gold["target"]} or {None}
        gold_t = {(gtype, s, t) for s in gsrc for t in gtgt}
        pred_t: set = set()
        if ev is not None:
            psrc = {stage.country(a, mentions) for a in ev.sources} or {None}
            ptgt = {stage.country(a, mentions) for a in ev.targets} or {None}
            pred_t = {(ptype, s, t) for s in psrc for t in ptgt}
        tp += len(gold_t & pred_t)
        n_pred += len(pred_t)
        n_gold += len(gold_t)
        if ptype != gtype or gold_t != pred_t:
            misses.append(
                {
                    "text": rec["text"],
                    "gold": sorted(map(str, gold_t)),
                    "ours": sorted(map(str, pred_t)),
                    "trigger": rec["text"][ev.trigger_start : ev.trigger_end] if ev else None,
                    "events": [
                        f"{e.type}/{e.mode} {rec['text'][e.trigger_start : e.trigger_end]}"
                        f" {list(e.sources)}->{list(e.targets)}"
                        f"{' neg' if e.negated else ''}{' hyp' if e.hypothetical else ''}"
                        for e in events
                    ],
                }
            )
    OUT.mkdir(parents=True, exist_ok=True)
    # the misses, for error analysis by reading (not committed)
    (OUT / "events-plover-misses.json").write_text(json.dumps(misses, indent=1, ensure_ascii=False))
    return {
        "sentences": n,
        "type_accuracy": round(correct / n, 3) if n else 0.0,
        "type_source_target_f1": _f1(tp, n_pred, n_gold),
        "top_confusions": [f"{g}->{p}: {c}" for (g, p), c in confusion.most_common(12) if c],
    }


# --------------------------------------------------------------------------- PETRARCH GSR
def cameo_table() -> dict[str, str]:
    table = {}
    for line in (BENCH / "plover-gsr-cameo" / "CAMEO2PLOVER-2021.txt").read_text().splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table[m.group(1)] = m.group(2)
    return table


def _cameo_type(code: str, table: dict[str, str]) -> str | None:
    for k in (code, code[:3], code[:2]):
        if k in table:
            return table[k]
    # CAMEO 01 (public statement) and 02 (appeal) have no rows in the PLOVER table
    return {"01": "AGREE", "02": "REQUEST"}.get(code[:2])


def bench_petrarch(stage: Stage, limit: int | None) -> dict:
    onto = stage.patterns.ontology
    table = cameo_table()
    totals: dict[str, list[int]] = {}
    for rec in _read_jsonl(
        BENCH / "universalpetrarch-gsr-validation" / "petr2_gsr_validation.jsonl", limit
    ):
        if not rec["text"].strip():
            continue
        gold = set()
        for e in rec["expected_events"]:
            t = _cameo_type(e["code"], table)
            gold.add(
                (
                    e["source"][:3].replace("---", "") or None,
                    e["target"][:3].replace("---", "") or None,
                    t,
                )
            )
        _, mentions, events, _ = stage.run(rec["text"], rec.get("date_iso"))
        pred = set()
        for ev in events:
            t = plover_type(ev, onto)
            if t is None:
                continue
            for s in {stage.country(a, mentions) for a in ev.sources} or {None}:
                for g in {stage.country(a, mentions) for a in ev.targets} or {None}:
                    pred.add((s, g, t))
        cat = "AFP (PETR-2-derived)" if rec["category"] == "AFP" else "hand-coded"
        for key in (cat, "all"):
            row = totals.setdefault(key, [0, 0, 0])
            row[0] += len(gold & pred)
            row[1] += len(pred)
            row[2] += len(gold)
    return {k: _f1(*v) for k, v in totals.items()}


# --------------------------------------------------------------------------- ISAF
def bench_isaf(stage: Stage, limit: int | None) -> dict:
    n = dated_ok = no_date = no_event = 0
    group_n = group_ok = 0
    missed_groups: Counter = Counter()
    wrong_dates = []
    for rec in _read_jsonl(
        BENCH / "isaf-press-releases-afghanistan-events" / "isaf_pr_test.jsonl", limit
    ):
        text = rec["text"]
        gold = rec["expected_event"]
        # the release number ("2011-07-S-003", sometimes with en dashes) gives the year
        year = re.search(
            r"\b(20\d\d)\s*[-\u2013]\s*\d\d\s*[-\u2013]\s*[A-Z]+\s*[-\u2013]\s*\d+", text
        )
        pub = dateline(text, default_year=int(year.group(1)) if year else None)
        _, _, events, _ = stage.run(text, pub[0] if pub else None)
        kinetic = [
            e
            for e in events
            if e.type in ("ASSAULT", "COERCE") and not e.negated and not e.hypothetical
        ]
        n += 1
        main = kinetic[0] if kinetic else None
        if main is None:
            no_event += 1
        elif main.date is None:
            no_date += 1
        if main is not None and main.date == gold["start_date"]:
            dated_ok += 1
        elif len(wrong_dates) < 25:
            wrong_dates.append(
                {
                    "id": rec["id"],
                    "gold": gold["start_date"],
                    "ours": main.date if main else None,
                    "text": (main.date_text if main else None),
                }
            )
        groups = {g for item in gold["target_group"] for g in item.split(";") if g}
        for g in groups:
            if g not in ISAF_GROUPS:
                continue
            group_n += 1
            if any(ISAF_GROUPS[g] in e.targets for e in kinetic):
                group_ok += 1
            else:
                missed_groups[g] += 1
    return {
        "releases": n,
        "main_event_date_exact": round(dated_ok / n, 3) if n else 0.0,
        "main_event_without_date": no_date,
        "no_kinetic_event": no_event,
        "target_group_found": round(group_ok / group_n, 3) if group_n else 0.0,
        "target_group_items": group_n,
        "missed_groups": dict(missed_groups),
        "wrong_dates_first_25": wrong_dates,
    }


# --------------------------------------------------------------------------- precision sample
# 5 drew the first judged sample (docs/events-precision-sample.md, history); 25 the second
# (22, 23 and 24 were drawn, read and set aside as each showed general faults, see the
# doc); 31 the third, after the confidence floor; 32 and 33 the fourth and fifth; 34 and
# 35 the fifth round's two passes; 36 the sixth round's validation (drawn after all its
# changes)
SAMPLE_SEED = 36
HIDDEN_SIZE = 20


def bench_sample(stage: Stage, limit: int | None, size: int = 60, seed: int = SAMPLE_SEED) -> dict:
    rng = random.Random(seed)
    texts: list[tuple[str, str, str | None]] = []
    for path in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        m = re.search(r"\bdate\s+(\d{4}-\d{2}-\d{2})", raw[:200])
        texts.append((f"seed:{path.stem}", raw, m.group(1) if m else None))
    guardian = list(
        _read_jsonl(BENCH / "guardian-isis-syria-2017-2019" / "guardian_sdf_sample.jsonl", None)
    )
    for rec in rng.sample(guardian, min(len(guardian), limit or 40)):
        texts.append((rec["id"], rec["text"], rec.get("date")))
    pool, hidden = [], []
    for doc_id, text, pub in texts:
        _, _, events, _ = stage.run(text, pub, doc_id)
        for e in events:
            if e.negated or e.hypothetical:
                continue  # hidden by default before this round too; not judged here
            # the default view is what a user sees first; the floor hides the rest
            (pool if e.confidence >= DEFAULT_MIN_CONFIDENCE else hidden).append(
                {
                    "doc": doc_id,
                    "sentence_start": e.sentence_start,
                    "trigger_start": e.trigger_start,
                    "type": e.type,
                    "mode": e.mode,
                    "sources": list(e.sources),
                    "targets": list(e.targets),
                    "date": e.date,
                    "date_text": e.date_text,
                    "location": e.location,
                    "reported": e.reported,
                    "historical": e.historical,
                    "confidence": e.confidence,
                    "pattern": e.pattern,  # for calibration: which rule and cues found it
                    "trigger": text[e.trigger_start : e.trigger_end],
                    "sentence": text[e.sentence_start : e.sentence_end].strip(),
                }
            )
    sample = rng.sample(pool, min(size, len(pool)))
    hidden_sample = rng.sample(hidden, min(HIDDEN_SIZE, len(hidden)))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "events-sample-events.json").write_text(json.dumps(sample, indent=1, ensure_ascii=False))
    (OUT / "events-sample-hidden.json").write_text(
        json.dumps(hidden_sample, indent=1, ensure_ascii=False)
    )
    return {
        "documents": len(texts),
        "factual_events_shown": len(pool),
        "factual_events_hidden_by_floor": len(hidden),
        "min_confidence": DEFAULT_MIN_CONFIDENCE,
        "sampled": len(sample),
        "hidden_sampled": len(hidden_sample),
        "seed": seed,
        "file": "bench/out/events-sample-events.json",
    }


# --------------------------------------------------------------------------- speed
def bench_speed(stage: Stage, limit: int | None) -> dict:
    rng = random.Random(11)
    guardian = list(
        _read_jsonl(BENCH / "guardian-isis-syria-2017-2019" / "guardian_sdf_sample.jsonl", None)
    )
    texts = [r["text"] for r in rng.sample(guardian, min(len(guardian), limit or 30))]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    sdocs = list(stage.nlp.pipe(texts, batch_size=8))
    parse = time.perf_counter() - t0
    docs = [stage.doc(t, "2018-01-01", f"s{i}") for i, t in enumerate(texts)]
    mentions = [
        actors.resolve_mentions(s, d, stage.kb)[0] for s, d in zip(sdocs, docs, strict=True)
    ]
    t0 = time.perf_counter()
    n_events = 0
    for s, d, m in zip(sdocs, docs, mentions, strict=True):
        n_events += len(extract_events(s, d, m, stage.kb, stage.patterns)[0])
    event_time = time.perf_counter() - t0
    return {
        "documents": len(texts),
        "words": words,
        "spacy_parse_s": round(parse, 2),
        "event_stage_s": round(event_time, 2),
        "event_share_of_parse": round(event_time / parse, 3),
        "events": n_events,
    }


PARTS = {
    "plover": bench_plover,
    "petrarch": bench_petrarch,
    "isaf": bench_isaf,
    "sample": bench_sample,
    "speed": bench_speed,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.events", description=__doc__.splitlines()[0])
    ap.add_argument("parts", nargs="*", default=list(PARTS), choices=list(PARTS))
    ap.add_argument("--limit", type=int, default=None, help="first N items of each set")
    ap.add_argument("--seed", type=int, default=SAMPLE_SEED, help="seed of the sample part")
    args = ap.parse_args(argv)
    if not BENCH.exists():
        print(f"benchmarks not found at {BENCH}", file=sys.stderr)
        return 2
    stage = Stage()
    OUT.mkdir(parents=True, exist_ok=True)
    for part in args.parts:
        started = time.perf_counter()
        if part == "sample":
            result = bench_sample(stage, args.limit, seed=args.seed)
        else:
            result = PARTS[part](stage, args.limit)
        result["seconds"] = round(time.perf_counter() - started, 1)
        (OUT / f"events-{part}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
        print(part, json.dumps(result, indent=1, ensure_ascii=False)[:3000])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
