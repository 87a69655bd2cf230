"""Write what `newsgraph.analyse` produced for a document: sentences, mentions,
actors the text introduced, events with their actors, and quotes."""

from __future__ import annotations

import json
import sqlite3

from newsgraph.model import Analysis


def load_user_actors(conn: sqlite3.Connection) -> list[object]:
    """Actor decisions stored by users (merges, splits) for the knowledge base.

    Also brings the store's copy of the shipped knowledge base (decisions applied) up
    to date, so that the actor tables name every actor the mentions point at."""
    from newsgraph.actors import KnowledgeBase
    from newsgraph.store import actors as store_actors

    overrides = store_actors.load_overrides(conn)
    store_actors.sync_knowledge_base(conn, KnowledgeBase.load(extra=overrides))
    return list(overrides)


def clear_analysis(conn: sqlite3.Connection, doc_id: str) -> None:
    conn.execute("delete from sentences where doc_id=?", (doc_id,))
    conn.execute("delete from mentions where doc_id=?", (doc_id,))
    conn.execute("delete from quotes where doc_id=?", (doc_id,))
    conn.execute(
        "delete from event_actors where event_id in (select id from events where doc_id=?)",
        (doc_id,),
    )
    conn.execute("delete from events where doc_id=?", (doc_id,))


def save_analysis(conn: sqlite3.Connection, a: Analysis) -> None:
    """Replace whatever an earlier run stored for the document (idempotent)."""
    clear_analysis(conn, a.doc_id)
    conn.executemany(
        "insert into sentences(doc_id, ord, start, end) values (?,?,?,?)",
        [(a.doc_id, i, s, e) for i, (s, e) in enumerate(a.sentences)],
    )
    for actor in a.actors:
        conn.execute(
            "insert or ignore into actors(id, name, kind, country, sector, wikidata, description, origin) "
            "values (?,?,?,?,?,?,?,'text')",
            (
                actor.id,
                actor.name,
                actor.kind,
                actor.country,
                actor.sector,
                actor.wikidata,
                actor.description,
            ),
        )
        conn.executemany(
            "insert or ignore into actor_aliases(actor_id, alias) values (?,?)",
            [(actor.id, alias) for alias in actor.aliases],
        )
    conn.executemany(
        "insert or replace into mentions(doc_id, start, end, text, label, actor_id, rule, score, "
        "country, sector) values (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                m.doc_id,
                m.start,
                m.end,
                m.text,
                m.label,
                m.actor_id,
                m.rule,
                m.score,
                m.country,
                m.sector,
            )
            for m in a.mentions
        ],
    )
    for e in a.events:
        conn.execute(
            "insert or replace into events(id, doc_id, story_key, type, mode, quad_class, "
            "sentence_start, sentence_end, trigger_start, trigger_end, date, date_end, date_precision, "
            "date_text, location, location_country, negated, hypothetical, reported, historical, "
            "confidence, score, pattern) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                e.id,
                e.doc_id,
                story_key(e),
                e.type,
                e.mode,
                e.quad_class,
                e.sentence_start,
                e.sentence_end,
                e.trigger_start,
                e.trigger_end,
                e.date,
                e.date_end,
                e.date_precision,
                e.date_text,
                e.location,
                e.location_country,
                int(e.negated),
                int(e.hypothetical),
                int(e.reported),
                int(e.historical),
                e.confidence,
                e.score,
                e.pattern,
            ),
        )
        conn.executemany(
            "insert or replace into event_actors(event_id, role, ord, actor_id) values (?,?,?,?)",
            [(e.id, "source", i, x) for i, x in enumerate(e.sources)]
            + [(e.id, "target", i, x) for i, x in enumerate(e.targets)],
        )
    conn.executemany(
        "insert or replace into quotes(id, doc_id, speaker, speaker_text, text, start, end, kind, cue, "
        "event_ids) values (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                q.id,
                q.doc_id,
                q.speaker,
                q.speaker_text,
                q.text,
                q.start,
                q.end,
                q.kind,
                q.cue,
                json.dumps(list(q.event_ids)),
            )
            for q in a.quotes
        ],
    )


def story_key(e) -> str:
    """Events of copies of one story that agree on these count once (joined with
    story_members by the query layer)."""
    return "|".join(
        [
            e.type,
            e.mode or "",
            ",".join(sorted(e.sources)),
            ",".join(sorted(e.targets)),
            e.date or "",
            "N" if e.negated else "",
            "H" if e.hypothetical else "",
        ]
    )
