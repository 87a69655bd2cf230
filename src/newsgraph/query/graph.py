"""The actor graph for a time window.

Nodes are actors; a directed edge source -> target aggregates the events between
them. Each event counts once per story (copies of an article add no weight), split
by quad class, with a cooperation-conflict score in [-1, 1]:
(cooperation - conflict) / all, over distinct story-events.

How it stays fast at 100k events: one SQL pass counts distinct story-events per
(source, target, quad class, year, negated, hypothetical) into numpy arrays (an
`EdgeIndex`, cached per store state); a window of whole years is then a mask and
a few bincounts. A story-event key holds the event date, so summing yearly counts
is exact. Windows finer than a year get an index built for that window alone.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from newsgraph.events.query import DEFAULT_MIN_CONFIDENCE
from newsgraph.query.common import (
    QUADS,
    STORY_EVENT,
    STORY_JOIN,
    actor_cards,
    normalise_quad,
    quad_table,
    resolve_actor,
)
from newsgraph.query.params import GraphParams, Window


@dataclass(frozen=True)
class EdgeIndex:
    """Distinct story-event counts per (source, target, quad, year, negated, hypothetical)."""

    actors: tuple[str, ...]
    src: np.ndarray  # int32 index into actors
    tgt: np.ndarray
    quad: np.ndarray  # int8 index into QUADS, -1 when unknown
    year: np.ndarray  # int16, 0 when undated
    negated: np.ndarray  # bool
    hypothetical: np.ndarray
    count: np.ndarray  # int64
    score: np.ndarray  # float64, sum of event scores (for the mean intensity)

    @classmethod
    def build(
        cls, conn: sqlite3.Connection, where: str = "", args: list[object] | None = None
    ) -> EdgeIndex:
        """Count from the store; `where` (starting with ' and') narrows the events."""
        rows = conn.execute(
            f"select s.actor_id, t.actor_id, e.quad_class, cast(substr(e.date, 1, 4) as integer), "
            f"e.negated, e.hypothetical, count(distinct {STORY_EVENT}), avg(e.score) "
            f"from events e "
            f"join event_actors s on s.event_id = e.id and s.role = 'source' "
            f"join event_actors t on t.event_id = e.id and t.role = 'target' "
            f"{STORY_JOIN} where s.actor_id != t.actor_id{where} "
            f"group by 1, 2, 3, 4, 5, 6",
            args or [],
        ).fetchall()
        actors = sorted({r[0] for r in rows} | {r[1] for r in rows})
        position = {a: i for i, a in enumerate(actors)}
        quad_pos = {q: i for i, q in enumerate(QUADS)}
        return cls(
            actors=tuple(actors),
            src=np.fromiter((position[r[0]] for r in rows), np.int32, len(rows)),
            tgt=np.fromiter((position[r[1]] for r in rows), np.int32, len(rows)),
            quad=np.fromiter(
                (quad_pos.get(normalise_quad(r[2]), -1) for r in rows), np.int8, len(rows)
            ),
            year=np.fromiter((r[3] or 0 for r in rows), np.int16, len(rows)),
            negated=np.fromiter((bool(r[4]) for r in rows), bool, len(rows)),
            hypothetical=np.fromiter((bool(r[5]) for r in rows), bool, len(rows)),
            count=np.fromiter((r[6] for r in rows), np.int64, len(rows)),
            score=np.fromiter(((r[7] or 0.0) * r[6] for r in rows), np.float64, len(rows)),
        )

    def mask(self, window: Window) -> np.ndarray:
        """Rows inside a window of whole years (undated rows only without a window)."""
        keep = np.ones(len(self.count), bool)
        if not window.include_negated:
            keep &= ~self.negated
        if not window.include_hypothetical:
            keep &= ~self.hypothetical
        if window.since:
            keep &= self.year >= int(window.since[:4])
        if window.until:
            keep &= (self.year <= int(window.until[:4])) & (self.year > 0)
        return keep


_CACHE: dict[tuple, EdgeIndex] = {}
_LOCK = threading.Lock()


def _store_stamp(path: Path) -> tuple:
    """Changes whenever the store does: the file and its write-ahead log."""
    stamp = []
    for p in (path, Path(str(path) + "-wal")):
        try:
            st = p.stat()
            stamp.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            stamp.append(None)
    return tuple(stamp)


def cached(conn: sqlite3.Connection, path: Path | None, name: str, build):
    """`build(conn)`, computed once per store state and shared by threads; the
    indexes of the query layer (edges, actor roles) live here."""
    if path is None:
        return build(conn)
    key = (name, str(path.resolve()), _store_stamp(path))
    with _LOCK:
        value = _CACHE.get(key)
        if value is None:
            value = build(conn)
            for old in [k for k in _CACHE if k[0] == name]:
                del _CACHE[old]  # one store state at a time keeps memory bounded
            _CACHE[key] = value
    return value


def cached_index(conn: sqlite3.Connection, path: Path | None) -> EdgeIndex:
    """The whole-store EdgeIndex (events above the default confidence floor)."""
    return cached(
        conn,
        path,
        "edges",
        lambda c: EdgeIndex.build(c, " and e.confidence >= ?", [DEFAULT_MIN_CONFIDENCE]),
    )


def _whole_years(window: Window) -> bool:
    """Whether the cached whole-store counts can answer for this window."""
    return window.min_confidence == DEFAULT_MIN_CONFIDENCE and all(
        d is None or len(d) == 4 for d in (window.since, window.until)
    )


def window_index(
    conn: sqlite3.Connection, window: Window, path: Path | None
) -> tuple[EdgeIndex, np.ndarray]:
    """An EdgeIndex and the mask of its rows inside `window`."""
    if _whole_years(window):
        index = cached_index(conn, path)
        return index, index.mask(window)
    where, args = window.sql("e")
    index = EdgeIndex.build(conn, where, args)
    return index, np.ones(len(index.count), bool)


def counterparts(
    conn: sqlite3.Connection, actor_id: str, window: Window, path: Path | None
) -> tuple[dict[str, int], dict[str, int]]:
    """Story-event counts with each other actor, as ({id: cooperation}, {id: conflict})."""
    index, keep = window_index(conn, window, path)
    if actor_id not in index.actors:
        return {}, {}
    me = index.actors.index(actor_id)
    rows = np.flatnonzero(keep & ((index.src == me) | (index.tgt == me)) & (index.quad >= 0))
    table = quad_table()
    coop: dict[str, int] = {}
    conflict: dict[str, int] = {}
    for r in rows:
        other = index.actors[index.tgt[r] if index.src[r] == me else index.src[r]]
        side = coop if table[QUADS[index.quad[r]]]["sign"] > 0 else conflict
        side[other] = side.get(other, 0) + int(index.count[r])
    return coop, conflict


def actor_graph(conn: sqlite3.Connection, p: GraphParams, path: Path | None = None) -> nx.DiGraph:
    """A networkx DiGraph: node attributes name, kind, country, sector, wikidata, events;
    edge attributes count, one count per quad class, cooperation, conflict, score,
    intensity and the dominant quad_class. Deterministic node and edge order."""
    index, keep = window_index(conn, p.window, path)
    focus = resolve_actor(conn, p.actor) if p.actor else None
    return _aggregate(conn, index, keep, p, focus)


def _aggregate(
    conn: sqlite3.Connection, index: EdgeIndex, keep: np.ndarray, p: GraphParams, focus: str | None
) -> nx.DiGraph:
    n_actors = len(index.actors)
    pair = index.src[keep].astype(np.int64) * max(n_actors, 1) + index.tgt[keep]
    pairs, inverse = np.unique(pair, return_inverse=True)
    count = np.bincount(inverse, weights=index.count[keep], minlength=len(pairs))
    score = np.bincount(inverse, weights=index.score[keep], minlength=len(pairs))
    quad_of_row = index.quad[keep]
    by_quad = [
        np.bincount(
            inverse[quad_of_row == q],
            weights=index.count[keep][quad_of_row == q],
            minlength=len(pairs),
        )
        for q in range(len(QUADS))
    ]
    src, tgt = pairs // max(n_actors, 1), pairs % max(n_actors, 1)
    ok = count >= p.min_count
    if focus is not None:
        f = index.actors.index(focus) if focus in index.actors else -1
        ok &= (src == f) | (tgt == f)
    weight = np.bincount(src[ok], weights=count[ok], minlength=n_actors) + np.bincount(
        tgt[ok], weights=count[ok], minlength=n_actors
    )
    ranked = sorted(
        (i for i in range(n_actors) if weight[i] > 0), key=lambda i: (-weight[i], index.actors[i])
    )
    if p.max_nodes:
        ranked = ranked[: p.max_nodes]
    kept = np.zeros(n_actors, bool)
    kept[ranked] = True
    ok &= kept[src] & kept[tgt]
    edge_rows = np.flatnonzero(ok)
    if p.max_edges and len(edge_rows) > p.max_edges:
        order = np.lexsort((edge_rows, -count[edge_rows]))
        edge_rows = np.sort(edge_rows[order[: p.max_edges]])
    cards = actor_cards(conn, [index.actors[i] for i in ranked])
    graph = nx.DiGraph(since=p.window.since or "", until=p.window.until or "")
    for i in ranked:
        card = cards[index.actors[i]]
        graph.add_node(
            index.actors[i],
            name=card["name"],
            kind=card["kind"] or "",
            country=card["country"] or "",
            sector=card["sector"] or "",
            wikidata=card["wikidata"] or "",
            events=int(weight[i]),
        )
    table = quad_table()
    for r in edge_rows:
        quads = {q: int(by_quad[k][r]) for k, q in enumerate(QUADS)}
        total = int(count[r])
        coop = sum(v for q, v in quads.items() if table[q]["sign"] > 0)
        conflict = sum(v for q, v in quads.items() if table[q]["sign"] < 0)
        dominant = max(QUADS, key=lambda q: (quads[q], -QUADS.index(q)))
        graph.add_edge(
            index.actors[src[r]],
            index.actors[tgt[r]],
            count=total,
            **quads,
            cooperation=coop,
            conflict=conflict,
            score=round((coop - conflict) / total, 4) if total else 0.0,
            intensity=round(float(score[r]) / total, 4) if total else 0.0,
            quad_class=dominant if quads[dominant] else "",
        )
    return graph


def graph_json(graph: nx.DiGraph) -> dict:
    """The graph as plain JSON for the API and the web UI."""
    nodes = [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)]
    edges = [{"source": s, "target": t, **attrs} for s, t, attrs in graph.edges(data=True)]
    return {
        "since": graph.graph.get("since") or None,
        "until": graph.graph.get("until") or None,
        "nodes": nodes,
        "edges": edges,
    }


def event_years(conn: sqlite3.Connection) -> dict:
    """First and last year of dated events, for the time slider."""
    # two sub-selects so that each uses the date index
    row = conn.execute(
        "select (select min(date) from events), (select max(date) from events)"
    ).fetchone()
    return {"first": row[0][:4] if row[0] else None, "last": row[1][:4] if row[1] else None}
