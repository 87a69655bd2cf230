"""The timeline: events in the order they happened, with the sentence that says so.

Ordered by event date (not publication date); undated events come last. Within a
date, by story key, document and position, so the order is stable and the copies
of one event (the same story key in copies of one article) sit together: a page
shows such an event once, from the story's canonical copy when it is on the page,
with the other reports listed in `copies`.
"""

from __future__ import annotations

import sqlite3

from newsgraph.query.common import check_type, resolve_actor, resolve_document
from newsgraph.query.params import TimelineParams
from newsgraph.query.records import EVENT_COLUMNS, build_records


def _where(conn: sqlite3.Connection, p: TimelineParams) -> tuple[str, list[object], dict]:
    """The WHERE clause and its arguments, plus the resolved filters to echo back."""
    where, args = p.window.sql("e")
    echo: dict[str, object] = {}
    if p.actor:
        actor_id = resolve_actor(conn, p.actor)
        echo["actor"] = actor_id
        if p.other:
            other_id = resolve_actor(conn, p.other)
            echo["other"] = other_id
            # either direction between the pair
            where += (
                " and e.id in (select a1.event_id from event_actors a1 join event_actors a2 "
                "on a2.event_id = a1.event_id and a2.role != a1.role "
                "where a1.actor_id = ? and a2.actor_id = ?)"
            )
            args += [actor_id, other_id]
        else:
            where += " and e.id in (select event_id from event_actors where actor_id = ?)"
            args.append(actor_id)
    event_type = check_type(p.type)
    if event_type:
        echo["type"] = event_type
        where += " and e.type = ?"
        args.append(event_type)
    if p.doc:
        doc_id = resolve_document(conn, p.doc)
        echo["doc"] = doc_id
        where += " and e.doc_id = ?"
        args.append(doc_id)
    return where, args, echo


def timeline(conn: sqlite3.Connection, p: TimelineParams) -> dict:
    """A page of event records: {total, limit, offset, filters, items}."""
    where, args, echo = _where(conn, p)
    total = conn.execute(f"select count(*) from events e where 1=1{where}", args).fetchone()[0]
    rows = conn.execute(
        f"select {EVENT_COLUMNS} from events e where 1=1{where} "
        "order by e.date is null, e.date, e.story_key, e.doc_id, e.sentence_start, e.id "
        "limit ? offset ?",
        [*args, p.limit, p.offset],
    ).fetchall()
    return {
        "total": total,
        "limit": p.limit,
        "offset": p.offset,
        "filters": echo,
        "items": collapse_copies(conn, rows, build_records(conn, rows)),
    }


def collapse_copies(
    conn: sqlite3.Connection, rows: list[sqlite3.Row], records: list[dict]
) -> list[dict]:
    """One record per (story, story key) on the page; the others become its `copies`."""
    story_ids = sorted({r["story_id"] for r in records if r["story_id"]})
    marks = ",".join("?" * len(story_ids))
    canonical = {
        c[0]
        for c in conn.execute(f"select canonical from stories where id in ({marks})", story_ids)
    }
    groups: dict[tuple, list[dict]] = {}
    for row, record in zip(rows, records, strict=True):
        key = (record["story_id"], row["story_key"] or record["id"])
        groups.setdefault(key, []).append(record)
    kept = []
    for group in groups.values():
        best = min(group, key=lambda r: (r["doc_id"] not in canonical, group.index(r)))
        best["copies"] = [
            {"id": r["id"], "doc_id": r["doc_id"], "title": r["cite_info"]["title"]}
            for r in group
            if r is not best
        ]
        kept.append(best)
    order = {id(r): i for i, r in enumerate(records)}
    return sorted(kept, key=lambda r: order[id(r)])
