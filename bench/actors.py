"""Actor benchmarks (issue 4). Run: ``nice -n 10 .venv/bin/python -m bench.actors [PARTS]``.

Parts (all by default): ``conll`` (NER F1 PER/ORG/LOC, spaCy md alone beside md + our
ruler, CoNLL-2003 test original and CoNLL++), ``elevant`` (linking precision/recall on
mentions whose gold Wikidata id is in our knowledge base), ``plover`` (country and
sector of gold actor spans), ``coverage`` (Phoenix heads of state/government since 1990
held with correct terms), ``seeds`` (actors found in the seed articles, with aliases).
``speed`` (only when named): spaCy's own ``nlp.pipe`` beside ``resolve_mentions`` on the
same generated articles (``--limit``, default 200) and seeds, and the start-up costs.

The data is read from ../shared/benchmarks at run time and never copied.
``--limit N`` runs on the first N items of each set (for development).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from newsgraph.actors import KnowledgeBase, add_entity_ruler, normalise, resolve_mentions
from newsgraph.actors.kb import _date_bounds, canonical_title, role_active
from newsgraph.actors.ruler import RULER_NAME
from newsgraph.annotate import load_pipeline
from newsgraph.model import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "benchmarks"
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
TYPES = ("PER", "ORG", "LOC")


def _doc(text: str, published: str | None, doc_id: str = "bench") -> Document:
    return Document(
        id=doc_id, source=doc_id, raw_hash="", content_hash="", body=text, published=published
    )


# --------------------------------------------------------------------------- CoNLL
def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences as (tokens, tags); IOB1 and IOB2 both read."""
    sentences, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        words.append(parts[0])
        tags.append(parts[-1])
    if words:
        sentences.append((words, tags))
    return sentences


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if start is not None and (tag == "O" or prefix == "B" or t != kind):
            spans.add((start, i, kind))
            start, kind = None, None
        if tag != "O" and start is None:
            start, kind = i, t
    return {s for s in spans if s[2] in TYPES}


def _f1(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def run_conll(limit: int | None) -> dict:
    import spacy
    from spacy.tokens import Doc

    kb = KnowledgeBase.load()
    base = spacy.load(
        _model_path(), exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"]
    )
    variants = {
        "spacy-md": None,
        "ours (ruler before ner)": "before",
        "ours (ruler after ner, overwrite)": "after",
    }
    results = {}
    for name, path in (
        ("original", BENCH / "conll2003-eng-testb/eng.testb"),
        ("conll++", BENCH / "conll2003-eng-testb/conllpp_test.txt"),
    ):
        sentences = read_conll(path)[:limit]
        for variant, where in variants.items():
            nlp = base
            if where is not None:
                nlp = spacy.load(
                    _model_path(),
                    exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"],
                )
                _add_ruler(nlp, kb, where)
            counts = {t: [0, 0, 0] for t in TYPES}
            docs = (Doc(nlp.vocab, words=w) for w, _ in sentences)
            for (_, tags), sdoc in zip(sentences, nlp.pipe(docs, batch_size=256), strict=True):
                gold = gold_spans(tags)
                pred = {
                    (e.start, e.end, LABEL_MAP[e.label_])
                    for e in sdoc.ents
                    if e.label_ in LABEL_MAP
                }
                for t in TYPES:
                    g = {s for s in gold if s[2] == t}
                    p = {s for s in pred if s[2] == t}
                    counts[t][0] += len(g & p)
                    counts[t][1] += len(p - g)
                    counts[t][2] += len(g - p)
            per_type = {t: _f1(*c) for t, c in counts.items()}
            total = _f1(*(sum(c[i] for c in counts.values()) for i in range(3)))
            results.setdefault(name, {})[variant] = {"all": total, **per_type}
            print(
                f"conll {name:8} {variant:34} F1 {total['f1']:.4f}  "
                + "  ".join(f"{t} {per_type[t]['f1']:.4f}" for t in TYPES),
                flush=True,
            )
    return results


def _model_path() -> str:
    from newsgraph.annotate import resolve_model_path

    return resolve_model_path("en_core_web_md")


def _add_ruler(nlp, kb: KnowledgeBase, where: str) -> None:
    if where == "before":
        add_entity_ruler(nlp, kb)
        return
    from newsgraph.actors.ruler import ruler_patterns

    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        after="ner",
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
    )
    ruler.add_patterns(ruler_patterns(kb))


