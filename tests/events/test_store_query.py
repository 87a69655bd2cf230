"""Stored events: counted once per story, filtered, ordered; the events and timeline CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.model import Analysis, Document
from newsgraph.store import analysis as store_analysis
from newsgraph.store import db as store_db
from newsgraph.store import documents as store_docs

STORY = (
    "On March 3, 2021, Russia hosted a Taliban delegation in Moscow. "
    "Russia could recognise the Taliban. Russia did not expel Afghan diplomats."
)
OTHER = "In 2019, Iran attacked Iraq. Turkey expelled the Dutch ambassador last week."


def _doc(doc_id: str, body: str, published: str) -> Document:
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        raw_hash=doc_id,
        content_hash="h" + doc_id,
        body=body,
        published=published,
        published_precision="day",
        title=f"title {doc_id}",
    )


@pytest.fixture()
def store(db_path, actor_stage, patterns):
    from newsgraph import actors
    from newsgraph.events import extract_events

    nlp, kb = actor_stage
    conn = store_db.connect(db_path)
    docs = [
        _doc("a", STORY, "2021-09-09"),
        _doc("b", STORY, "2021-09-10"),
        _doc("c", OTHER, "2021-09-09"),
    ]
    with store_db.transaction(conn):
        for d in docs:
            store_docs.insert_document(conn, d, raw_text=d.body)
            sdoc = nlp(d.body)
            mentions, _ = actors.resolve_mentions(sdoc, d, kb)
            events, quotes = extract_events(sdoc, d, mentions, kb, patterns)
            store_analysis.save_analysis(
                conn, Analysis(d.id, (), tuple(mentions), (), tuple(events), tuple(quotes))
            )
        # a and b are copies of one story, as the copy finder would record them
        conn.execute("insert into stories(id, canonical, rule) values ('s1', 'a', 'test')")
        conn.executemany(
            "insert into story_members(story_id, doc_id) values ('s1', ?)", [("a",), ("b",)]
        )
    conn.row_factory = __import__("sqlite3").Row
    yield conn
    conn.close()


def test_events_count_once_per_story(store):
    from newsgraph.events.query import list_events

    per_story = list_events(store, type="CONSULT")
    assert len(per_story) == 1
    ev = per_story[0]
    assert ev["copies"] == 2 and ev["doc_ids"] == ["a", "b"]
    assert ev["doc_id"] == "a" and ev["story_id"] == "s1"  # shown from the canonical copy
    assert len(list_events(store, type="CONSULT", per_story=False)) == 2


def test_default_hides_hypothetical_and_negated(store):
    from newsgraph.events.query import list_events

    shown = {(e["type"], e["hypothetical"], e["negated"]) for e in list_events(store, limit=None)}
    assert ("SUPPORT", True, False) not in shown and all(not h and not n for _, h, n in shown)
    everything = list_events(store, include_hypothetical=True, include_negated=True, limit=None)
    kinds = {(e["type"], e["hypothetical"], e["negated"]) for e in everything}
    assert ("SUPPORT", True, False) in kinds
    assert any(t == "SANCTION" and n for t, _, n in kinds)


def test_actor_and_date_filters(store):
    from newsgraph.events.query import list_events

    assert {e["type"] for e in list_events(store, actor="Taliban")} == {"CONSULT"}
    assert {e["type"] for e in list_events(store, actor="IRN")} == {"ASSAULT"}
    assert [e["date"] for e in list_events(store, since="2021-03", until="2021-03")] == [
        "2021-03-03"
    ]
    assert [e["type"] for e in list_events(store, until="2020")] == ["ASSAULT"]
    assert list_events(store, since="2022") == []


def test_timeline_is_in_date_order_and_records_follow_the_contract(store):
    from newsgraph.events.query import iter_event_records, timeline

    dates = [e["date"] for e in timeline(store)]
    assert dates == sorted(dates, key=lambda d: d[:10]) and dates[0] == "2019"
    records = list(iter_event_records(store))
    # the contract of DESIGN.md, as the exporter writes it
    from newsgraph.export import EVENT_KEYS

    keys = set(EVENT_KEYS)
    assert records and all(keys <= set(r) for r in records)
    r = next(r for r in records if r["type"] == "CONSULT")
    assert r["text_info"]["sentence"].startswith("On March 3, 2021, Russia hosted")
    assert r["source"]["id"] == "RUS" and r["target"]["id"] == "group:taliban"
    assert r["cite_info"]["title"] in ("title a", "title b") and r["location"] == "Moscow"
    assert len(records) == len({r["id"] for r in records})  # every copy kept in exports


def test_cli_events_and_timeline(store, db_path):
    from newsgraph.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["events", "--db", str(db_path), "--json", "--type", "CONSULT"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.replace("\n}\n{", "}\n\x00{").split("\x00")]
    assert len(lines) == 1 and lines[0]["copies"] == 2
    res = runner.invoke(app, ["timeline", "--db", str(db_path)])
    assert res.exit_code == 0 and "hosted" in res.output and "2019" in res.output
    res = runner.invoke(app, ["events", "--db", str(db_path), "--include-hypothetical", "--json"])
    assert res.exit_code == 0 and '"hypothetical": true' in res.output
    res = runner.invoke(app, ["events", "--db", str(db_path), "--since", "March"])
    assert res.exit_code != 0 and "not a date" in str(res.exception or res.output)
    res = runner.invoke(app, ["events", "--db", str(db_path.parent / "missing.db")])
    assert res.exit_code == 2 and "no database" in res.output


def test_default_floor_hides_low_confidence_events_but_keeps_them(
    store, db_path, actor_stage, patterns
):
    from newsgraph import actors
    from newsgraph.errors import QueryError
    from newsgraph.events import extract_events
    from newsgraph.events.query import (
        DEFAULT_MIN_CONFIDENCE,
        iter_event_records,
        list_events,
        timeline,
    )

    nlp, kb = actor_stage
    d = _doc("d", "On 4 May 2021, gunmen opened fire on a convoy near a village.", "2021-09-09")
    sdoc = nlp(d.body)
    mentions, _ = actors.resolve_mentions(sdoc, d, kb)
    events, quotes = extract_events(sdoc, d, mentions, kb, patterns)
    low = [e for e in events if not e.sources and not e.targets]
    assert low and all(e.confidence < DEFAULT_MIN_CONFIDENCE for e in low)
    with store_db.transaction(store):
        store_docs.insert_document(store, d, raw_text=d.body)
        store_analysis.save_analysis(
            store, Analysis(d.id, (), tuple(mentions), (), tuple(events), tuple(quotes))
        )
    shown = {e["id"] for e in list_events(store, limit=None)}
    assert not shown & {e.id for e in low}
    assert {e.id for e in low} <= {
        e["id"] for e in list_events(store, min_confidence=0, limit=None)
    }
    assert {e.id for e in low} <= {e["id"] for e in timeline(store, min_confidence=0)}
    assert not {e.id for e in low} & {e["id"] for e in timeline(store)}
    assert {e.id for e in low} <= {r["id"] for r in iter_event_records(store)}  # exports keep all
    with pytest.raises(QueryError, match="between 0 and 1"):
        list_events(store, min_confidence=2)

    from newsgraph.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["events", "--db", str(db_path), "--json", "--min-confidence", "0"])
    assert res.exit_code == 0 and "opened" in res.output
    res = runner.invoke(app, ["events", "--db", str(db_path), "--json"])
    assert res.exit_code == 0 and "opened" not in res.output
