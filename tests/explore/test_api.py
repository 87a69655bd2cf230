"""The HTTP API against a running `newsgraph serve` over a real store."""

from __future__ import annotations

import io
import os

import httpx
import networkx as nx
import pytest
from tests_explore_store import CONTRACT, XSS_TITLE


def test_overview_counts_the_store(api):
    o = api.get("/api/overview").json()
    assert o["counts"]["documents"] == 4
    assert o["counts"]["events"] == 12
    assert o["years"] == {"first": "2016", "last": "2024"}
    assert [a["id"] for a in o["top_actors"]][:1] == ["T.NTH"]
    assert {t["type"] for t in o["events_by_type"]} >= {"ASSAULT", "CONSULT"}


def test_documents_are_paginated_with_total(api):
    page = api.get("/api/documents", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 4 and page["limit"] == 2 and page["offset"] == 1
    assert len(page["items"]) == 2
    first = api.get("/api/documents", params={"limit": 1}).json()["items"][0]
    assert first["id"] not in {d["id"] for d in page["items"]}


def test_article_carries_highlights_and_furniture(api, store):
    d = api.get(f"/api/documents/{store['docs']['beta.txt']}").json()
    assert d["title"] == XSS_TITLE
    assert any(r["reason"] == "teaser" for r in d["removed"])
    assert {m["actor_id"] for m in d["mentions"]} >= {"T.STH", "T.EFR"}
    threat = next(e for e in d["events"] if e["type"] == "THREATEN")
    assert d["body"][threat["trigger"]["start"] : threat["trigger"]["end"]] == "threatened"
    assert threat["source"]["name"] == "Eastern Front" and threat["target"]["id"] == "T.STH"
    assert d["quotes"][0]["speaker"] == "T.STH"


def test_unknown_document_is_404_with_message(api):
    r = api.get("/api/documents/nope-nothing")
    assert r.status_code == 404
    assert "nope-nothing" in r.json()["message"]


def test_dossier_by_alias_name_and_id(api):
    by_alias = api.get("/api/actors/the Front").json()
    by_name = api.get("/api/actors/eastern front").json()
    by_id = api.get("/api/actors/T.EFR").json()
    assert by_alias["actor"]["id"] == by_name["actor"]["id"] == by_id["actor"]["id"] == "T.EFR"
    assert by_id["roles"][0]["title"] == "armed group"
    assert set(by_id["aliases"]) == {"EF", "the Front"}


def test_dossier_partners_adversaries_counts_and_seen(api):
    d = api.get("/api/actors/Northland").json()
    assert d["first_seen"] == "2016-03" and d["last_seen"] == "2024-01"
    assert [p["id"] for p in d["partners"]] == ["T.STH"]
    # the rewrite repeats the meeting: counted once per story
    assert d["partners"][0]["count"] == 3
    assert {a["id"] for a in d["adversaries"]} == {"T.STH", "T.EFR"}
    consult_2016 = [c for c in d["counts"] if c["year"] == "2016" and c["type"] == "CONSULT"]
    assert sum(c["count"] for c in consult_2016) == 1
    south = api.get("/api/actors/Southmark").json()
    assert south["quotes_total"] == 1 and "retaliate" in south["quotes"][0]["text"]


def test_unknown_actor_is_404(api):
    r = api.get("/api/actors/Atlantis")
    assert r.status_code == 404 and "Atlantis" in r.json()["message"]


def test_graph_counts_events_once_per_story_and_splits_quads(api):
    g = api.get("/api/graph").json()
    edges = {(e["source"], e["target"]): e for e in g["edges"]}
    ns = edges[("T.NTH", "T.STH")]
    # e1/e7 and e3/e8 are copies: 2 consult (2016, 2024) + agree + accuse
    assert ns["count"] == 4
    assert ns["verbal_coop"] == 3 and ns["verbal_conflict"] == 1
    assert ns["score"] == pytest.approx(0.5)
    assert ns["quad_class"] == "verbal_coop"
    assert ("T.NTH", "T.NTH") not in edges  # no self loops
    # factual only by default: the negated reprisal and the hypothetical meeting are out
    assert ("T.STH", "T.EFR") not in edges and ("T.NTH", "T.EFR") not in edges
    both = api.get(
        "/api/graph", params={"include_negated": True, "include_hypothetical": True}
    ).json()
    both_edges = {(e["source"], e["target"]) for e in both["edges"]}
    assert {("T.STH", "T.EFR"), ("T.NTH", "T.EFR")} <= both_edges


def test_graph_window_and_focus(api):
    g2018 = api.get("/api/graph", params={"since": "2018", "until": "2018"}).json()
    assert {(e["source"], e["target"]) for e in g2018["edges"]} == {
        ("T.NTH", "T.STH"),
        ("T.STH", "T.NTH"),
    }
    assert all(e["quad_class"] == "verbal_conflict" for e in g2018["edges"])
    month = api.get("/api/graph", params={"since": "2021-08", "until": "2021-08"}).json()
    assert [(e["source"], e["target"]) for e in month["edges"]] == [("T.EFR", "T.NTH")]
    focus = api.get("/api/graph", params={"actor": "Eastern Front"}).json()
    assert all("T.EFR" in (e["source"], e["target"]) for e in focus["edges"])


def test_graph_export_is_graphml_gephi_reads(api):
    r = api.get("/api/graph/export", params={"format": "graphml"})
    assert r.status_code == 200
    g = nx.read_graphml(io.BytesIO(r.content))
    assert g.nodes["T.NTH"]["name"] == "Northland"
    assert g.edges["T.NTH", "T.STH"]["count"] == 4


def test_timeline_is_ordered_by_event_date_and_collapses_copies(api):
    t = api.get("/api/timeline").json()
    dates = [e["date"] for e in t["items"]]
    assert dates == sorted(dates)
    assert t["total"] == 10  # 12 minus one negated, one hypothetical
    meeting = [e for e in t["items"] if e["type"] == "CONSULT" and e["date"] == "2016-03"]
    assert len(meeting) == 1 and len(meeting[0]["copies"]) == 1
    assert meeting[0]["text_info"]["sentence"].startswith("Officials from Northland met")
    assert set(meeting[0]) >= set(CONTRACT)


def test_timeline_filters(api, store):
    pair = api.get(
        "/api/timeline",
        params={"actor": "Southmark", "other": "Eastern Front", "include_negated": True},
    ).json()
    assert {e["type"] for e in pair["items"]} == {"THREATEN", "ASSAULT"}
    typed = api.get("/api/timeline", params={"type": "accuse"}).json()
    assert typed["total"] == 2 and typed["filters"]["type"] == "ACCUSE"
    window = api.get("/api/timeline", params={"since": "2021", "until": "2023"}).json()
    assert {e["date"] for e in window["items"]} == {"2021-08"}
    doc = api.get(
        "/api/timeline", params={"doc": store["docs"]["gamma.txt"], "include_hypothetical": True}
    ).json()
    assert doc["total"] == 2 and all(
        e["doc_id"] == store["docs"]["gamma.txt"] for e in doc["items"]
    )
    page = api.get("/api/timeline", params={"limit": 3, "offset": 3}).json()
    assert page["total"] == 10 and page["offset"] == 3


@pytest.mark.parametrize(
    ("path", "params", "param"),
    [
        ("/api/timeline", {"since": "last year"}, "since"),
        ("/api/timeline", {"since": "2024", "until": "2016"}, "since"),
        ("/api/timeline", {"limit": 0}, "limit"),
        ("/api/timeline", {"limit": 5000}, "limit"),
        ("/api/timeline", {"type": "HUG"}, "type"),
        ("/api/documents", {"offset": -1}, "offset"),
        ("/api/search", {"q": "   "}, "q"),
        ("/api/search", {}, "q"),
        ("/api/graph", {"min_count": 0}, "min_count"),
        ("/api/graph/export", {"format": "pdf"}, "format"),
    ],
)
def test_bad_input_is_a_clear_400(api, path, params, param):
    r = api.get(path, params=params)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["param"] == param
    assert body["message"]


def test_search_with_facets_and_filters(api):
    r = api.get("/api/search", params={"q": "Northland"}).json()
    assert r["total"] == 3
    assert "\x02Northland\x03" in r["items"][0]["snippet"]
    assert {a["id"] for a in r["facets"]["actors"]} >= {"T.NTH", "T.STH"}
    assert {t["type"] for t in r["facets"]["types"]} >= {"CONSULT"}
    narrowed = api.get("/api/search", params={"q": "Northland", "type": "ASSAULT"}).json()
    assert narrowed["total"] == 1
    dated = api.get(
        "/api/search", params={"q": "Northland", "since": "2021", "until": "2021"}
    ).json()
    assert dated["total"] == 2
    phrase = api.get("/api/search", params={"q": '"river water"'}).json()
    assert phrase["total"] == 2


def test_search_treats_operators_as_words(api):
    for q in ['NEAR(" OR', "title:*", 'AND OR NOT "', "a\x00b"]:
        r = api.get("/api/search", params={"q": q})
        assert r.status_code in (200, 400), q
        assert "message" in r.json() or "items" in r.json()


def test_copies_side_by_side(api, store):
    rel = api.get("/api/relations").json()
    a, b = store["docs"]["alpha.txt"], store["docs"]["alpha-rewrite.txt"]
    assert any({r["a"], r["b"]} == {a, b} for r in rel["items"])
    pair = api.get(f"/api/relations/{a}/{b}").json()
    sides = [p["side"] for p in pair["passages"]]
    assert "both" in sides and "a" in sides and "b" in sides
    ten_years = next(p for p in pair["passages"] if p["a"] and "ten years" in p["a"])
    assert "decade" in ten_years["b"]
    reverse = api.get(f"/api/relations/{b}/{a}").json()
    assert reverse["a"]["id"] == b and len(reverse["passages"]) == len(pair["passages"])
    stories = api.get("/api/stories").json()
    assert stories["total"] >= 1 and any(len(s["members"]) >= 2 for s in stories["items"])
    assert api.get(f"/api/relations/{a}/{store['docs']['gamma.txt']}").status_code == 404


def test_server_is_read_only_by_default(api, store):
    before = os.stat(store["db"]).st_mtime_ns
    r = api.post("/api/overrides", json={"action": "merge", "actor_id": "T.NTH", "other": "T.STH"})
    assert r.status_code == 403 and "read-only" in r.json()["message"]
    assert os.stat(store["db"]).st_mtime_ns == before


def test_allow_writes_records_an_override(writable_server):
    srv, db = writable_server
    r = httpx.post(
        srv.base + "/api/overrides", json={"action": "merge", "actor_id": "T.NTH", "other": "T.STH"}
    )
    assert r.status_code == 201, r.text
    import sqlite3

    rows = (
        sqlite3.connect(db)
        .execute("select action, actor_id, other from actor_overrides")
        .fetchall()
    )
    assert rows == [("merge", "T.NTH", "T.STH")]


@pytest.mark.parametrize(
    "path",
    [
        "/static/../__init__.py",
        "/static/..%2f__init__.py",
        "/static/%2e%2e/page.html",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/app.js%00.css",
        "/static/.hidden.js",
    ],
)
def test_static_files_cannot_escape(api, path):
    r = api.get(path)
    assert r.status_code == 404
    assert b"import" not in r.content and b"root:" not in r.content


def test_pages_docs_and_headers(api):
    for path in [
        "/",
        "/network",
        "/timeline",
        "/search",
        "/copies",
        "/article/x",
        "/actor/x",
        "/copies/a/b",
        "/docs",
    ]:
        r = api.get(path)
        assert r.status_code == 200, path
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert "http://" not in r.text and "https://" not in r.text, path  # nothing from a CDN
    spec = api.get("/openapi.json").json()
    assert "/api/timeline" in spec["paths"] and "/api/graph" in spec["paths"]
    for name in ("app.js", "pages.js", "network.js", "docs.js"):
        js = api.get("/static/" + name)
        assert js.headers["content-type"].startswith("text/javascript")
        # data enters pages as text nodes only
        assert "innerHTML" not in js.text and "insertAdjacentHTML" not in js.text, name
        assert "document.write" not in js.text and "eval(" not in js.text, name


def test_foreign_host_header_is_refused(server):
    r = httpx.get(server.base + "/api/overview", headers={"Host": "evil.example"})
    assert r.status_code == 400