# --------------------------------------------------------------------------- ELEVANT
def kb_wikidata(kb: KnowledgeBase) -> dict[str, str]:
    return {a.wikidata: a.id for a in kb.actors() if a.wikidata}


def run_elevant(limit: int | None) -> dict:
    nlp, kb = _pipeline()
    qids = kb_wikidata(kb)
    out = {}
    for name in ("news-fair-v2", "reuters-128"):
        path = BENCH / "elevant-news-entity-linking" / f"{name}.benchmark.jsonl"
        articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()][
            :limit
        ]
        resolved = []
        texts = [a["text"] for a in articles]
        for art, sdoc in zip(articles, nlp.pipe(texts, batch_size=8), strict=True):
            m = re.match(r"(\d{4})(\d{2})(\d{2})", art.get("title") or "")
            published = f"{m[1]}-{m[2]}-{m[3]}" if m else None
            resolved.append(resolve_mentions(sdoc, _doc(art["text"], published), kb)[0])
        for variant, adjectives in (("", True), ("strict (no adjectives)", False)):
            res = _score_elevant(kb, qids, articles, resolved, adjectives)
            out[f"{name} {variant}".strip()] = res
            print(
                f"elevant {name} {variant}: P {res['precision']} R {res['recall']} "
                f"(gold in KB {res['gold_mentions_in_kb']}, "
                f"predictions on gold spans {res['predictions_on_gold_spans']})",
                flush=True,
            )
    return out


def _score_elevant(kb, qids, articles, resolved, adjectives: bool) -> dict:
    gold_in_kb = tp_recall = 0
    pred_total = pred_correct = pred_unmatched = 0
    errors: Counter = Counter()
    for art, mentions in zip(articles, resolved, strict=True):
        predicted = []
        for mention in mentions:
            actor = kb.actor(mention.actor_id) if mention.actor_id else None
            if (
                actor is None
                or not actor.wikidata
                or not _names_actor(kb, mention, actor, adjectives)
            ):
                continue
            predicted.append((mention.start, mention.end, actor.wikidata, mention.text))
        labels = [
            lab
            for lab in art["labels"]
            if str(lab.get("entity_id", "")).startswith("Q") or lab.get("entity_id") == "<NIL>"
        ]
        for lab in labels:
            q = lab["entity_id"]
            # Pronoun and nominal coreference ("he", "the country") is not attempted.
            if q not in qids or lab.get("coref"):
                continue
            gold_in_kb += 1
            s, e = lab["span"]
            hit = [p for p in predicted if p[0] < e and s < p[1]]
            if any(p[2] == q for p in hit):
                tp_recall += 1
            else:
                errors[f"missed {lab.get('name')} ({q})"] += 1
        for ps, pe, pq, ptext in predicted:
            over = [lab for lab in labels if lab["span"][0] < pe and ps < lab["span"][1]]
            if not over:
                pred_unmatched += 1
                continue
            pred_total += 1
            if any(lab["entity_id"] == pq for lab in over):
                pred_correct += 1
            else:
                errors[
                    f"wrong {ptext!r} -> {pq} (gold {over[0]['entity_id']} {over[0].get('name')})"
                ] += 1
    return {
        "gold_mentions_in_kb": gold_in_kb,
        "recall": round(tp_recall / gold_in_kb, 4) if gold_in_kb else None,
        "precision": round(pred_correct / pred_total, 4) if pred_total else None,
        "predictions_on_gold_spans": pred_total,
        "predictions_off_gold_spans": pred_unmatched,
        "top_errors": errors.most_common(25),
    }


