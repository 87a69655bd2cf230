"""Query layer: one set of read-only queries used by the CLI, the HTTP API and the web UI.

    >>> corpus = Corpus("newsgraph.db")                                  # doctest: +SKIP
    >>> g = corpus.graph(GraphParams(window=Window(since="2016", until="2024")))  # doctest: +SKIP
    >>> corpus.dossier("ISIS-K")["partners"]                              # doctest: +SKIP

Each view lives in its own module (graph, timeline, dossier, search, stories) as a
function over a `sqlite3.Connection` and a parameter dataclass from `params`;
`Corpus` binds them to one store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from newsgraph.model import Document
from newsgraph.query import dossier as dossier_q
from newsgraph.query import graph as graph_q
from newsgraph.query import search as search_q
from newsgraph.query import stories as stories_q
from newsgraph.query import timeline as timeline_q
from newsgraph.query.common import actor_cards, event_types, quad_table, resolve_document
from newsgraph.query.params import GraphParams, PageParams, SearchParams, TimelineParams, Window
from newsgraph.query.records import EVENT_COLUMNS, build_records
from newsgraph.store import db as store_db
from newsgraph.store import documents as store_docs

__all__ = ["Corpus", "GraphParams", "PageParams", "SearchParams", "TimelineParams", "Window"]


class Corpus:
    """A read view over a newsgraph store.

    Opened read-only by default (SQLite ``mode=ro`` plus ``query_only``), so a query
    can never change the store; `writable=True` opens it for the few writes a
    user asks for (and migrates an older schema).
    """

    def __init__(self, db: Path | str, *, writable: bool = False) -> None:
        self.path = Path(db)
        self.writable = writable
        self.conn: sqlite3.Connection = store_db.connect(
            self.path, create=False, readonly=not writable
        )
        if not writable:
            self.conn.execute("PRAGMA query_only = 1")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents ---------------------------------------------------------------
    def documents(self, limit: int = 100, offset: int = 0) -> list[dict]:
        rows = self.conn.execute(
            "select id, source, title, authors, published, published_precision, language, site, "
            "words from documents order by seq limit ? offset ?",
            (limit, offset),
        ).fetchall()
        return [dict(r) for r in rows]

    def documents_page(self, p: PageParams) -> dict:
        """A page of documents with the total, authors as lists."""
        items = self.documents(limit=p.limit, offset=p.offset)
        for item in items:
            item["authors"] = json.loads(item["authors"] or "[]")
        return {
            "total": self.count("documents"),
            "limit": p.limit,
            "offset": p.offset,
            "items": items,
        }

    def document(self, ref: str) -> Document | None:
        """A document by id, id prefix, or source path."""
        row = self.conn.execute(
            "select id from documents where id = ? or source = ? or id like ? order by seq limit 2",
            (ref, ref, ref + "%"),
        ).fetchall()
        if len(row) != 1:
            return None
        return store_docs.get_document(self.conn, row[0][0])

    def count(self, table: str) -> int:
        assert table.isidentifier()
        return self.conn.execute(f"select count(*) from {table}").fetchone()[0]

    def article(self, ref: str) -> dict:
        """One document for the article page: metadata, clean body, removed furniture,
        actor mentions, events (records), quotes and the copies it has."""
        doc_id = resolve_document(self.conn, ref)
        doc = store_docs.get_document(self.conn, doc_id)
        assert doc is not None
        mentions = [
            dict(m)
            for m in self.conn.execute(
                "select start, end, text, label, actor_id, rule, score, country, sector from mentions "
                "where doc_id = ? order by start, end",
                (doc_id,),
            )
        ]
        cards = actor_cards(self.conn, {m["actor_id"] for m in mentions if m["actor_id"]})
        for m in mentions:
            card = cards.get(m["actor_id"]) if m["actor_id"] else None
            m["actor_name"] = card["name"] if card else None
        events = build_records(
            self.conn,
            self.conn.execute(
                f"select {EVENT_COLUMNS} from events e where e.doc_id = ? order by e.sentence_start, "
                "e.trigger_start, e.id",
                (doc_id,),
            ).fetchall(),
        )
        quotes = [
            dict(q)
            for q in self.conn.execute(
                "select id, speaker, speaker_text, text, start, end, kind, cue from quotes "
                "where doc_id = ? order by start",
                (doc_id,),
            )
        ]
        story = self.conn.execute(
            "select story_id from story_members where doc_id = ?", (doc_id,)
        ).fetchone()
        copies = stories_q.relations(self.conn, PageParams(limit=50), doc=doc_id)["items"]
        return {
            "id": doc.id,
            "source": doc.source,
            "title": doc.title,
            "authors": list(doc.authors),
            "published": doc.published,
            "published_precision": doc.published_precision,
            "language": doc.language,
            "site": doc.site,
            "url": doc.url,
            "extractor": doc.extractor,
            "body": doc.body,
            "blocks": [[b.kind, b.start, b.end] for b in doc.blocks],
            "removed": [
                {"text": r.text, "reason": r.reason, "position": r.position} for r in doc.removed
            ],
            "mentions": mentions,
            "events": events,
            "quotes": quotes,
            "story_id": story[0] if story else None,
            "copies": copies,
        }

    # -- views -------------------------------------------------------------------
    def overview(self, top: int = 12) -> dict:
        """Counts, the busiest actors, events by type and year, the latest documents
        (counted once per store state: every figure is a full scan)."""
        return graph_q.cached(
            self.conn, self.path, f"overview:{top}", lambda conn: self._overview(top)
        )

    def _overview(self, top: int) -> dict:
        c = self.conn
        top_actors = c.execute(
            "select actor_id, count(*) n from event_actors group by actor_id "
            "order by n desc, actor_id limit ?",
            (top,),
        ).fetchall()
        cards = actor_cards(c, [r[0] for r in top_actors])
        types = dict(c.execute("select type, count(*) from events group by type").fetchall())
        return {
            "counts": {
                "documents": self.count("documents"),
                "events": self.count("events"),
                "actors": c.execute("select count(distinct actor_id) from event_actors").fetchone()[
                    0
                ],
                "known_actors": self.count("actors"),
                "quotes": self.count("quotes"),
                "relations": self.count("relations"),
                "stories": c.execute(
                    "select count(*) from (select story_id from story_members group by story_id "
                    "having count(*) > 1)"
                ).fetchone()[0],
            },
            "years": graph_q.event_years(c),
            "events_by_year": [
                {"year": r[0], "count": r[1]}
                for r in c.execute(
                    "select substr(date, 1, 4) y, count(*) from events where date is not null "
                    "group by y order by y"
                )
            ],
            "events_by_type": [
                {"type": t, "quad_class": quad, "count": types.get(t, 0)}
                for quad, spec in quad_table().items()
                for t in spec["types"]
            ],
            "top_actors": [{**cards[r[0]], "count": r[1]} for r in top_actors],
            "latest_documents": self.documents(
                limit=10, offset=max(self.count("documents") - 10, 0)
            )[::-1],
        }

    def graph(self, p: GraphParams | None = None) -> nx.DiGraph:
        """The actor graph for a window (see `newsgraph.query.graph`)."""
        return graph_q.actor_graph(self.conn, p or GraphParams(), path=self.path)

    def graph_json(self, p: GraphParams | None = None) -> dict:
        data = graph_q.graph_json(self.graph(p))
        data["years"] = graph_q.event_years(self.conn)
        return data

    def warm(self) -> None:
        """Count the graph and actor-role indexes now (the server does it at start-up)."""
        graph_q.cached_index(self.conn, self.path)
        dossier_q.role_index(self.conn, self.path)

    def dossier(self, name: str, window: Window | None = None) -> dict:
        """Everything on one actor (see `newsgraph.query.dossier`)."""
        return dossier_q.dossier(self.conn, name, window, path=self.path)

    def timeline(self, p: TimelineParams | None = None) -> dict:
        """A page of events in the order they happened (see `newsgraph.query.timeline`)."""
        return timeline_q.timeline(self.conn, p or TimelineParams())

    def search(self, p: SearchParams) -> dict:
        """Full-text search with facets (see `newsgraph.query.search`)."""
        return search_q.search(self.conn, p)

    def stories(self, p: PageParams | None = None) -> dict:
        return stories_q.stories(self.conn, p or PageParams())

    def relations(
        self, p: PageParams | None = None, kind: str | None = None, doc: str | None = None
    ) -> dict:
        return stories_q.relations(self.conn, p or PageParams(), kind=kind, doc=doc)

    def relation(self, a: str, b: str) -> dict:
        return stories_q.relation(self.conn, a, b)

    def actors(self, query: str = "", p: PageParams | None = None) -> dict:
        """Actors whose name or alias contains `query`, busiest first, with event counts."""
        p = p or PageParams()
        like = "%" + query.strip().replace("%", "").replace("_", " ") + "%"
        base = (
            "from actors a where (a.name like ?1 or a.id = ?2 or a.id in "
            "(select actor_id from actor_aliases where alias like ?1))"
        )
        total = self.conn.execute(f"select count(*) {base}", (like, query)).fetchone()[0]
        rows = self.conn.execute(
            "select a.id, a.name, a.kind, a.country, a.sector, a.wikidata, "
            "(select count(*) from event_actors ea where ea.actor_id = a.id) events "
            f"{base} order by events desc, a.name, a.id limit ?3 offset ?4",
            (like, query, p.limit, p.offset),
        ).fetchall()
        return {
            "total": total,
            "limit": p.limit,
            "offset": p.offset,
            "items": [dict(r) for r in rows],
        }

    # -- exports -------------------------------------------------------------------
    def iter_document_records(self) -> Iterator[dict]:
        """Every document as {id, source, title, authors, published, published_precision,
        language, body}, in insertion order."""
        last = 0
        while True:
            rows = self.conn.execute(
                "select seq, id, source, title, authors, published, published_precision, language, "
                "body from documents where seq > ? order by seq limit 500",
                (last,),
            ).fetchall()
            if not rows:
                return
            for r in rows:
                item = {k: r[k] for k in r.keys() if k != "seq"}
                item["authors"] = json.loads(item["authors"] or "[]")
                yield item
            last = rows[-1]["seq"]

    def event_types(self) -> list[str]:
        return event_types()
