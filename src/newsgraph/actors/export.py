"""Actors as plain records for `newsgraph export actors` (JSONL, CSV ...)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


def iter_actor_records(conn: sqlite3.Connection) -> Iterator[dict]:
    """Every stored actor as {id, name, aliases, kind, country, sector, wikidata}, by id.
    Actors merged away by a user are gone; their names are aliases of the one kept."""
    aliases: dict[str, list[str]] = {}
    for actor_id, alias in conn.execute(
        "select actor_id, alias from actor_aliases order by actor_id, alias"
    ):
        aliases.setdefault(actor_id, []).append(alias)
    for r in conn.execute(
        "select id, name, kind, country, sector, wikidata from actors order by id"
    ).fetchall():
        yield {
            "id": r[0],
            "name": r[1],
            "aliases": [a for a in aliases.get(r[0], []) if a != r[1]],
            "kind": r[2],
            "country": r[3],
            "sector": r[4],
            "wikidata": r[5],
        }