def _names_actor(kb: KnowledgeBase, mention, actor, adjectives: bool = True) -> bool:
    """Does the mention name the actor itself? A nationality noun ("Americans", rule
    demonym-people) names people of a country and a city ("London", rule place) a place
    in it: their actor is the country they belong to, not what the words refer to, so
    they make no link; nor do phrases ("Iranian officials") and metonyms. A nationality
    adjective ("Italian media", rule demonym) names the country, as ELEVANT's annotators
    link it; `adjectives=False` leaves those out too (the stricter reading)."""
    if mention.rule in ("demonym-people", "demonym-title", "metonym", "sector-noun"):
        return False
    if mention.rule == "demonym" and not adjectives:
        return False
    if mention.rule == "place":
        return actor.id in kb.aliases.get(normalise(mention.text), [])
    return True


def _pipeline():
    nlp = load_pipeline("en_core_web_md")
    kb = KnowledgeBase.load()
    add_entity_ruler(nlp, kb)
    return nlp, kb


# --------------------------------------------------------------------------- PLOVER
# Codes in the gold file that predate ISO 3166 alpha-3 (CAMEO legacy); scored as their ISO code.
LEGACY_CODES = {"JAP": "JPN", "ROM": "ROU", "ZAR": "COD", "BUR": "MMR", "ITL": "ITA"}


def run_plover(limit: int | None) -> dict:
    nlp, kb = _pipeline()
    rows = [
        json.loads(line)
        for line in (BENCH / "plover-gsr-cameo/plover_gsr.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    ][:limit]
    n = country_ok = sector_ok = found = 0
    misses: Counter = Counter()
    for row, sdoc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=32), strict=True):
        mentions, _ = resolve_mentions(sdoc, _doc(row["text"], None), kb)
        for event in row["expected_events"]:
            for actor in event["source"] + event["target"]:
                text, code = actor.get("actorText"), actor.get("code")
                if not text or not code:
                    continue
                start = row["text"].find(text)
                if start < 0:
                    continue
                end = start + len(text)
                n += 1
                gold_code = LEGACY_CODES.get(code, code)
                gold_sector = (actor.get("sector") or "")[:3].upper() or None
                gold_sector = None if gold_sector in ("***", "") else gold_sector
                over = [m for m in mentions if m.start < end and start < m.end and m.actor_id]
                if not over:
                    misses[f"no actor for {text!r}"] += 1
                    if gold_sector is None:
                        sector_ok += 0  # no prediction is not a correct empty sector
                    continue
                found += 1
                # The mention sharing most characters with the gold span; between equals
                # (a phrase and the country word nested in it), the one closest in length.
                best = max(
                    over,
                    key=lambda m: (
                        min(m.end, end) - max(m.start, start),
                        -abs((m.end - m.start) - (end - start)),
                    ),
                )
                if best.country == gold_code:
                    country_ok += 1
                else:
                    misses[f"country {text!r}: {best.country} vs {gold_code}"] += 1
                if best.sector == gold_sector:
                    sector_ok += 1
                else:
                    misses[f"sector {text!r}: {best.sector} vs {gold_sector}"] += 1
    res = {
        "actor_spans": n,
        "with_a_mention": found,
        "country_accuracy": round(country_ok / n, 4) if n else None,
        "sector_accuracy": round(sector_ok / n, 4) if n else None,
        "country_accuracy_when_found": round(country_ok / found, 4) if found else None,
        "sector_accuracy_when_found": round(sector_ok / found, 4) if found else None,
        "top_misses": misses.most_common(300),
    }
    print(
        f"plover: country {res['country_accuracy']} sector {res['sector_accuracy']} "
        f"({found}/{n} spans found)",
        flush=True,
    )
    return res


# --------------------------------------------------------------------------- Phoenix coverage
COUNTRIES = tuple("USA RUS CHN GBR FRA AFG PAK IRN IND TUR KAZ KGZ TJK TKM UZB UKR DEU".split())
DICT_DATE = "2014-01-30"  # when the Phoenix country dictionary was generated
SAME_STATE = {"SUN": "RUS"}  # Phoenix codes Soviet offices under RUS


