"""Event records in the export contract of DESIGN.md ("Event record (export contract)").

These serve the views (timeline, article page, HTTP API); `newsgraph export events`
writes the events stage's own records (`newsgraph.events.query.iter_event_records`),
cut to the same contract keys:

    {"id", "doc_id", "story_id", "type", "mode", "quad_class",
     "source": {"id", "name", "country", "sector", "wikidata"} | null, "target": ...,
     "date", "date_text", "location", "negated", "hypothetical", "confidence",
     "text_info": {"sentence", "start", "end"}, "cite_info": {"title", "author", "published", "source"}}

Records also carry `sources`/`targets` (every actor, PLOVER's list form), `trigger`
offsets, `date_precision`, `reported`, `historical` and `score`, which the views use.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from newsgraph.query.common import actor_cards, normalise_quad

EVENT_COLUMNS = (
    "e.id, e.doc_id, e.story_key, e.type, e.mode, e.quad_class, e.sentence_start, e.sentence_end, "
    "e.trigger_start, e.trigger_end, e.date, e.date_end, e.date_precision, e.date_text, e.location, "
    "e.location_country, e.negated, e.hypothetical, e.reported, e.historical, e.confidence, e.score"
)


def _actor_ref(card: dict | None) -> dict | None:
    if card is None:
        return None
    return {k: card[k] for k in ("id", "name", "country", "sector", "wikidata")}


def build_records(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[dict]:
    """Event records for event `rows` (selected with EVENT_COLUMNS), in the same order."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    roles: dict[str, dict[str, list[str]]] = {i: {"source": [], "target": []} for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for ea in conn.execute(
            f"select event_id, role, actor_id from event_actors where event_id in ({marks}) "
            "order by event_id, role, ord",
            chunk,
        ):
            roles[ea["event_id"]].setdefault(ea["role"], []).append(ea["actor_id"])
    cards = actor_cards(conn, {a for r in roles.values() for lst in r.values() for a in lst})
    docs = _doc_info(conn, {r["doc_id"] for r in rows})
    records = []
    for r in rows:
        doc = docs.get(r["doc_id"], {})
        body = doc.get("body", "")
        sources = [_actor_ref(cards[a]) for a in roles[r["id"]].get("source", [])]
        targets = [_actor_ref(cards[a]) for a in roles[r["id"]].get("target", [])]
        records.append(
            {
                "id": r["id"],
                "doc_id": r["doc_id"],
                "story_id": doc.get("story_id"),
                "type": r["type"],
                "mode": r["mode"],
                "quad_class": normalise_quad(r["quad_class"]) or r["quad_class"],
                "source": sources[0] if sources else None,
                "target": targets[0] if targets else None,
                "sources": sources,
                "targets": targets,
                "date": r["date"],
                "date_end": r["date_end"],
                "date_precision": r["date_precision"],
                "date_text": r["date_text"],
                "location": r["location"],
                "location_country": r["location_country"],
                "negated": bool(r["negated"]),
                "hypothetical": bool(r["hypothetical"]),
                "reported": bool(r["reported"]),
                "historical": bool(r["historical"]),
                "confidence": r["confidence"],
                "score": r["score"],
                "text_info": {
                    "sentence": body[r["sentence_start"] : r["sentence_end"]],
                    "start": r["sentence_start"],
                    "end": r["sentence_end"],
                },
                "trigger": {"start": r["trigger_start"], "end": r["trigger_end"]},
                "cite_info": {
                    "title": doc.get("title"),
                    "author": doc.get("author"),
                    "published": doc.get("published"),
                    "source": doc.get("source"),
                },
            }
        )
    return records


def _doc_info(conn: sqlite3.Connection, doc_ids: set[str]) -> dict[str, dict]:
    info: dict[str, dict] = {}
    ids = sorted(doc_ids)
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        marks = ",".join("?" * len(chunk))
        for d in conn.execute(
            f"select d.id, d.title, d.authors, d.published, d.source, d.body, sm.story_id "
            f"from documents d left join story_members sm on sm.doc_id = d.id "
            f"where d.id in ({marks})",
            chunk,
        ):
            authors = json.loads(d["authors"] or "[]")
            info[d["id"]] = {
                "title": d["title"],
                "author": ", ".join(authors) or None,
                "published": d["published"],
                "source": d["source"],
                "body": d["body"],
                "story_id": d["story_id"] or d["id"],
            }
    return info
