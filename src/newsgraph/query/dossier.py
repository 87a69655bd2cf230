"""The actor dossier: who an actor is and what the corpus says it did.

Aliases, roles over time, event counts by type and year (once per story), main
partners (cooperation) and adversaries (conflict), quotes, first and last seen.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from newsgraph.events.query import DEFAULT_MIN_CONFIDENCE
from newsgraph.query.common import (
    STORY_EVENT,
    STORY_JOIN,
    actor_cards,
    resolve_actor,
)
from newsgraph.query.graph import cached, counterparts
from newsgraph.query.params import Window


@dataclass(frozen=True)
class RoleIndex:
    """Distinct story-events per (actor, role, type, year, negated, hypothetical), counted
    in one pass over the store, so that a busy actor's dossier is a lookup."""

    rows: dict[str, list[tuple]]  # actor id -> [(role, type, year, negated, hypothetical, n)]
    seen: dict[str, tuple]  # actor id -> (first event date, last event date, dated events)
    mentioned: dict[str, tuple]  # actor id -> (mentions, documents, first and last published)

    @classmethod
    def build(cls, conn: sqlite3.Connection) -> RoleIndex:
        rows: dict[str, list[tuple]] = {}
        for r in conn.execute(
            f"select ea.actor_id, ea.role, e.type, substr(e.date, 1, 4), e.negated, e.hypothetical, "
            f"count(distinct {STORY_EVENT}) from event_actors ea join events e on e.id = ea.event_id "
            f"{STORY_JOIN} where e.confidence >= ? group by 1, 2, 3, 4, 5, 6",
            (DEFAULT_MIN_CONFIDENCE,),
        ):
            rows.setdefault(r[0], []).append(tuple(r[1:]))
        seen = {
            r[0]: tuple(r[1:])
            for r in conn.execute(
                "select ea.actor_id, min(e.date), max(e.date), count(distinct e.id) "
                "from event_actors ea join events e on e.id = ea.event_id "
                "where e.date is not null and e.confidence >= ? group by ea.actor_id",
                (DEFAULT_MIN_CONFIDENCE,),
            )
        }
        mentioned = {
            r[0]: tuple(r[1:])
            for r in conn.execute(
                "select m.actor_id, count(*), count(distinct m.doc_id), min(d.published), "
                "max(d.published) from mentions m join documents d on d.id = m.doc_id "
                "where m.actor_id is not null group by m.actor_id"
            )
        }
        return cls(rows, seen, mentioned)


def role_index(conn: sqlite3.Connection, path: Path | None) -> RoleIndex:
    """The whole-store RoleIndex, counted once per store state."""
    return cached(conn, path, "roles", RoleIndex.build)


def _counts_by_year(
    conn: sqlite3.Connection, actor_id: str, window: Window, path: Path | None
) -> list[dict]:
    """Counts by year, type and role; whole-year windows read the cached RoleIndex."""
    if window.min_confidence == DEFAULT_MIN_CONFIDENCE and all(
        d is None or len(d) == 4 for d in (window.since, window.until)
    ):
        found = role_index(conn, path).rows.get(actor_id, [])
        counts = [
            {"year": year, "type": etype, "role": role, "count": n}
            for role, etype, year, negated, hypothetical, n in found
            if (window.include_negated or not negated)
            and (window.include_hypothetical or not hypothetical)
            and (not window.since or (year or "") >= window.since)
            and (not window.until or (year is not None and year <= window.until))
        ]
        merged: dict[tuple, int] = {}
        for c in counts:  # negated and factual rows of one cell add up
            key = (c["year"], c["type"], c["role"])
            merged[key] = merged.get(key, 0) + c["count"]
        return [
            {"year": y, "type": t, "role": r, "count": n}
            for (y, t, r), n in sorted(merged.items(), key=lambda kv: (kv[0][0] or "", kv[0][1:]))
        ]
    where, args = window.sql("e")
    rows = conn.execute(
        f"select substr(e.date, 1, 4) year, e.type, ea.role, "
        f"count(distinct {STORY_EVENT}) n from event_actors ea join events e on e.id = ea.event_id "
        f"{STORY_JOIN} where ea.actor_id = ?{where} group by year, e.type, ea.role "
        f"order by coalesce(year, ''), e.type, ea.role",
        [actor_id, *args],
    ).fetchall()
    return [
        {"year": r["year"], "type": r["type"], "role": r["role"], "count": r["n"]} for r in rows
    ]


def _counterparts(
    conn: sqlite3.Connection, actor_id: str, window: Window, top: int, path: Path | None
) -> dict:
    """Actors on the other side of this actor's events, by quad sign."""
    coop, conflict = counterparts(conn, actor_id, window, path)
    cards = actor_cards(conn, set(coop) | set(conflict))

    def ranked(counts: dict[str, int]) -> list[dict]:
        best = sorted(counts, key=lambda a: (-counts[a], cards[a]["name"], a))[:top]
        return [{**cards[a], "count": counts[a]} for a in best]

    return {"partners": ranked(coop), "adversaries": ranked(conflict)}


def dossier(
    conn: sqlite3.Connection,
    name: str,
    window: Window | None = None,
    top: int = 10,
    quotes: int = 20,
    path: Path | None = None,
) -> dict:
    """Everything the corpus holds on the actor `name` (an id, a name or an alias)."""
    window = window or Window()
    actor_id = resolve_actor(conn, name)
    card = actor_cards(conn, [actor_id])[actor_id]
    row = conn.execute(
        "select description, origin from actors where id = ?", (actor_id,)
    ).fetchone()
    aliases = [
        r[0]
        for r in conn.execute(
            "select alias from actor_aliases where actor_id = ? order by alias collate nocase",
            (actor_id,),
        )
    ]
    roles = [
        dict(r)
        for r in conn.execute(
            "select title, country, sector, start, end from actor_roles where actor_id = ? "
            "order by start is null, start, title",
            (actor_id,),
        )
    ]
    index = role_index(conn, path)
    seen = index.seen.get(actor_id, (None, None, 0))
    mentioned = index.mentioned.get(actor_id, (0, 0, None, None))
    quote_rows = conn.execute(
        "select q.id, q.doc_id, q.speaker_text, q.text, q.start, q.end, q.kind, d.title, d.published "
        "from quotes q join documents d on d.id = q.doc_id where q.speaker = ? "
        "order by d.published is null, d.published, d.seq, q.start limit ?",
        (actor_id, quotes),
    ).fetchall()
    quote_total = conn.execute(
        "select count(*) from quotes where speaker = ?", (actor_id,)
    ).fetchone()[0]
    return {
        "actor": {
            **card,
            "description": row["description"] if row else "",
            "origin": row["origin"] if row else "text",
        },
        "aliases": aliases,
        "roles": roles,
        "first_seen": seen[0],
        "last_seen": seen[1],
        "dated_events": seen[2],
        "mentions": mentioned[0],
        "documents": mentioned[1],
        "first_published": mentioned[2],
        "last_published": mentioned[3],
        "counts": _counts_by_year(conn, actor_id, window, path),
        **_counterparts(conn, actor_id, window, top, path),
        "quotes": [dict(q) for q in quote_rows],
        "quotes_total": quote_total,
    }