def _phoenix_date(text: str) -> str:
    if len(text) == 6:
        year = int(text[:2])
        text = ("19" if year > 20 else "20") + text
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}"


def phoenix_leaders(path: Path) -> list[dict]:
    """Leader entries (CountryInfo entries whose codes show an ELI period followed by
    GOV terms: the dictionary's heads of state and government) for COUNTRIES, with
    their GOV terms overlapping 1990-01-01 .. DICT_DATE."""
    header = re.compile(r"^(\S+)\s+\[([A-Z]{3})\]\s*(#.*)?$")
    entries, country, current, block, president_block = [], None, None, 0, -1
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if not line:
            continue
        if line.startswith("#"):
            block += 1  # a comment closes a block of entries
            if "U.S. Presidents" in line:
                president_block = block
            continue
        m = header.match(line)
        if m and not line.startswith(("+", "\t", " ")):
            country, current, block = m[2], None, block + 1
            continue
        if not line.startswith(("+", "\t", " ", "[")):
            current = {
                "name": line.split("#")[0].strip(),
                "country": country,
                "aliases": [],
                "codes": [],
                "countryinfo": "CountryInfo" in line,
                "block": block,
            }
            entries.append(current)
        elif current is not None and line.startswith("+"):
            current["aliases"].append(line[1:].split("#")[0].strip())
        elif re.match(r"^\s*\[[A-Z]{3}(\s[^\]]*)?\]", line) and (
            current is None or not any(c[0].endswith(("GOV", "ELI")) for c in current["codes"])
        ):
            # A country whose code stands on the lines after its name (the last wins:
            # "[USRKAZ <911216] [KAZ >911221]").
            country = re.match(r"^\s*\[([A-Z]{3})", line)[1]
            if current is not None:
                entries.remove(current)
                block += 1
            current = None
        elif current is not None:
            current["codes"] += re.findall(r"\[([A-Z]{6})\s*([<>]?\d{6,8}(?:-\d{6,8})?)?\]", line)
    # The heads of state and government of a country section are its CountryInfo
    # entries before the cabinet list. Leaders carry an ELI period (a career before
    # office) before their GOV terms; the cabinet list that follows does not, so the
    # first entry in office after 1990 without an ELI period ends the heads. The USA
    # section is laid out in commented blocks instead; there the block after
    # "# U.S. Presidents" is taken.
    by_country: dict[str, list[dict]] = defaultdict(list)
    for e in entries:
        if e["countryinfo"] and e["country"] in COUNTRIES:
            by_country[e["country"]].append(e)
    heads = []
    for country, items in by_country.items():
        if country == "USA":
            heads += [e for e in items if e["block"] == president_block and _gov_terms(e)]
            continue
        items = [e for e in items if _gov_terms(e)]
        chosen = []
        for e in items:
            if not any(c[0].endswith("ELI") and c[1] for c in e["codes"]):
                break
            chosen.append(e)
        if not chosen:
            # Sections without ELI periods: the cabinet list is alphabetical, so the
            # heads end where four names in a row are in alphabetical order of initials.
            initials = [normalise(e["name"].replace("_", " "))[:1] for e in items]
            cut = next(
                (
                    k
                    for k in range(1, len(items))
                    if len(initials[k : k + 4]) == 4
                    and initials[k : k + 4] == sorted(initials[k : k + 4])
                ),
                len(items),
            )
            chosen = items[:cut]
        heads += chosen
    leaders = []
    for e in heads:
        leaders.append({**e, "terms": _gov_terms(e)})
    return leaders


def _gov_terms(e: dict) -> list[tuple[str, str]]:
    """The entry's GOV terms clipped to 1990-01-01 .. DICT_DATE."""
    terms = []
    for code, span in e["codes"]:
        if code != e["country"] + "GOV" or not span:
            continue
        if span.startswith(">"):
            lo, hi = _phoenix_date(span[1:]), DICT_DATE
        elif span.startswith("<"):
            lo, hi = "1900-01-01", _phoenix_date(span[1:])
        else:
            a, _, b = span.partition("-")
            lo, hi = _phoenix_date(a), _phoenix_date(b)
        lo, hi = max(lo, "1990-01-01"), min(hi, DICT_DATE)
        if lo < hi:
            terms.append((lo, hi))
    return sorted(set(terms))


