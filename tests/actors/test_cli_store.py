"""Store and CLI: actors listed, --why explained, merge and split surviving a re-build."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app

ARTICLE_A = (
    "date 2021-09-09\n\n"
    "Russian President Vladimir Putin warned on Monday that the Islamic State Khorasan Province "
    "(ISKP) was spreading north. Putin said Russian security services had seen fighters cross "
    "into Tajikistan. The Kremlin said the Taliban had promised to act.\n"
)
ARTICLE_B = (
    "Tajik Foreign Minister Dilshod Qodirzoda met Western envoys in Dushanbe on Tuesday. "
    "Qodirzoda said ISIS-K posed the main threat, and Moscow said it would send advisers.\n"
)

runner = CliRunner()


def build(folder: Path, db: Path) -> None:
    result = runner.invoke(app, ["build", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output


def mention_actors(db: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(db)
    out: dict[str, set[str]] = {}
    for text, actor_id in conn.execute("select text, actor_id from mentions"):
        out.setdefault(actor_id, set()).add(text)
    conn.close()
    return out


def rebuild(folder: Path, db: Path) -> None:
    """Force every document through analysis again, as a re-build does."""
    conn = sqlite3.connect(db)
    conn.execute("delete from stage_done where stage='analyse'")
    conn.commit()
    conn.close()
    build(folder, db)


def test_actors_why_merge_split_survive_rebuild(tmp_path: Path, nlp):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    db = tmp_path / "corpus.db"
    build(folder, db)

    listed = runner.invoke(app, ["actors", "--db", str(db), "--json", "-n", "0"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    iskp = next(r for r in rows if r["id"] == "group:iskp")
    assert {"ISKP", "ISIS-K"} <= set(iskp["written"])

    why = runner.invoke(app, ["actor", "Putin", "--db", str(db), "--why"])
    assert why.exit_code == 0, why.output
    assert "short-form" in why.output and "exact-alias" in why.output
    assert "Russian President Vladimir Putin" in why.output

    merged = runner.invoke(app, ["actor", "merge", "Islamic State", "ISKP", "--db", str(db)])
    assert merged.exit_code == 0, merged.output
    split = runner.invoke(app, ["actor", "split", "RUS.GOV", "Moscow", "--db", str(db)])
    assert split.exit_code == 0, split.output

    for attempt in ("after the decision", "after a re-build"):
        by_actor = mention_actors(db)
        assert "group:iskp" not in by_actor, attempt
        assert {"ISKP", "ISIS-K"} <= by_actor["group:islamic-state"], attempt
        assert "Moscow" in by_actor["user:moscow"], attempt
        assert "Moscow" not in by_actor.get("RUS.GOV", set()), attempt
        assert "Kremlin" in by_actor["RUS.GOV"], attempt
        rebuild(folder, db)

    from newsgraph.actors.export import iter_actor_records
    from newsgraph.store import db as store_db

    conn = store_db.connect(db)
    records = {r["id"]: r for r in iter_actor_records(conn)}
    assert "group:iskp" not in records
    assert "ISKP" in records["group:islamic-state"]["aliases"]
    assert records["new:dilshod-qodirzoda"]["country"] == "TJK"
    assert set(records["RUS"]) == {"id", "name", "aliases", "kind", "country", "sector", "wikidata"}


def test_unknown_actor_name_is_a_clear_error(tmp_path: Path):
    db = tmp_path / "empty.db"
    from newsgraph.store import db as store_db

    store_db.connect(db).close()
    result = runner.invoke(app, ["actor", "Nobody Atall", "--db", str(db)])
    assert result.exit_code != 0
    assert "no actor matches" in str(result.exception) or "no actor matches" in result.output
