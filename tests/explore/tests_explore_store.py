"""A small real store for the explore tests: articles built with `newsgraph.build`,
then actors, events, quotes and a copy relation added through SQL where the other
stages may not be ready (idempotent: `insert or ignore`)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import newsgraph

# The event record of DESIGN.md ("Event record (export contract)"), in its order.
CONTRACT = (
    "id doc_id story_id type mode quad_class source target date date_text location negated "
    "hypothetical confidence text_info cite_info"
).split()

XSS_TITLE = 'Hostile <script>window.__pwned = "title"</script> title'
XSS_BODY_LINE = (
    'A reader comment said <script>window.__pwned = "body"</script> and '
    "<img src=x onerror=\"window.__pwned = 'img'\"> before moderators removed it."
)

ARTICLES = {
    "alpha.txt": (
        "Northland and Southmark sign water accord\n\n"
        "Officials from Northland met their Southmark counterparts in Lakeside in March 2016. "
        "The two governments agreed to share the river water for ten years.\n\n"
        "In 2018 Northland accused Southmark of diverting the river. "
        "Southmark rejected the claim the same week.\n\n"
        "By August 2021 the Eastern Front had attacked a Northland border post. "
        "Northland sent aid to the villages near the post.\n"
    ),
    "alpha-rewrite.txt": (
        "Water deal between Northland and Southmark\n\n"
        "Officials from Northland met their Southmark counterparts in Lakeside in March 2016. "
        "The two governments agreed to share the river water for a decade.\n\n"
        "In 2018 Northland accused Southmark of diverting the river. "
        "Analysts expect the dispute to return in dry years.\n"
    ),
    "beta.txt": (
        "Eastern Front threatens new attacks\n\n"
        "The Eastern Front threatened Southmark in 2024 after a year of quiet. "
        "Southmark did not retaliate, a spokesman said.\n\n" + XSS_BODY_LINE + "\n"
    ),
    "gamma.txt": (
        "Talks on the border resume\n\n"
        "Negotiators from Northland and the Eastern Front could meet in 2024, diplomats said. "
        "Northland consulted Southmark on the talks in January 2024.\n"
    ),
}

ACTORS = [
    ("T.NTH", "Northland", "country", "NTH", "GOV", "Q900001", ["Northland government", "NTH"]),
    ("T.STH", "Southmark", "country", "STH", "GOV", None, ["Southmark government"]),
    ("T.EFR", "Eastern Front", "group", "NTH", "REB", None, ["EF", "the Front"]),
]

# key, file, trigger word, type, quad class, sources, targets, date, negated, hypothetical
EVENT_TABLE = """
e1  alpha.txt          met         CONSULT   verbal_cooperation   T.NTH  T.STH  2016-03  0  0
e2  alpha.txt          agreed      AGREE     verbal_cooperation   T.NTH  T.STH  2016-03  0  0
e3  alpha.txt          accused     ACCUSE    verbal_conflict      T.NTH  T.STH  2018     0  0
e4  alpha.txt          rejected    REJECT    verbal_conflict      T.STH  T.NTH  2018     0  0
e5  alpha.txt          attacked    ASSAULT   material_conflict    T.EFR  T.NTH  2021-08  0  0
e6  alpha.txt          aid         AID       material_cooperation T.NTH  T.NTH  2021-08  0  0
e7  alpha-rewrite.txt  met         CONSULT   verbal_cooperation   T.NTH  T.STH  2016-03  0  0
e8  alpha-rewrite.txt  accused     ACCUSE    verbal_conflict      T.NTH  T.STH  2018     0  0
e9  beta.txt           threatened  THREATEN  verbal_conflict      T.EFR  T.STH  2024     0  0
e10 beta.txt           retaliate   ASSAULT   material_conflict    T.STH  T.EFR  2024     1  0
e11 gamma.txt          meet        CONSULT   verbal_cooperation   T.NTH  T.EFR  2024     0  1
e12 gamma.txt          consulted   CONSULT   verbal_cooperation   T.NTH  T.STH  2024-01  0  0
"""
# e7 and e8 are the rewrite's reports of e1 and e3: same story, counted once.
# Quad classes are spelt as the events stage stores them (plover.yaml).
EVENTS = [
    (k, f, w, t, q.replace("_", "-"), [s], [o], d, int(n), int(h))
    for k, f, w, t, q, s, o, d, n, h in (line.split() for line in EVENT_TABLE.strip().splitlines())
]


def _sentence(body: str, at: int) -> tuple[int, int]:
    stop = body.rfind(". ", 0, at)
    start = max(stop + 2 if stop >= 0 else 0, body.rfind("\n", 0, at) + 1)
    end = body.find(".", at)
    return start, (end + 1 if end >= 0 else len(body))


def _sentences(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.\n][^.\n]*\.", body)]


def build_store(folder: Path) -> dict:
    """Write the articles under `folder`, build the store, add the rest; returns
    {db, docs: {file: doc_id}, events: {key: event_id}}."""
    src = folder / "articles"
    src.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    db = folder / "explore.db"
    newsgraph.build([src], db=db, analyse=False)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    docs = {
        Path(r["source"]).name: r["id"] for r in conn.execute("select id, source from documents")
    }
    bodies = {
        name: conn.execute("select body from documents where id=?", (i,)).fetchone()[0]
        for name, i in docs.items()
    }
    with conn:
        conn.execute(
            "update documents set title = ?, published = '2024-05-02', "
            "published_precision = 'day' where id = ?",
            (XSS_TITLE, docs["beta.txt"]),
        )
        conn.execute(
            "update documents set published = '2021-09-09', published_precision = 'day', "
            "authors = ? where id = ?",
            (json.dumps(["R. Writer"]), docs["alpha.txt"]),
        )
        conn.execute(
            "update documents set published = '2021-09-10', published_precision = 'day' "
            "where id = ?",
            (docs["alpha-rewrite.txt"],),
        )
        conn.execute(
            "insert or ignore into removed_blocks(doc_id, ord, text, reason, position) "
            "values (?, 90, ?, 'teaser', 0)",
            (docs["beta.txt"], 'Read more <b onmouseover="window.__pwned=1">here</b>'),
        )
        for actor_id, name, kind, country, sector, qid, aliases in ACTORS:
            conn.execute(
                "insert or ignore into actors(id, name, kind, country, sector, wikidata) "
                "values (?,?,?,?,?,?)",
                (actor_id, name, kind, country, sector, qid),
            )
            conn.executemany(
                "insert or ignore into actor_aliases(actor_id, alias) values (?,?)",
                [(actor_id, a) for a in aliases],
            )
        conn.execute(
            "insert or ignore into actor_roles(actor_id, title, country, sector, start, end) "
            "values ('T.EFR', 'armed group', 'NTH', 'REB', '2019', NULL)"
        )
        events = _insert_events(conn, docs, bodies)
        _insert_mentions_quotes(conn, docs, bodies)
        _insert_copies(conn, docs, bodies)
    conn.close()
    return {"db": db, "docs": docs, "events": events}


def _insert_events(conn, docs: dict, bodies: dict) -> dict:
    ids = {}
    for key, name, word, etype, quad, sources, targets, date, neg, hyp in EVENTS:
        body = bodies[name]
        at = body.index(word)
        s_start, s_end = _sentence(body, at)
        event_id = f"{docs[name]}-{key}"
        ids[key] = event_id
        story_key = "|".join(
            [
                etype,
                "",
                ",".join(sources),
                ",".join(targets),
                date,
                "N" if neg else "",
                "H" if hyp else "",
            ]
        )
        conn.execute(
            "insert or ignore into events(id, doc_id, story_key, type, mode, quad_class, sentence_start, "
            "sentence_end, trigger_start, trigger_end, date, date_precision, date_text, negated, "
            "hypothetical, confidence, score) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                event_id,
                docs[name],
                story_key,
                etype,
                None,
                quad,
                s_start,
                s_end,
                at,
                at + len(word),
                date,
                {4: "year", 7: "month"}.get(len(date), "day"),
                date,
                neg,
                hyp,
                0.8,
                3.0 if "cooperation" in quad else -4.0,
            ),
        )
        conn.executemany(
            "insert or ignore into event_actors(event_id, role, ord, actor_id) values (?,?,?,?)",
            [(event_id, "source", i, a) for i, a in enumerate(sources)]
            + [(event_id, "target", i, a) for i, a in enumerate(targets)],
        )
    return ids


def _insert_mentions_quotes(conn, docs: dict, bodies: dict) -> None:
    names = {"Northland": "T.NTH", "Southmark": "T.STH", "Eastern Front": "T.EFR"}
    for name, doc_id in docs.items():
        body = bodies[name]
        for text, actor_id in names.items():
            for m in re.finditer(re.escape(text), body):
                conn.execute(
                    "insert or ignore into mentions(doc_id, start, end, text, label, actor_id, "
                    "rule, score) values (?,?,?,?,?,?,?,?)",
                    (doc_id, m.start(), m.end(), text, "GPE", actor_id, "exact-alias", 1.0),
                )
    body = bodies["beta.txt"]
    at = body.index("did not retaliate")
    conn.execute(
        "insert or ignore into quotes(id, doc_id, speaker, speaker_text, text, start, end, kind) "
        "values (?,?,?,?,?,?,?,?)",
        (
            "q1",
            docs["beta.txt"],
            "T.STH",
            "a Southmark spokesman",
            '<img src=x onerror="window.__pwned=3">Southmark did not retaliate',
            at,
            at + 17,
            "reported",
        ),
    )


def _insert_copies(conn, docs: dict, bodies: dict) -> None:
    a, b = docs["alpha.txt"], docs["alpha-rewrite.txt"]
    sa, sb = _sentences(bodies["alpha.txt"]), _sentences(bodies["alpha-rewrite.txt"])
    text_a = [bodies["alpha.txt"][s:e] for s, e in sa]
    text_b = [bodies["alpha-rewrite.txt"][s:e] for s, e in sb]
    aligned, used_b = [], set()
    for i, ta in enumerate(text_a):
        wa = set(ta.lower().split())
        best = max(range(len(text_b)), key=lambda j: len(wa & set(text_b[j].lower().split())))
        sim = len(wa & set(text_b[best].lower().split())) / max(len(wa), 1)
        if sim >= 0.6 and best not in used_b:
            used_b.add(best)
            aligned.append([*sa[i], *sb[best], round(sim, 3)])
    a_only = [list(sa[i]) for i in range(len(sa)) if not any(x[0] == sa[i][0] for x in aligned)]
    b_only = [list(sb[j]) for j in range(len(sb)) if j not in used_b]
    exists = conn.execute(
        "select 1 from relations where (a=? and b=?) or (a=? and b=?)", (a, b, b, a)
    ).fetchone()
    if not exists:
        conn.execute(
            "insert into relations(a, b, kind, score, aligned, a_only, b_only) "
            "values (?,?,?,?,?,?,?)",
            (a, b, "rewrite", 0.82, json.dumps(aligned), json.dumps(a_only), json.dumps(b_only)),
        )
    story = conn.execute("select story_id from story_members where doc_id = ?", (a,)).fetchone()
    story_id = story[0] if story else "story-alpha"
    conn.execute(
        "insert or ignore into stories(id, canonical, rule) values (?,?,?)",
        (story_id, a, "longest"),
    )
    conn.execute(
        "insert or ignore into story_members(story_id, doc_id) values (?,?)", (story_id, a)
    )
    conn.execute("delete from story_members where doc_id = ? and story_id != ?", (b, story_id))
    conn.execute(
        "insert or ignore into story_members(story_id, doc_id) values (?,?)", (story_id, b)
    )
