"""Actors in the store: the knowledge base copied into `actors`, `actor_aliases` and
`actor_roles`, and user decisions (merge, split) in `actor_overrides`.

A decision is applied twice, so it survives every re-build: at once to what is stored
(mentions, event actors, quotes, actor rows), and at resolution time, because the
pipeline hands the decisions to `KnowledgeBase.load(extra=...)` before it analyses.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from newsgraph.actors.kb import KnowledgeBase, Override, normalise, split_actor_id
from newsgraph.store.db import now, transaction

KB_HASH_KEY = "actors_kb_hash"


def load_overrides(conn: sqlite3.Connection) -> list[Override]:
    """User decisions in the order they were taken."""
    return [
        Override(r["action"], r["actor_id"], r["other"])
        for r in conn.execute("select action, actor_id, other from actor_overrides order by id")
    ]


def sync_knowledge_base(
    conn: sqlite3.Connection, kb: KnowledgeBase, *, force: bool = False
) -> bool:
    """Copy the knowledge base (user decisions applied) into the actor tables when it
    changed since the last copy. Returns True when it wrote."""
    fingerprint = _fingerprint(kb)
    row = conn.execute("select value from meta where key=?", (KB_HASH_KEY,)).fetchone()
    if row is not None and row[0] == fingerprint and not force:
        return False
    with transaction(conn):
        conn.execute("delete from actors where origin in ('kb', 'user')")
        for actor in kb.actors():
            origin = kb.origin.get(actor.id, "kb")
            conn.execute(
                "insert into actors(id, name, kind, country, sector, wikidata, description, origin) "
                "values (?,?,?,?,?,?,?,?) on conflict(id) do update set name=excluded.name, "
                "kind=excluded.kind, country=excluded.country, sector=excluded.sector, "
                "wikidata=excluded.wikidata, description=excluded.description, origin=excluded.origin",
                (*_columns(actor), actor.description, origin),
            )
            conn.execute("delete from actor_aliases where actor_id=?", (actor.id,))
            conn.execute("delete from actor_roles where actor_id=?", (actor.id,))
            conn.executemany(
                "insert or ignore into actor_aliases(actor_id, alias) values (?,?)",
                [(actor.id, a) for a in actor.aliases],
            )
            conn.executemany(
                "insert into actor_roles(actor_id, title, country, sector, start, end) "
                "values (?,?,?,?,?,?)",
                [(actor.id, r.title, r.country, r.sector, r.start, r.end) for r in actor.roles],
            )
        for ov in load_overrides(conn):
            _apply_to_rows(conn, ov)
        conn.execute(
            "insert into meta(key, value) values (?,?) on conflict(key) do update set value=excluded.value",
            (KB_HASH_KEY, fingerprint),
        )
    return True


def _fingerprint(kb: KnowledgeBase) -> str:
    digest = hashlib.sha256()
    for actor in kb.actors():
        digest.update(
            json.dumps(
                [
                    *_columns(actor),
                    list(actor.aliases),
                    [list(r.__dict__.values()) for r in actor.roles],
                ],
                ensure_ascii=False,
            ).encode()
        )
    return digest.hexdigest()


def _columns(actor) -> tuple:
    return (actor.id, actor.name, actor.kind, actor.country, actor.sector, actor.wikidata)


def record_override(conn: sqlite3.Connection, action: str, actor_id: str, other: str) -> Override:
    """Store a merge (fold actor `other` into `actor_id`) or a split (take alias `other`
    away from `actor_id`) and apply it to what is stored now."""
    if action not in ("merge", "split"):
        raise ValueError(f"unknown override action {action!r}")
    ov = Override(action, actor_id, other)
    with transaction(conn):
        conn.execute(
            "insert into actor_overrides(action, actor_id, other, at) values (?,?,?,?)",
            (action, actor_id, other, now()),
        )
        _apply_to_rows(conn, ov)
        # The copy of the knowledge base no longer matches: copy again on the next build.
        conn.execute("delete from meta where key=?", (KB_HASH_KEY,))
    return ov


def _apply_to_rows(conn: sqlite3.Connection, ov: Override) -> None:
    if ov.action == "merge":
        keep, gone = ov.actor_id, ov.other
        if keep == gone:
            return
        conn.execute("update mentions set actor_id=? where actor_id=?", (keep, gone))
        conn.execute("update event_actors set actor_id=? where actor_id=?", (keep, gone))
        conn.execute("update quotes set speaker=? where speaker=?", (keep, gone))
        conn.execute(
            "insert or ignore into actor_aliases(actor_id, alias) "
            "select ?, alias from actor_aliases where actor_id=?",
            (keep, gone),
        )
        name = conn.execute("select name from actors where id=?", (gone,)).fetchone()
        if name is not None:
            conn.execute(
                "insert or ignore into actor_aliases(actor_id, alias) values (?,?)", (keep, name[0])
            )
        conn.execute("delete from actors where id=?", (gone,))
        return
    owner, alias = ov.actor_id, ov.other
    new_id = split_actor_id(alias)
    kind = conn.execute("select kind from actors where id=?", (owner,)).fetchone()
    conn.execute(
        "insert or ignore into actors(id, name, kind, description, origin) values (?,?,?,?, 'user')",
        (new_id, alias, kind[0] if kind else "other", f"split from {owner} by a user"),
    )
    conn.execute(
        "insert or ignore into actor_aliases(actor_id, alias) values (?,?)", (new_id, alias)
    )
    key = normalise(alias)
    for (stored_alias,) in conn.execute(
        "select alias from actor_aliases where actor_id=?", (owner,)
    ).fetchall():
        if normalise(stored_alias) == key:
            conn.execute(
                "delete from actor_aliases where actor_id=? and alias=?", (owner, stored_alias)
            )
    rows = conn.execute(
        "select doc_id, start, end, text from mentions where actor_id=?", (owner,)
    ).fetchall()
    for r in rows:
        if normalise(_name_of(r["text"])) == key:
            conn.execute(
                "update mentions set actor_id=?, country=null, sector=null "
                "where doc_id=? and start=? and end=?",
                (new_id, r["doc_id"], r["start"], r["end"]),
            )


def _name_of(text: str) -> str:
    from newsgraph.actors.resolve import _name_part

    return _name_part(text)


def find_actors(conn: sqlite3.Connection, name: str) -> list[sqlite3.Row]:
    """Actors whose id is `name`, else whose name or an alias is `name` (ignoring case,
    accents and dots), else that articles call `name`; those most mentioned first."""
    exact = conn.execute("select * from actors where id=?", (name,)).fetchall()
    if exact:
        return exact
    key = normalise(name)
    ids = {
        r["id"] for r in conn.execute("select id, name from actors") if normalise(r["name"]) == key
    }
    ids |= {
        r["actor_id"]
        for r in conn.execute("select actor_id, alias from actor_aliases")
        if normalise(r["alias"]) == key
    }
    if not ids:  # a form the articles use, e.g. a surname
        ids = {
            r["actor_id"]
            for r in conn.execute(
                "select distinct actor_id, text from mentions where actor_id is not null"
            )
            if normalise(_name_of(r["text"])) == key
        }
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.execute(
        f"select a.*, (select count(*) from mentions m where m.actor_id=a.id) n from actors a "
        f"where a.id in ({marks}) order by n desc, a.id",
        sorted(ids),
    ).fetchall()


def actor_mentions(conn: sqlite3.Connection, actor_id: str) -> list[dict]:
    """Every mention of an actor with the rule that joined it and its sentence."""
    out = []
    rows = conn.execute(
        "select m.*, d.title, d.body from mentions m join documents d on d.id = m.doc_id "
        "where m.actor_id=? order by d.seq, m.start",
        (actor_id,),
    ).fetchall()
    for r in rows:
        sent = conn.execute(
            "select start, end from sentences where doc_id=? and start<=? and end>=? limit 1",
            (r["doc_id"], r["start"], r["end"]),
        ).fetchone()
        s, e = (sent["start"], sent["end"]) if sent else (max(0, r["start"] - 120), r["end"] + 120)
        out.append(
            {
                "doc_id": r["doc_id"],
                "title": r["title"],
                "start": r["start"],
                "end": r["end"],
                "text": r["text"],
                "label": r["label"],
                "rule": r["rule"],
                "score": r["score"],
                "country": r["country"],
                "sector": r["sector"],
                "sentence": r["body"][s:e].strip(),
                "sentence_start": s,
            }
        )
    return out


def mentioned_actors(conn: sqlite3.Connection) -> list[dict]:
    """Actors the corpus mentions, most mentioned first, with their aliases as written."""
    rows = conn.execute(
        "select m.actor_id id, count(*) n, group_concat(distinct m.rule) rules, "
        "a.name, a.kind, a.country, a.sector, a.wikidata from mentions m "
        "left join actors a on a.id = m.actor_id where m.actor_id is not null "
        "group by m.actor_id order by n desc, m.actor_id"
    ).fetchall()
    out = []
    for r in rows:
        written = [
            t
            for (t,) in conn.execute(
                "select distinct text from mentions where actor_id=? order by text", (r["id"],)
            )
        ]
        out.append(
            {
                "id": r["id"],
                "name": r["name"] or r["id"],
                "kind": r["kind"],
                "country": r["country"],
                "sector": r["sector"],
                "wikidata": r["wikidata"],
                "mentions": r["n"],
                "rules": sorted((r["rules"] or "").split(",")),
                "written": written,
            }
        )
    return out
