"""events, timeline: the PLOVER events of the store, with the sentence that states each."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from newsgraph.cli import app
from newsgraph.cli.common import DbOption, console, err_console
from newsgraph.events.query import DEFAULT_MIN_CONFIDENCE

_ACTOR = typer.Option(None, "--actor", "-a", help="Actor id, name or alias (e.g. RUS, Taliban).")
_TYPE = typer.Option(None, "--type", "-t", help="PLOVER type: ASSAULT, CONSULT, AID ...")
_SINCE = typer.Option(None, "--since", help="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")
_UNTIL = typer.Option(None, "--until", help="Up to this date: YYYY, YYYY-MM or YYYY-MM-DD.")
_HYP = typer.Option(
    False,
    "--include-hypothetical",
    help="Also show hypothetical and future events (could, would, plans to, if ...).",
)
_NEG = typer.Option(
    False,
    "--include-negated",
    help="Also show negated events (did not, refused to, has yet to ...).",
)
_MIN_CONF = typer.Option(
    DEFAULT_MIN_CONFIDENCE,
    "--min-confidence",
    min=0.0,
    max=1.0,
    help=(
        "Hide events below this confidence (default: hides events with no actor and "
        "those found only through weak cues; 0 shows every stored event)."
    ),
)
_JSON = typer.Option(False, "--json", help="One JSON record per line (the export contract).")
_COPIES = typer.Option(
    False, "--every-copy", help="Count each copy of a story separately (default: once per story)."
)


def _connect(db: Path) -> sqlite3.Connection:
    if not db.exists():
        err_console.print(
            f"no database at {escape(str(db))}; run `newsgraph build PATH --db {escape(str(db))}` first"
        )
        raise typer.Exit(code=2)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _actors(items: list[dict]) -> str:
    return ", ".join(a["name"] or a["id"] for a in items) or "-"


def _flags(r: dict) -> str:
    marks = [name for name in ("negated", "hypothetical", "reported", "historical") if r[name]]
    return " ".join(marks)


def _show(records: list[dict], as_json: bool, title: str) -> None:
    if as_json:
        for r in records:
            console.print_json(json.dumps(r, ensure_ascii=False))
        return
    if not records:
        console.print(
            "no events match; try --include-hypothetical, --include-negated, "
            "--min-confidence 0 or a wider date range"
        )
        return
    table = Table(title=title, show_lines=True)
    for col in ("date", "type", "source", "target", "where", "flags", "conf", "evidence"):
        table.add_column(col, overflow="fold")
    for r in records:
        sentence = r["text_info"]["sentence"].strip()
        trig = r["trigger"]
        pos = sentence.find(trig)
        evidence = (
            escape(sentence)
            if pos < 0
            else (
                escape(sentence[:pos])
                + f"[bold]{escape(trig)}[/]"
                + escape(sentence[pos + len(trig) :])
            )
        )
        type_text = r["type"] + (f"/{r['mode']}" if r["mode"] else "")
        copies = f" ×{r['copies']}" if r.get("copies", 1) > 1 else ""
        table.add_row(
            r["date"] or "",
            type_text + copies,
            escape(_actors(r["sources"])),
            escape(_actors(r["targets"])),
            escape(r["location"] or ""),
            _flags(r),
            f"{r['confidence']:.2f}",
            evidence[:600],
        )
    console.print(table)


@app.command()
def events(
    db: Path = DbOption,
    actor: str = _ACTOR,
    type: str = _TYPE,  # noqa: A002
    since: str = _SINCE,
    until: str = _UNTIL,
    include_hypothetical: bool = _HYP,
    include_negated: bool = _NEG,
    every_copy: bool = _COPIES,
    min_confidence: float = _MIN_CONF,
    as_json: bool = _JSON,
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
) -> None:
    """List PLOVER events, once per story, factual ones unless asked.

    Examples:

      newsgraph events --actor Taliban --type CONSULT

      newsgraph events --since 2021-08 --include-hypothetical --json
    """
    from newsgraph.events.query import list_events

    conn = _connect(db)
    records = list_events(
        conn,
        actor=actor,
        type=type,
        since=since,
        until=until,
        include_hypothetical=include_hypothetical,
        include_negated=include_negated,
        per_story=not every_copy,
        limit=limit,
        offset=offset,
        min_confidence=min_confidence,
    )
    _show(records, as_json, "events")


@app.command()
def timeline(
    db: Path = DbOption,
    actor: str = _ACTOR,
    type: str = _TYPE,  # noqa: A002
    since: str = _SINCE,
    until: str = _UNTIL,
    include_hypothetical: bool = _HYP,
    include_negated: bool = _NEG,
    every_copy: bool = _COPIES,
    min_confidence: float = _MIN_CONF,
    as_json: bool = _JSON,
    limit: int = typer.Option(200, "--limit", "-n"),
) -> None:
    """Dated events in the order they happened, with the sentence that dates each.

    Example:  newsgraph timeline --actor Russia --since 2001 --until 2002
    """
    from newsgraph.events.query import timeline as timeline_q

    conn = _connect(db)
    records = timeline_q(
        conn,
        actor=actor,
        type=type,
        since=since,
        until=until,
        include_hypothetical=include_hypothetical,
        include_negated=include_negated,
        per_story=not every_copy,
        limit=limit,
        min_confidence=min_confidence,
    )
    _show(records, as_json, "timeline")
