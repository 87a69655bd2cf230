"""A synthetic newsgraph store for the explore benchmarks, written straight through SQL.

Deterministic (seeded), fast (executemany in one transaction per table), following
store/migrations: documents (FTS5 filled by the triggers), stories and copy
relations, actors with aliases and roles, mentions, events with their actors, quotes.
Actor activity follows a Zipf-like law so the graph has hubs, as real news has.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from pathlib import Path

from newsgraph.query.common import quad_of_type
from newsgraph.store import db as store_db

SECTORS = ("GOV", "MIL", "REB", "PTY", "SPY", "COP", "JUD", "LEG", "BUS", "MED")
KINDS = ("country", "government", "group", "person", "igo", "organisation")
TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
SYLLABLES = (
    "ka",
    "ro",
    "mi",
    "tan",
    "vel",
    "or",
    "sa",
    "lu",
    "nek",
    "pa",
    "dri",
    "zo",
    "fen",
    "gal",
    "hu",
    "is",
    "jo",
    "kre",
    "lam",
    "nu",
    "ost",
    "per",
    "qui",
    "ras",
)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def _zipf_pick(rng: random.Random, n: int) -> int:
    # rank r drawn with weight ~ 1/r: a few actors are in most events
    return min(int(n ** rng.random()) - 1, n - 1)


def generate_store(
    path: Path, events: int = 100_000, articles: int = 20_000, actors: int = 600, seed: int = 7
) -> dict:
    """Write a fresh store at `path`; returns the counts written."""
    if path.exists():
        path.unlink()
    rng = random.Random(seed)
    conn = store_db.connect(path)
    vocabulary = [_word(rng) for _ in range(3000)]
    actor_rows = []
    for i in range(actors):
        name = " ".join(_word(rng).capitalize() for _ in range(rng.randint(1, 2)))
        actor_rows.append(
            (
                f"A{i:04d}",
                f"{name} {i}",
                KINDS[i % len(KINDS)],
                "".join(rng.choice("ABCDEFGHKLMNPRSTUZ") for _ in range(3)),
                SECTORS[i % len(SECTORS)],
                f"Q{100000 + i}" if i % 3 == 0 else None,
            )
        )
    _write_actors(conn, rng, actor_rows)
    doc_ids = _write_documents(conn, rng, articles, vocabulary, actor_rows)
    _write_copies(conn, rng, doc_ids)
    _write_events(conn, rng, events, doc_ids, actor_rows)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    return {"events": events, "articles": articles, "actors": actors}


def _write_actors(conn: sqlite3.Connection, rng: random.Random, rows: list[tuple]) -> None:
    with store_db.transaction(conn):
        conn.executemany(
            "insert into actors(id, name, kind, country, sector, wikidata) values (?,?,?,?,?,?)",
            rows,
        )
        conn.executemany(
            "insert into actor_aliases(actor_id, alias) values (?,?)",
            [(r[0], f"{r[1]} alias {k}") for r in rows for k in range(2)],
        )
        conn.executemany(
            "insert into actor_roles(actor_id, title, country, sector, start, end) values (?,?,?,?,?,?)",
            [
                (r[0], "minister", r[3], "GOV", str(2000 + rng.randint(0, 20)), None)
                for r in rows
                if r[2] == "person"
            ],
        )


def _write_documents(conn, rng, articles: int, vocabulary: list[str], actor_rows) -> list[str]:
    doc_ids = []
    docs = []
    mentions = []
    for n in range(articles):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(150, 350))]
        sentences = [
            " ".join(words[i : i + 15]).capitalize() + "." for i in range(0, len(words), 15)
        ]
        body = " ".join(sentences)
        digest = hashlib.sha256(f"{seed_tag(n)}{body}".encode()).hexdigest()
        doc_id = digest[:16]
        doc_ids.append(doc_id)
        year = 2001 + n * 24 // articles
        published = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        docs.append(
            (
                doc_id,
                f"bench/{n:05d}.txt",
                digest,
                digest,
                f"{words[0].capitalize()} {words[1]} {words[2]} report {n}",
                json.dumps([f"Writer {n % 97}"]),
                published,
                "day",
                "en",
                "text",
                body,
                len(words),
                "2026-11-21T00:00:00Z",
                n + 1,
            )
        )
        for k in range(5):
            start = rng.randint(0, max(len(body) - 20, 1))
            actor = actor_rows[_zipf_pick(rng, len(actor_rows))]
            mentions.append(
                (
                    doc_id,
                    start + k,
                    start + k + 8,
                    actor[1],
                    "ORG",
                    actor[0],
                    "exact-alias",
                    1.0,
                    actor[3],
                    actor[4],
                )
            )
    with store_db.transaction(conn):
        conn.executemany(
            "insert into documents(id, source, raw_hash, content_hash, title, authors, published, "
            "published_precision, language, media_type, body, words, added_at, seq) "
            "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            docs,
        )
        conn.executemany(
            "insert or ignore into mentions(doc_id, start, end, text, label, actor_id, rule, score, "
            "country, sector) values (?,?,?,?,?,?,?,?,?,?)",
            mentions,
        )
    return doc_ids


def seed_tag(n: int) -> str:
    return f"bench-{n}:"


def _write_copies(conn, rng, doc_ids: list[str]) -> None:
    """Every tenth article gets one or two copies of another: stories and relations."""
    stories, members, relations = [], [], []
    assigned: set[str] = set()
    for i in range(0, len(doc_ids) - 3, 10):
        group = [doc_ids[i]] + [doc_ids[i + k] for k in range(1, 1 + rng.randint(1, 2))]
        story = "S" + group[0]
        stories.append((story, group[0], "longest"))
        for d in group:
            members.append((story, d))
            assigned.add(d)
        for other in group[1:]:
            aligned = [
                [k * 100, k * 100 + 90, k * 100, k * 100 + 90, round(0.8 + 0.02 * k, 2)]
                for k in range(8)
            ]
            relations.append(
                (
                    group[0],
                    other,
                    rng.choice(["near", "rewrite", "contains"]),
                    round(rng.uniform(0.6, 0.99), 3),
                    json.dumps(aligned),
                    json.dumps([[900, 980]]),
                    json.dumps([[850, 899]]),
                )
            )
    for d in doc_ids:
        if d not in assigned:
            stories.append(("S" + d, d, "single"))
            members.append(("S" + d, d))
    with store_db.transaction(conn):
        conn.executemany("insert into stories(id, canonical, rule) values (?,?,?)", stories)
        conn.executemany("insert into story_members(story_id, doc_id) values (?,?)", members)
        conn.executemany(
            "insert into relations(a, b, kind, score, aligned, a_only, b_only) "
            "values (?,?,?,?,?,?,?)",
            relations,
        )


def _write_events(conn, rng, events: int, doc_ids: list[str], actor_rows) -> None:
    rows, roles, quotes = [], [], []
    for n in range(events):
        doc_id = doc_ids[n * len(doc_ids) // events]
        doc_year = 2001 + (n * len(doc_ids) // events) * 24 // len(doc_ids)
        event_type = rng.choice(TYPES)
        year = max(2001, doc_year - rng.choice((0, 0, 0, 1, 2, 5)))
        precision = rng.choice(("year", "month", "day", "day"))
        date = (
            str(year)
            if precision == "year"
            else f"{year}-{rng.randint(1, 12):02d}"
            if precision == "month"
            else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        )
        if rng.random() < 0.05:
            date, precision = None, None
        src = actor_rows[_zipf_pick(rng, len(actor_rows))][0]
        tgt = actor_rows[_zipf_pick(rng, len(actor_rows))][0]
        negated, hypothetical = int(rng.random() < 0.05), int(rng.random() < 0.05)
        event_id = f"E{n:07d}"
        start = rng.randint(0, 1500)
        rows.append(
            (
                event_id,
                doc_id,
                f"{event_type}||{src}|{tgt}|{date or ''}",
                event_type,
                None,
                quad_of_type(event_type),
                start,
                start + 90,
                start + 10,
                start + 18,
                date,
                precision,
                negated,
                hypothetical,
                round(rng.uniform(0.4, 0.95), 2),
                5.0 if quad_of_type(event_type).endswith("coop") else -5.0,
            )
        )
        roles.append((event_id, "source", 0, src))
        roles.append((event_id, "target", 0, tgt))
        if n % 5 == 0:
            quotes.append(
                (
                    f"Q{n:07d}",
                    doc_id,
                    src,
                    "a spokesman",
                    f"quoted words {n}",
                    start,
                    start + 40,
                    "direct",
                )
            )
    with store_db.transaction(conn):
        conn.executemany(
            "insert into events(id, doc_id, story_key, type, mode, quad_class, sentence_start, "
            "sentence_end, trigger_start, trigger_end, date, date_precision, negated, hypothetical, "
            "confidence, score) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.executemany(
            "insert into event_actors(event_id, role, ord, actor_id) values (?,?,?,?)", roles
        )
        conn.executemany(
            "insert into quotes(id, doc_id, speaker, speaker_text, text, start, end, kind) "
            "values (?,?,?,?,?,?,?,?)",
            quotes,
        )
