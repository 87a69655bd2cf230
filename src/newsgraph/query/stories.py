"""Stories (copies of one article) and the copy relations between documents.

A relation says b is an exact, near, contained, rewritten or translated copy of a,
with the sentence pairs that align and the sentences found on one side only. The
side-by-side view reads them as rows, in the order of document a.
"""

from __future__ import annotations

import json
import sqlite3

from newsgraph import errors
from newsgraph.errors import NotFoundError
from newsgraph.query.common import resolve_document
from newsgraph.query.params import PageParams

_DOC_CARD = "id, title, published, source, language, words"


def stories(conn: sqlite3.Connection, p: PageParams, min_members: int = 2) -> dict:
    """Stories with at least `min_members` copies, biggest first, with their members."""
    total = conn.execute(
        "select count(*) from (select story_id from story_members group by story_id "
        "having count(*) >= ?)",
        (min_members,),
    ).fetchone()[0]
    rows = conn.execute(
        "select s.id, s.canonical, s.rule, count(*) n from stories s "
        "join story_members m on m.story_id = s.id group by s.id having n >= ? "
        "order by n desc, s.id limit ? offset ?",
        (min_members, p.limit, p.offset),
    ).fetchall()
    items = []
    for r in rows:
        members = [
            dict(m)
            for m in conn.execute(
                f"select {', '.join('d.' + c.strip() for c in _DOC_CARD.split(','))} "
                "from story_members m join documents d on d.id = m.doc_id where m.story_id = ? "
                "order by d.id = ? desc, d.seq",
                (r["id"], r["canonical"]),
            )
        ]
        items.append(
            {
                "id": r["id"],
                "canonical": r["canonical"],
                "rule": r["rule"],
                "size": r["n"],
                "members": members,
            }
        )
    return {"total": total, "limit": p.limit, "offset": p.offset, "items": items}


def relations(
    conn: sqlite3.Connection, p: PageParams, kind: str | None = None, doc: str | None = None
) -> dict:
    """Copy relations, strongest first; optionally of one kind or touching one document."""
    where, args = "", []
    if kind:
        where += " and r.kind = ?"
        args.append(kind)
    if doc:
        doc_id = resolve_document(conn, doc)
        where += " and (r.a = ? or r.b = ?)"
        args += [doc_id, doc_id]
    total = conn.execute(f"select count(*) from relations r where 1=1{where}", args).fetchone()[0]
    rows = conn.execute(
        "select r.a, r.b, r.kind, r.score, da.title a_title, db.title b_title, "
        "da.published a_published, db.published b_published, da.source a_source, "
        "db.source b_source from relations r join documents da on da.id = r.a "
        f"join documents db on db.id = r.b where 1=1{where} "
        "order by r.score desc, r.a, r.b limit ? offset ?",
        [*args, p.limit, p.offset],
    ).fetchall()
    return {"total": total, "limit": p.limit, "offset": p.offset, "items": [dict(r) for r in rows]}


def relation(conn: sqlite3.Connection, a: str, b: str) -> dict:
    """Two copies side by side: their cards, the relation, and passage rows
    {a, b, similarity, side} where side is 'both', 'a' or 'b'."""
    a_id, b_id = resolve_document(conn, a), resolve_document(conn, b)
    row = conn.execute("select * from relations where a = ? and b = ?", (a_id, b_id)).fetchone()
    swapped = False
    if row is None:
        row = conn.execute("select * from relations where a = ? and b = ?", (b_id, a_id)).fetchone()
        swapped = True
    if row is None:
        raise NotFoundError(errors.UNKNOWN_RELATION.format(a=a_id, b=b_id), source="relation")
    docs = {
        d["id"]: dict(d)
        for d in conn.execute(
            f"select {_DOC_CARD}, body from documents where id in (?, ?)", (row["a"], row["b"])
        )
    }
    body_a, body_b = docs[row["a"]]["body"], docs[row["b"]]["body"]
    passages = _passages(
        body_a,
        body_b,
        json.loads(row["aligned"]),
        json.loads(row["a_only"]),
        json.loads(row["b_only"]),
    )
    if swapped:
        passages = [
            {
                "a": p["b"],
                "b": p["a"],
                "similarity": p["similarity"],
                "side": {"a": "b", "b": "a"}.get(p["side"], p["side"]),
            }
            for p in passages
        ]
    first, second = (row["b"], row["a"]) if swapped else (row["a"], row["b"])
    card = {k: v for k, v in docs[first].items() if k != "body"}
    card_b = {k: v for k, v in docs[second].items() if k != "body"}
    return {
        "kind": row["kind"],
        "score": row["score"],
        "direction": "b-in-a" if not swapped else "a-in-b",
        "a": card,
        "b": card_b,
        "aligned": sum(1 for p in passages if p["side"] == "both"),
        "a_only": sum(1 for p in passages if p["side"] == "a"),
        "b_only": sum(1 for p in passages if p["side"] == "b"),
        "passages": passages,
    }


def _passages(body_a: str, body_b: str, aligned: list, a_only: list, b_only: list) -> list[dict]:
    """Rows in the order of document a; sentences only b has come after the aligned
    pair that precedes them in b."""
    keyed: list[tuple[tuple, dict]] = []
    pairs = sorted(aligned, key=lambda x: (x[0], x[2]))
    for a_start, a_end, b_start, b_end, *sim in pairs:
        keyed.append(
            (
                (a_start, 0, b_start),
                {
                    "a": body_a[a_start:a_end],
                    "b": body_b[b_start:b_end],
                    "similarity": round(float(sim[0]), 3) if sim else None,
                    "side": "both",
                },
            )
        )
    for a_start, a_end in a_only:
        keyed.append(
            (
                (a_start, 0, -1),
                {"a": body_a[a_start:a_end], "b": None, "similarity": None, "side": "a"},
            )
        )
    for b_start, b_end in b_only:
        before = [x for x in pairs if x[2] < b_start]
        anchor = max(before, key=lambda x: x[2])[0] if before else -1
        keyed.append(
            (
                (anchor, 1, b_start),
                {"a": None, "b": body_b[b_start:b_end], "similarity": None, "side": "b"},
            )
        )
    keyed.sort(key=lambda k: k[0])
    return [row for _, row in keyed]
