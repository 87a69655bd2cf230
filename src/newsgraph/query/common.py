"""Pieces every query shares: quad classes, the story-event key, actor look-up."""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from importlib import resources

from newsgraph import errors
from newsgraph.errors import NotFoundError, QueryError

# An event counts once per story: copies of an article share a story, and events
# of copies that agree on (type, actors, date...) share a story_key. A document no
# story lists (dedup not run yet) is its own story.
STORY_EVENT = "coalesce(sm.story_id, e.doc_id) || '|' || coalesce(e.story_key, e.id)"
STORY_JOIN = "left join story_members sm on sm.doc_id = e.doc_id"


@lru_cache(maxsize=1)
def quad_table() -> dict[str, dict]:
    """The quad classes from quads.json, keyed by normalised name, in PLOVER order."""
    text = (resources.files("newsgraph.query") / "quads.json").read_text(encoding="utf-8")
    return json.loads(text)["quads"]


QUADS: tuple[str, ...] = tuple(quad_table())


@lru_cache(maxsize=256)
def normalise_quad(value: str | None) -> str:
    """The normalised quad class for whatever spelling the store holds ('' if unknown).

    >>> normalise_quad("Material Conflict"), normalise_quad("1")
    ('material_conflict', 'verbal_coop')
    """
    if value is None:
        return ""
    key = str(value).strip().lower()
    for name, quad in quad_table().items():
        if key == name or key in quad["aliases"]:
            return name
    return ""


def event_types() -> list[str]:
    """The 16 PLOVER event types in quad-class order."""
    return [t for quad in quad_table().values() for t in quad["types"]]


def quad_of_type(event_type: str) -> str:
    for name, quad in quad_table().items():
        if event_type.upper() in quad["types"]:
            return name
    return ""


def check_type(value: str | None) -> str | None:
    """An upper-cased PLOVER type, None if empty; QueryError for anything else."""
    if value is None or value.strip() == "":
        return None
    upper = value.strip().upper()
    if upper not in event_types():
        raise QueryError(
            errors.UNKNOWN_TYPE.format(value=value, types=", ".join(event_types())), source="type"
        )
    return upper


def resolve_actor(conn: sqlite3.Connection, name: str) -> str:
    """The id of the actor `name` names: an id, a name or an alias (any case), else the
    best partial match (the actor with most events). Raises QueryError when none."""
    name = name.strip()
    if not name:
        raise NotFoundError(errors.UNKNOWN_ACTOR.format(name=name), source="actor")
    exact = (
        "select id from actors where id = ?1 "
        "union all select id from actors where name = ?1 collate nocase "
        "union all select actor_id from actor_aliases where alias = ?1 collate nocase "
        "union all select actor_id from event_actors where actor_id = ?1 "
        "limit 1"
    )
    row = conn.execute(exact, (name,)).fetchone()
    if row:
        return row[0]
    like = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    candidates = [
        r[0]
        for r in conn.execute(
            "select id from actors where name like ?1 escape '\\' "
            "union select actor_id from actor_aliases where alias like ?1 escape '\\' limit 50",
            (like,),
        )
    ]
    if not candidates:
        raise NotFoundError(errors.UNKNOWN_ACTOR.format(name=name), source="actor")
    if len(candidates) == 1:
        return candidates[0]
    marks = ",".join("?" * len(candidates))
    ranked = conn.execute(
        f"select a.id, (select count(*) from event_actors ea where ea.actor_id = a.id) n "
        f"from actors a where a.id in ({marks}) order by n desc, length(a.name), a.id limit 1",
        candidates,
    ).fetchone()
    return ranked[0] if ranked else sorted(candidates)[0]


def actor_cards(conn: sqlite3.Connection, ids: set[str] | list[str]) -> dict[str, dict]:
    """{id: {id, name, kind, country, sector, wikidata}} for `ids`; unknown ids get
    their id as name so an edge never points at nothing."""
    ids = sorted(set(ids))
    cards: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            f"select id, name, kind, country, sector, wikidata from actors where id in ({marks})",
            chunk,
        ):
            cards[r["id"]] = dict(r)
    for actor_id in ids:
        cards.setdefault(
            actor_id,
            {
                "id": actor_id,
                "name": actor_id,
                "kind": "other",
                "country": None,
                "sector": None,
                "wikidata": None,
            },
        )
    return cards


def resolve_document(conn: sqlite3.Connection, ref: str) -> str:
    """A document id from an id, a unique id prefix or a source; QueryError otherwise."""
    if not ref.strip():
        raise NotFoundError(errors.UNKNOWN_DOCUMENT.format(ref=ref), source="doc")
    rows = conn.execute(
        "select id from documents where id = ?1 union select id from documents where source = ?1 "
        "union select id from documents where id like ?2 limit 2",
        (ref, ref.replace("%", "").replace("_", "") + "%"),
    ).fetchall()
    if len(rows) != 1:
        exact = [r[0] for r in rows if r[0] == ref]
        if exact:
            return exact[0]
        raise NotFoundError(errors.UNKNOWN_DOCUMENT.format(ref=ref), source="doc")
    return rows[0][0]
