"""Full-text search over titles and bodies (SQLite FTS5), with facets.

The user's words are matched as plain terms (all must occur) and "quoted phrases";
FTS5 operators in the input are treated as words, so no input can break the query.
Facets count matching documents by actor, event type and publication year.
"""

from __future__ import annotations

import json
import re
import sqlite3

from newsgraph import errors
from newsgraph.errors import QueryError
from newsgraph.query.common import actor_cards, check_type, resolve_actor
from newsgraph.query.params import SearchParams

# Snippet markers: control characters no article body keeps, split by the views.
MARK_START = "\x02"
MARK_END = "\x03"
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """The FTS5 MATCH expression for what a user typed.

    >>> fts_query('taliban "islamic state" OR-k')
    '"taliban" "islamic state" "OR" "k"'
    """
    terms: list[str] = []
    for phrase, word in _TERM.findall(text):
        words = _WORD.findall(phrase if phrase else word)
        if not words:
            continue
        if phrase:
            terms.append('"' + " ".join(words) + '"')
        else:
            terms.extend('"' + w + '"' for w in words)
    if not terms:
        raise QueryError(errors.BAD_SEARCH.format(detail="no words in it"), source="q")
    return " ".join(terms)


def _filters(conn: sqlite3.Connection, p: SearchParams) -> tuple[str, list[object], dict]:
    where = ""
    args: list[object] = []
    echo: dict[str, object] = {}
    if p.actor:
        actor_id = resolve_actor(conn, p.actor)
        echo["actor"] = actor_id
        where += (
            " and (d.id in (select doc_id from mentions where actor_id = ?) or d.id in "
            "(select e.doc_id from events e join event_actors ea on ea.event_id = e.id "
            "where ea.actor_id = ?))"
        )
        args += [actor_id, actor_id]
    event_type = check_type(p.type)
    if event_type:
        echo["type"] = event_type
        where += " and d.id in (select doc_id from events where type = ?)"
        args.append(event_type)
    if p.since:
        where += " and d.published >= ?"
        args.append(p.since)
    if p.until:
        where += " and d.published <= ?"
        args.append(p.until + "~")
    return where, args, echo


FACET_DOCS = 5000  # facets count over the best-ranked hits, so a common word stays quick


def search(conn: sqlite3.Connection, p: SearchParams, facet_size: int = 12) -> dict:
    """A page of hits {id, title, published, source, language, snippet} ranked by BM25,
    the total, and facets {actors, types, years} over the best FACET_DOCS hits."""
    match = fts_query(p.query)
    where, args, echo = _filters(conn, p)
    try:
        # one pass finds every hit in rank order; the page and the facets reuse it
        ranked = [
            r[0]
            for r in conn.execute(
                "select d.rowid from documents_fts f join documents d on d.rowid = f.rowid "
                f"where documents_fts match ?{where} order by f.rank, d.seq",
                [match, *args],
            )
        ]
        page = ranked[p.offset : p.offset + p.limit]
        marks = ",".join("?" * len(page))
        rows = conn.execute(
            "select d.id, d.title, d.published, d.source, d.language, "
            f"snippet(documents_fts, 1, '{MARK_START}', '{MARK_END}', ' … ', 28) snippet "
            "from documents_fts f join documents d on d.rowid = f.rowid "
            f"where documents_fts match ? and f.rowid in ({marks}) order by f.rank, d.seq",
            [match, *page],
        ).fetchall()
    except sqlite3.OperationalError as exc:  # a term FTS5 still refuses
        raise QueryError(errors.BAD_SEARCH.format(detail=str(exc)), source="q") from exc
    return {
        "query": p.query,
        "total": len(ranked),
        "limit": p.limit,
        "offset": p.offset,
        "filters": echo,
        "items": [dict(r) for r in rows],
        "facets": _facets(conn, ranked[:FACET_DOCS], facet_size),
        "facets_over": min(len(ranked), FACET_DOCS),
    }


def _facets(conn: sqlite3.Connection, rowids: list[int], size: int) -> dict:
    hits = (
        "with hits as (select d.id from documents d where d.rowid in "
        "(select value from json_each(?))) "
    )
    args = [json.dumps(rowids)]
    actor_rows = conn.execute(
        hits + "select m.actor_id, count(distinct m.doc_id) n from mentions m "
        "where m.doc_id in (select id from hits) and m.actor_id is not null "
        "group by m.actor_id order by n desc, m.actor_id limit ?",
        [*args, size],
    ).fetchall()
    cards = actor_cards(conn, [r[0] for r in actor_rows])
    types = conn.execute(
        hits + "select e.type, count(distinct e.doc_id) n from events e "
        "where e.doc_id in (select id from hits) group by e.type order by n desc, e.type",
        args,
    ).fetchall()
    years = conn.execute(
        hits + "select substr(d.published, 1, 4) y, count(*) n from documents d "
        "where d.id in (select id from hits) and d.published is not null group by y order by y",
        args,
    ).fetchall()
    return {
        "actors": [{"id": r[0], "name": cards[r[0]]["name"], "count": r[1]} for r in actor_rows],
        "types": [{"type": r[0], "count": r[1]} for r in types],
        "years": [{"year": r[0], "count": r[1]} for r in years],
    }
