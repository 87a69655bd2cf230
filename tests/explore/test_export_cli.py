"""Exports and the explore commands, through the real CLI over a real store."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest
from tests_explore_store import CONTRACT
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.query.common import normalise_quad


@pytest.fixture(scope="module")
def run(store):
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", str(store["db"])], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    return invoke


def test_export_events_jsonl_follows_the_contract(run, tmp_path, store):
    out = tmp_path / "events.jsonl"
    run("export", "events", "--format", "jsonl", "-o", str(out))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 12
    assert all(list(r) == CONTRACT for r in records)
    threat = next(r for r in records if r["type"] == "THREATEN")
    assert threat["source"] == {
        "id": "T.EFR",
        "name": "Eastern Front",
        "country": "NTH",
        "sector": "REB",
        "wikidata": None,
    }
    assert normalise_quad(threat["quad_class"]) == "verbal_conflict"
    assert set(threat["text_info"]) == {"sentence", "start", "end"}
    assert threat["cite_info"]["published"] == "2024-05-02"
    assert "threatened" in threat["text_info"]["sentence"]
    again = tmp_path / "again.jsonl"
    run("export", "events", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_export_events_csv_and_parquet_agree(run, tmp_path):
    run("export", "events", "--format", "csv", "-o", str(tmp_path / "e.csv"))
    run("export", "events", "--format", "parquet", "-o", str(tmp_path / "e.parquet"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text())))
    table = pq.read_table(tmp_path / "e.parquet")
    assert len(rows) == table.num_rows == 12
    assert rows[0]["source.name"] == table.column("source.name")[0].as_py()
    assert table.schema.field("negated").type == "bool"
    assert sum(table.column("negated").to_pylist()) == 1


def test_export_actors_and_documents(run, tmp_path):
    actors = [json.loads(x) for x in run("export", "actors").splitlines()]
    front = next(a for a in actors if a["id"] == "T.EFR")
    assert front == {
        "id": "T.EFR",
        "name": "Eastern Front",
        "aliases": ["EF", "the Front"],
        "kind": "group",
        "country": "NTH",
        "sector": "REB",
        "wikidata": None,
    }
    run("export", "actors", "--format", "parquet", "-o", str(tmp_path / "a.parquet"))
    assert pq.read_table(tmp_path / "a.parquet").num_rows == len(actors)
    docs = [json.loads(x) for x in run("export", "documents").splitlines()]
    assert len(docs) == 4
    assert set(docs[0]) == {
        "id",
        "source",
        "title",
        "authors",
        "published",
        "published_precision",
        "language",
        "body",
    }
    run("export", "documents", "--format", "csv", "-o", str(tmp_path / "d.csv"))
    assert len(list(csv.DictReader(io.StringIO((tmp_path / "d.csv").read_text())))) == 4


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_graph_opens_in_networkx(run, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    run("export", "graph", "--format", fmt, "-o", str(out))
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert {"T.NTH", "T.STH", "T.EFR"} <= set(g.nodes)
    assert int(g.edges["T.NTH", "T.STH"]["count"]) == 4


def test_graph_command_window(run, tmp_path):
    out = tmp_path / "w.graphml"
    run("graph", "--since", "2018", "--until", "2018", "-o", str(out))
    g = nx.read_graphml(out)
    assert set(g.edges) == {("T.NTH", "T.STH"), ("T.STH", "T.NTH")}


def test_export_relations_and_stories(run):
    rel = [json.loads(x) for x in run("export", "relations").splitlines()]
    assert any(r["kind"] for r in rel)
    stories = [json.loads(x) for x in run("export", "stories").splitlines()]
    assert stories


def test_dossier_and_search_commands(run):
    text = run("dossier", "the Front")
    assert "Eastern Front" in text and "armed group" in text
    data = json.loads(run("dossier", "Northland", "--json"))
    assert data["partners"][0]["id"] == "T.STH"
    hits = json.loads(run("search", "river", "--json"))
    assert hits["total"] == 2
    assert "Northland" in run("search", "Northland", "--since", "2021")


def test_bad_export_kind_is_refused(store):
    result = CliRunner().invoke(app, ["export", "everything", "--db", str(store["db"])])
    assert result.exit_code != 0
    assert "everything" in str(result.exception) or "everything" in result.output
