"""Stored events read back: lists, timelines and export records, counted once per story.

Copies of one article (a story, from the copy finder's `story_members` table) state the
same events; events of one story that agree on type, mode, actors, date and flags
(`events.story_key`) are one event here, shown from the story's canonical copy when it
has it, with `copies` and `doc_ids` naming every copy that states it. A document in no
story is its own story.

Lists and timelines show, by default, only events of confidence at least
`DEFAULT_MIN_CONFIDENCE` (0.4): below it are events without any actor and events whose
actors were found only through weak cues (a pronoun, a guessed country) in a loose
sense; they stay stored, exports keep them, and ``min_confidence=0`` shows them.

Dates compare as periods: ``since="2021"`` keeps an event of "2021-03" and one of
"2020"-"2022"; events without a date are left out when `since` or `until` is given.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from newsgraph import errors
from newsgraph.errors import QueryError

_DATE_RX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# events below this confidence are stored but left out of default lists and timelines
DEFAULT_MIN_CONFIDENCE = 0.4


def _start_key(col: str) -> str:
    return (
        f"(case length({col}) when 4 then {col}||'-01-01' when 7 then {col}||'-01' else {col} end)"
    )


def _end_key(col: str) -> str:
    return (
        f"(case length({col}) when 4 then {col}||'-12-31' when 7 then {col}||'-31' else {col} end)"
    )


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not _DATE_RX.fullmatch(value):
        raise QueryError(errors.BAD_QUERY_DATE.format(value=value))
    return value


def _check_confidence(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise QueryError(errors.BAD_MIN_CONFIDENCE.format(value=value))
    return value


def _bounds(value: str, end: bool) -> str:
    if len(value) == 4:
        return value + ("-12-31" if end else "-01-01")
    if len(value) == 7:
        return value + ("-31" if end else "-01")
    return value


@dataclass(frozen=True)
class EventFilter:
    """What `list_events`, `timeline` and `iter_event_records` select."""

    actor: str | None = None  # actor id, name, alias or mention text (case-insensitive)
    type: str | None = None  # PLOVER type, e.g. ASSAULT
    since: str | None = None  # YYYY | YYYY-MM | YYYY-MM-DD
    until: str | None = None
    include_hypothetical: bool = False
    include_negated: bool = False
    per_story: bool = True
    dated_only: bool = False
    min_confidence: float = 0.0


def _where(f: EventFilter) -> tuple[str, list]:
    clauses, params = [], []
    if f.actor:
        like = f.actor.strip()
        clauses.append(
            "e.id in (select event_id from event_actors where actor_id = ? collate nocase "
            "or actor_id in (select id from actors where name like ?) "
            "or actor_id in (select actor_id from actor_aliases where alias like ?) "
            "or actor_id in (select actor_id from mentions where text like ?))"
        )
        params += [like, like, like, like]
    if f.type:
        clauses.append("e.type = ?")
        params.append(f.type.strip().upper())
    since, until = _check_date(f.since), _check_date(f.until)
    if since:
        clauses.append(f"e.date is not null and {_end_key('coalesce(e.date_end, e.date)')} >= ?")
        params.append(_bounds(since, end=False))
    if until:
        clauses.append(f"e.date is not null and {_start_key('e.date')} <= ?")
        params.append(_bounds(until, end=True))
    if not f.include_hypothetical:
        clauses.append("e.hypothetical = 0")
    if not f.include_negated:
        clauses.append("e.negated = 0")
    if f.dated_only:
        clauses.append("e.date is not null")
    if f.min_confidence > 0:
        clauses.append("e.confidence >= ?")
        params.append(_check_confidence(f.min_confidence))
    return (" where " + " and ".join(clauses)) if clauses else "", params


def _select(
    conn: sqlite3.Connection, f: EventFilter, order: str, limit: int | None, offset: int
) -> list[sqlite3.Row]:
    where, params = _where(f)
    group = "story, e.story_key" if f.per_story else "e.id"
    sql = f"""
        with ev as (
            select e.*, coalesce(sm.story_id, 'doc:' || e.doc_id) as story, d.seq as seq,
                   case when s.canonical = e.doc_id then 0 else 1 end as canon
            from events e
            join documents d on d.id = e.doc_id
            left join story_members sm on sm.doc_id = e.doc_id
            left join stories s on s.id = sm.story_id
            {where}
        ), ranked as (
            select ev.*,
                   row_number() over (partition by {group.replace("e.", "ev.")} order by canon, seq, trigger_start) as rn,
                   count(*) over (partition by {group.replace("e.", "ev.")}) as copies,
                   group_concat(doc_id, ' ') over (partition by {group.replace("e.", "ev.")}) as doc_ids
            from ev
        )
        select * from ranked where rn = 1 order by {order}
        limit ? offset ?"""
    return conn.execute(sql, [*params, -1 if limit is None else limit, offset]).fetchall()


def _actor_info(conn: sqlite3.Connection, cache: dict, actor_id: str) -> dict:
    if actor_id in cache:
        return cache[actor_id]
    row = conn.execute(
        "select id, name, country, sector, wikidata from actors where id = ?", (actor_id,)
    ).fetchone()
    if row is not None:
        info = {
            "id": row[0],
            "name": row[1],
            "country": row[2],
            "sector": row[3],
            "wikidata": row[4],
        }
    else:
        m = conn.execute(
            "select text, country, sector from mentions where actor_id = ? "
            "order by length(text) desc limit 1",
            (actor_id,),
        ).fetchone()
        info = {
            "id": actor_id,
            "name": m[0] if m else actor_id,
            "country": m[1] if m else None,
            "sector": m[2] if m else None,
            "wikidata": None,
        }
    cache[actor_id] = info
    return info


def _record(conn: sqlite3.Connection, row: sqlite3.Row, cache: dict, docs: dict) -> dict:
    roles = {"source": [], "target": []}
    for role, actor_id in conn.execute(
        "select role, actor_id from event_actors where event_id = ? order by role, ord",
        (row["id"],),
    ):
        roles.setdefault(role, []).append(_actor_info(conn, cache, actor_id))
    doc = docs.get(row["doc_id"])
    if doc is None:
        d = conn.execute(
            "select title, authors, published, source, body, site from documents where id = ?",
            (row["doc_id"],),
        ).fetchone()
        doc = docs[row["doc_id"]] = dict(d)
    authors = json.loads(doc["authors"] or "[]")
    story = row["story"]
    return {
        "id": row["id"],
        "doc_id": row["doc_id"],
        "story_id": None if story.startswith("doc:") else story,
        "type": row["type"],
        "mode": row["mode"],
        "quad_class": row["quad_class"],
        "source": roles["source"][0] if roles["source"] else None,
        "target": roles["target"][0] if roles["target"] else None,
        "sources": roles["source"],
        "targets": roles["target"],
        "date": row["date"],
        "date_end": row["date_end"],
        "date_precision": row["date_precision"],
        "date_text": row["date_text"],
        "location": row["location"],
        "location_country": row["location_country"],
        "negated": bool(row["negated"]),
        "hypothetical": bool(row["hypothetical"]),
        "reported": bool(row["reported"]),
        "historical": bool(row["historical"]),
        "confidence": row["confidence"],
        "text_info": {
            "sentence": doc["body"][row["sentence_start"] : row["sentence_end"]],
            "start": row["sentence_start"],
            "end": row["sentence_end"],
        },
        "trigger": doc["body"][row["trigger_start"] : row["trigger_end"]],
        "cite_info": {
            "title": doc["title"],
            "author": ", ".join(authors) or None,
            "published": doc["published"],
            "source": doc["site"] or doc["source"],
        },
        "copies": row["copies"],
        "doc_ids": sorted(set(row["doc_ids"].split())),
    }


def list_events(
    conn: sqlite3.Connection,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002
    since: str | None = None,
    until: str | None = None,
    include_hypothetical: bool = False,
    include_negated: bool = False,
    per_story: bool = True,
    limit: int | None = 50,
    offset: int = 0,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> list[dict]:
    """Events as export records, newest documents first; factual events of at least
    `min_confidence` unless asked.

    Each record adds `copies` and `doc_ids` (the copies of the story that state it)."""
    chosen = (actor, type, since, until, include_hypothetical, include_negated, per_story)
    f = EventFilter(*chosen, min_confidence=min_confidence)
    return _records(conn, f, "seq desc, trigger_start", limit, offset)


def timeline(
    conn: sqlite3.Connection,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002
    since: str | None = None,
    until: str | None = None,
    include_hypothetical: bool = False,
    include_negated: bool = False,
    per_story: bool = True,
    limit: int | None = 200,
    offset: int = 0,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> list[dict]:
    """Dated events in the order they happened (by the start of their date), of at
    least `min_confidence`."""
    chosen = (actor, type, since, until, include_hypothetical, include_negated, per_story)
    f = EventFilter(*chosen, dated_only=True, min_confidence=min_confidence)
    return _records(conn, f, f"{_start_key('date')}, seq, trigger_start", limit, offset)


def _records(conn: sqlite3.Connection, f: EventFilter, order: str, limit, offset) -> list[dict]:
    """The export records of the events `f` selects, in `order`."""
    cache: dict = {}
    docs: dict = {}
    return [_record(conn, r, cache, docs) for r in _select(conn, f, order, limit, offset)]


def iter_event_records(
    conn: sqlite3.Connection,
    actor: str | None = None,
    type: str | None = None,
    since: str | None = None,  # noqa: A002
    until: str | None = None,
    include_hypothetical: bool = True,
    include_negated: bool = True,
    per_story: bool = False,
    batch: int = 1000,
    min_confidence: float = 0.0,
) -> Iterator[dict]:
    """Every selected event as an export record (DESIGN.md), in a stable order.

    Exports keep everything by default (hypothetical, negated, every copy, any
    confidence): the flags and the confidence are in the record, so a reader can filter."""
    chosen = (actor, type, since, until, include_hypothetical, include_negated, per_story)
    f = EventFilter(*chosen, min_confidence=min_confidence)
    cache: dict = {}
    offset = 0
    while True:
        rows = _select(conn, f, "seq, trigger_start, id", batch, offset)
        docs: dict = {}
        for r in rows:
            yield _record(conn, r, cache, docs)
        if len(rows) < batch:
            return
        offset += batch