def _days(a: str, b: str) -> int:
    from datetime import date

    return (date.fromisoformat(b) - date.fromisoformat(a)).days


# Offices that make a term one of a head of state or government (canonical titles, see
# newsgraph.actors.kb.canonical_title; "premier", "chief executive" and the like map to
# "prime minister"). Generous on purpose: a term leaves the restricted figure only when
# every office we hold for the person at its midpoint is outside this list.
HEAD_TITLES = {
    "president",
    "prime minister",
    "chancellor",
    "supreme leader",
    "general secretary",
    "paramount leader",
    "king",
    "queen",
    "chairman of the supreme assembly",
    "chairman of the verkhovna rada",
    # the last Soviet government's head, August to December 1991
    "chairman of the committee for the operational management of the economy",
}


def _midpoint(lo: str, hi: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(lo) + timedelta(days=_days(lo, hi) // 2)).isoformat()


def _head_term(person, country: str, lo: str, hi: str) -> bool:
    """False only when the knowledge base holds the person's offices of that state at
    the term's midpoint and none of them is a head of state's or government's (a
    minister's term in the dictionary). Unknown people and dates count as heads' terms,
    so a term we miss is never left out for want of data."""
    if person is None:
        return True
    mid = _midpoint(lo, hi)
    held = [
        r
        for r in person.roles
        if SAME_STATE.get(r.country, r.country) == country
        and r.sector == "GOV"
        and role_active(r, mid)
    ]
    return not held or any(canonical_title(r.title) in HEAD_TITLES for r in held)


def run_coverage(limit: int | None) -> dict:
    """Terms held with correct dates, over all the GOV terms of the dictionary's leader
    entries; and the same over the terms of heads of state and government only
    (`_head_term`), the issue's own wording."""
    kb = KnowledgeBase.load()
    path = BENCH / "universalpetrarch-gsr-validation/original/Phoenix.Countries.actors.txt"
    leaders = phoenix_leaders(path)[:limit]
    people = [a for a in kb.actors() if a.kind == "person"]
    n_terms = ok_terms = n_people = found_people = head_terms = head_ok = 0
    missing, not_heads = [], []
    for e in leaders:
        n_people += 1
        names = [e["name"], *e["aliases"]]
        ids = []
        for name in names:
            ids += [i for i in kb.lookup(name.replace("_", " ").strip()) if i.startswith("person:")]
        if not ids:  # another transliteration: the closest full name, if close enough
            from rapidfuzz import fuzz, process

            choices = {normalise(x): a.id for a in people for x in a.aliases}
            best = process.extractOne(
                normalise(e["name"].replace("_", " ")),
                list(choices),
                scorer=fuzz.token_sort_ratio,
                score_cutoff=85,
            )
            ids = [choices[best[0]]] if best else []
        person = kb.actor(ids[0]) if ids else None
        if person is not None:
            found_people += 1
        for lo, hi in e["terms"]:
            n_terms += 1
            good = False
            if person is not None:
                # Days of the Phoenix term covered by our GOV roles of that state (a term
                # may span two of our offices, e.g. prime minister then president).
                covered = set()
                for r in person.roles:
                    if SAME_STATE.get(r.country, r.country) != e["country"] or r.sector != "GOV":
                        continue
                    # roles may be dated to the month or year: the days they may cover
                    first, last = _date_bounds(r.start, r.end)
                    r_lo, r_hi = max(first, lo, "1900-01-01"), min(last, DICT_DATE, hi)
                    if r_lo < r_hi:
                        base = _days(lo, r_lo)
                        covered.update(range(base, base + _days(r_lo, r_hi)))
                good = len(covered) >= 0.8 * max(_days(lo, hi), 1)
            ok_terms += good
            if _head_term(person, e["country"], lo, hi):
                head_terms += 1
                head_ok += good
            else:
                not_heads.append(
                    f"{e['country']} {e['name']} {lo}/{hi}" + (" (held)" if good else "")
                )
            if not good:
                missing.append(
                    f"{e['country']} {e['name']} {lo}/{hi}"
                    + ("" if person else " (person not in KB)")
                )
    res = {
        "leaders": n_people,
        "leaders_found": found_people,
        "terms": n_terms,
        "terms_correct": ok_terms,
        "coverage": round(ok_terms / n_terms, 4) if n_terms else None,
        "missing": missing,
        "head_terms": head_terms,
        "head_terms_correct": head_ok,
        "head_coverage": round(head_ok / head_terms, 4) if head_terms else None,
        "not_head_terms": not_heads,
    }
    print(
        f"coverage: {ok_terms}/{n_terms} terms = {res['coverage']} "
        f"({found_people}/{n_people} leaders found); heads' terms only: "
        f"{head_ok}/{head_terms} = {res['head_coverage']}",
        flush=True,
    )
    return res


# --------------------------------------------------------------------------- seeds
def run_seeds(limit: int | None) -> dict:
    from newsgraph import ingest
    from newsgraph.settings import Settings

    nlp, kb = _pipeline()
    seeds = SHARED / "corpus" / "seeds"
    docs = []
    for raw in ingest.iter_inputs([str(seeds)], Settings()):
        if not isinstance(raw, Exception):
            docs.append(ingest.clean(raw))
    docs = docs[:limit]
    written: dict[str, set] = defaultdict(set)
    rules: dict[str, Counter] = defaultdict(Counter)
    for d, sdoc in zip(docs, nlp.pipe([d.body for d in docs]), strict=True):
        mentions, _ = resolve_mentions(sdoc, d, kb)
        for m in mentions:
            if m.actor_id:
                written[m.actor_id].add(m.text)
                rules[m.actor_id][m.rule] += 1
    table = []
    for actor_id in sorted(written, key=lambda i: (-sum(rules[i].values()), i)):
        actor = kb.actor(actor_id)
        table.append(
            {
                "id": actor_id,
                "name": actor.name if actor else actor_id,
                "mentions": sum(rules[actor_id].values()),
                "written": sorted(written[actor_id]),
                "rules": dict(rules[actor_id]),
            }
        )
    print(f"seeds: {len(docs)} documents, {len(table)} actors", flush=True)
    return {"documents": len(docs), "actors": table}


# --------------------------------------------------------------------------- speed
def _speed_docs(limit: int | None) -> dict[str, list[Document]]:
    """The generated corpus of bench.corpus_gen (`limit` articles, 200 by default) and
    the seed articles, as Documents with their publication dates."""
    from bench.corpus_gen import articles
    from newsgraph import ingest
    from newsgraph.settings import Settings

    generated = [
        _doc(a.body, a.published.isoformat(), f"gen-{a.index}") for a in articles(limit or 200)
    ]
    seeds = []
    for raw in ingest.iter_inputs([str(SHARED / "corpus" / "seeds")], Settings()):
        if not isinstance(raw, Exception):
            seeds.append(ingest.clean(raw))
    return {"generated": generated, "seeds": seeds}


def _timed(job) -> tuple[float, object]:
    started = time.perf_counter()
    result = job()
    return time.perf_counter() - started, result


_KB_LOAD_JOB = (
    "import time\n"
    "from newsgraph.actors import KnowledgeBase\n"
    "t = time.perf_counter()\n"
    "kb = KnowledgeBase.load()\n"
    "print(time.perf_counter() - t, getattr(kb, 'loaded_from', 'files'))\n"
)


def _kb_load_times() -> dict[str, object]:
    """Knowledge-base load as a new worker process pays it (a fresh interpreter, imports
    not counted): from the YAML files (cache off), then the first load in an empty
    cache folder (it writes the compiled copy), then a load from that copy."""
    import os
    import subprocess
    import tempfile

    def job(cache: str) -> tuple[float, str]:
        env = {**os.environ, "NEWSGRAPH_CACHE_DIR": cache}
        out = subprocess.run(
            [sys.executable, "-c", _KB_LOAD_JOB],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return float(out[0]), out[1]

    times: dict[str, object] = {"kb_load_files_s": round(job("off")[0], 4)}
    with tempfile.TemporaryDirectory() as folder:
        times["kb_load_first_s"] = round(job(folder)[0], 4)
        seconds, source = job(folder)
        times["kb_load_cached_s"] = round(seconds, 4)
        times["kb_loaded_from"] = source
    return times


def run_speed(limit: int | None) -> dict:
    """spaCy's own `nlp.pipe` (md alone) beside actor resolution (`resolve_mentions`) on
    the same documents, in one process; plus the start-up costs of the actor stage
    (knowledge-base load, entity ruler)."""
    sets = _speed_docs(limit)
    plain = load_pipeline("en_core_web_md")  # as the build loads it
    ours = load_pipeline("en_core_web_md")
    kb = KnowledgeBase.load()
    ruler_s, _ = _timed(lambda: add_entity_ruler(ours, kb))
    results: dict = {"ruler_build_s": round(ruler_s, 3)}
    results.update(_kb_load_times())
    warm = [d.body for d in sets["generated"][:4]]
    for nlp in (plain, ours):  # first calls allocate; neither timing should pay that
        list(nlp.pipe(warm))
    for name, docs in sets.items():
        texts = [d.body for d in docs]
        spacy_s, _ = _timed(lambda: list(plain.pipe(texts, batch_size=16)))  # noqa: B023
        ruled_s, parsed = _timed(lambda: list(ours.pipe(texts, batch_size=16)))  # noqa: B023
        pairs = list(zip(docs, parsed, strict=True))
        resolve_s, found = _timed(lambda: [resolve_mentions(p, d, kb) for d, p in pairs])  # noqa: B023
        words = sum(1 for p in parsed for t in p if not t.is_space and not t.is_punct)
        row = {
            "documents": len(docs),
            "words": words,
            "spacy_s": round(spacy_s, 2),
            "spacy_with_ruler_s": round(ruled_s, 2),
            "resolve_s": round(resolve_s, 3),
            "resolve_x_spacy": round(resolve_s / spacy_s, 4),
            "mentions": sum(len(m) for m, _ in found),
        }
        results[name] = row
        print(
            f"speed {name}: {row['documents']} docs, {words} words; spaCy nlp.pipe "
            f"{row['spacy_s']} s, with our ruler {row['spacy_with_ruler_s']} s; "
            f"resolve_mentions {row['resolve_s']} s = {row['resolve_x_spacy']}x spaCy",
            flush=True,
        )
    print(
        f"speed start-up: knowledge base from YAML {results['kb_load_files_s']} s, "
        f"first load writing the compiled copy {results['kb_load_first_s']} s, "
        f"from the copy {results['kb_load_cached_s']} s ({results['kb_loaded_from']}); "
        f"entity ruler {results['ruler_build_s']} s",
        flush=True,
    )
    return results


PARTS = {
    "conll": run_conll,
    "elevant": run_elevant,
    "plover": run_plover,
    "coverage": run_coverage,
    "seeds": run_seeds,
    "speed": run_speed,
}
# Run only when named: the accuracy parts are "all" by default.
DEFAULT_PARTS = [p for p in PARTS if p != "speed"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help=f"any of {', '.join(PARTS)} (default: all)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None, help="Write the results as JSON here.")
    args = parser.parse_args(argv)
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    args.parts = args.parts or DEFAULT_PARTS
    if not BENCH.exists():
        sys.exit(f"{BENCH} is not present")
    results = {}
    for part in args.parts:
        started = time.perf_counter()
        results[part] = PARTS[part](args.limit)
        results[part + "_seconds"] = round(time.perf_counter() - started, 1)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
