"""CI accuracy gate: extraction on a fixed subset of the two benchmarks must not fall
below the floors in accuracy_floors.json. Raise a floor when a change lifts the figure;
never lower one. Scored with the metrics of ../shared/tools/score_extraction.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.ingest import clean
from newsgraph.model import RawInput

FLOORS = json.loads((Path(__file__).with_name("accuracy_floors.json")).read_text())
PAGES = 25  # per set: every k-th page in sorted order, so the subset never changes


def _scorer(shared: Path):
    path = shared / "tools" / "score_extraction.py"
    if not path.exists():
        pytest.skip("score_extraction.py is not present")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _every_kth(items: list, n: int) -> list:
    step = max(1, len(items) // n)
    return items[::step][:n]


def _predict(path: Path, url: str | None) -> dict:
    try:
        doc = clean(
            RawInput(str(path), path.read_bytes(), "html", hints={"url": url} if url else {})
        )
    except InputError:
        return {"body": ""}
    return {
        "body": doc.body,
        "title": doc.title,
        "author": "; ".join(doc.authors),
        "date": doc.published,
    }


def test_scrapinghub_subset(shared: Path) -> None:
    scorer = _scorer(shared)
    folder = shared / "benchmarks" / "scrapinghub-article-extraction"
    gold = json.loads((folder / "ground-truth.json").read_text())
    keys = _every_kth(sorted(gold), PAGES)
    f1 = sum(
        scorer.prf(
            _predict(folder / "html" / f"{k}.html", gold[k]["url"])["body"], gold[k]["articleBody"]
        )[2]
        for k in keys
    ) / len(keys)
    assert f1 >= FLOORS["scrapinghub"]["F1"], f"scrapinghub subset F1 {f1:.3f}"


def test_trafilatura_subset(shared: Path) -> None:
    scorer = _scorer(shared)
    folder = shared / "benchmarks" / "trafilatura-eval-en"
    gold = json.loads((folder / "evaldata.en-subset.json").read_text())
    records = _every_kth(sorted(gold.items(), key=lambda kv: kv[1]["file"]), PAGES)
    tp = fn = fp = 0
    meta = {"title": [0, 0], "author": [0, 0], "date": [0, 0]}
    for key, rec in records:
        pred = _predict(folder / "html" / rec["file"], key if key.startswith("http") else None)
        body = " ".join(pred["body"].split())
        for snippet in rec.get("with") or []:
            tp, fn = (tp + 1, fn) if " ".join(snippet.split()) in body else (tp, fn + 1)
        fp += sum(" ".join(s.split()) in body for s in rec.get("without") or [])
        for field, counts in meta.items():
            want = rec.get(field)
            if want:
                counts[1] += 1
                got = pred.get(field) or ""
                ok = (
                    str(got)[:10] == str(want)[:10]
                    if field == "date"
                    else scorer.norm(got) == scorer.norm(want)
                )
                counts[0] += ok
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    figures = {
        "F1": 2 * precision * recall / max(1e-9, precision + recall),
        **{f"{field}_exact": ok / max(1, n) for field, (ok, n) in meta.items()},
    }
    for name, floor in FLOORS["trafilatura"].items():
        assert figures[name] >= floor, (
            f"trafilatura subset {name} {figures[name]:.3f} < floor {floor}"
        )
