"""`newsgraph dupes` and `newsgraph diff` over a built store (typer's CliRunner, real app)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.cli.copies import _word_changes

from .conftest import doc_ids_by_name, open_db

runner = CliRunner()


def _ids(db) -> dict[str, str]:
    conn = open_db(db)
    try:
        return doc_ids_by_name(conn)
    finally:
        conn.close()


def test_dupes_lists_the_story_and_its_relations(built):
    db, _ = built
    result = runner.invoke(app, ["dupes", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    ids = _ids(db)
    assert "6 documents" in result.output
    for kind in ("exact", "near", "contains", "rewrite", "translation"):
        assert kind in result.output
    assert ids["same_event_1.txt"][:12] not in result.output


def test_dupes_json_and_export(built, tmp_path):
    db, _ = built
    result = runner.invoke(app, ["dupes", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["stories"]) == 1 and data["stories"][0]["size"] == 6
    assert len(data["relations"]) == 15
    assert {"a", "b", "kind", "score", "aligned", "a_only", "b_only"} <= set(data["relations"][0])

    out = tmp_path / "copies.jsonl"
    result = runner.invoke(app, ["dupes", "--db", str(db), "--export", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kinds = [r["record"] for r in records]
    assert kinds.count("relation") == 15
    assert kinds.count("story") == 3  # singletons included: every document is in a story


def test_diff_shows_aligned_sentences_and_the_dropped_ones(built):
    db, _ = built
    ids = _ids(db)
    result = runner.invoke(
        app,
        ["diff", ids["original.txt"][:10], ids["contains.txt"][:10], "--db", str(db)],
        env={"COLUMNS": "220"},
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "contains" in out and "score" in out
    assert "Naryn river" in out  # an aligned sentence
    assert "only in the left one" in out and "4 sentences" in out
    assert "regional summit" in out  # a dropped sentence is listed


def test_diff_of_a_rewrite_highlights_changed_words(built):
    db, _ = built
    ids = _ids(db)
    result = runner.invoke(
        app,
        ["diff", ids["near.txt"], ids["original.txt"], "--db", str(db)],
        env={"COLUMNS": "220", "FORCE_COLOR": "1", "TERM": "xterm-256color"},
        color=True,
    )
    assert result.exit_code == 0, result.output
    assert "near" in result.output
    assert "Friday" in result.output and "Thursday" in result.output
    left, right = _word_changes("talks ended on Thursday [x]", "talks ended on Friday [x]")
    assert "[bold red]Thursday[/]" in left and "[bold green]Friday[/]" in right
    assert "\\[x]" in left  # article text is escaped, never read as markup


def test_diff_refuses_unrelated_or_unknown_documents(built):
    db, _ = built
    ids = _ids(db)
    result = runner.invoke(
        app, ["diff", ids["original.txt"], ids["same_event_1.txt"], "--db", str(db)]
    )
    assert result.exit_code == 1
    assert "not copies" in result.output
    result = runner.invoke(app, ["diff", "no-such-doc", ids["original.txt"], "--db", str(db)])
    assert result.exit_code == 2
