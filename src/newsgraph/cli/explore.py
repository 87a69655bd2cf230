"""search, graph, dossier, export, serve: the explore commands over `newsgraph.query`."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from newsgraph import errors
from newsgraph.cli import app
from newsgraph.cli.common import DbOption, console, err_console, open_corpus
from newsgraph.errors import QueryError

EXPORT_KINDS = ("documents", "events", "actors", "graph", "relations", "stories")


@contextmanager
def _output(path: Path | None):
    """A binary stream: the file at `path`, or stdout when it is None or '-'."""
    if path is None or str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        with open(path, "wb") as fh:
            yield fh


@app.command()
def search(
    query: str = typer.Argument(..., help='Words (all must occur) or "a phrase".'),
    db: Path = DbOption,
    actor: str = typer.Option(None, "--actor", help="Only articles with this actor."),
    type_: str = typer.Option(None, "--type", help="Only articles with an event of this type."),
    since: str = typer.Option(None, "--since", help="Published on or after YYYY[-MM[-DD]]."),
    until: str = typer.Option(None, "--until", help="Published on or before YYYY[-MM[-DD]]."),
    limit: int = typer.Option(20, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Full-text search over the articles, with actor, type and date facets.

    Example:  newsgraph search "islamic state" --since 2021
    """
    from newsgraph.query import SearchParams

    result = open_corpus(db).search(
        SearchParams(
            query=query,
            actor=actor,
            type=type_,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    )
    if as_json:
        console.print_json(json.dumps(result, ensure_ascii=False))
        return
    table = Table("id", "published", "title", "snippet", title=f"{result['total']} articles match")
    for hit in result["items"]:
        snippet = (
            escape(hit["snippet"] or "").replace("\x02", "[bold yellow]").replace("\x03", "[/]")
        )
        table.add_row(hit["id"][:12], hit["published"] or "", escape(hit["title"] or ""), snippet)
    console.print(table)
    facets = result["facets"]
    if facets["actors"]:
        console.print(
            "actors: " + ", ".join(f"{escape(a['name'])} ({a['count']})" for a in facets["actors"])
        )
    if facets["types"]:
        console.print("types: " + ", ".join(f"{t['type']} ({t['count']})" for t in facets["types"]))
    if facets["years"]:
        console.print("years: " + ", ".join(f"{y['year']} ({y['count']})" for y in facets["years"]))


@app.command()
def graph(
    db: Path = DbOption,
    since: str = typer.Option(None, "--since", help="Events from YYYY[-MM[-DD]]."),
    until: str = typer.Option(None, "--until", help="Events up to YYYY[-MM[-DD]]."),
    fmt: str = typer.Option("graphml", "--format", help="graphml or gexf (both open in Gephi)."),
    out: Path = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
    include_negated: bool = typer.Option(False, "--include-negated"),
    include_hypothetical: bool = typer.Option(False, "--include-hypothetical"),
    min_count: int = typer.Option(1, "--min-count", help="Drop edges with fewer story-events."),
) -> None:
    """Write the actor graph of a time window: nodes are actors, edges count events
    once per story, split by quad class, with a cooperation-conflict score.

    Example:  newsgraph graph --since 2016 --until 2024 --format gexf -o actors.gexf
    """
    from newsgraph.export import write_graph
    from newsgraph.query import GraphParams, Window

    params = GraphParams(
        window=Window(
            since=since,
            until=until,
            include_negated=include_negated,
            include_hypothetical=include_hypothetical,
        ),
        min_count=min_count,
    )
    g = open_corpus(db).graph(params)
    with _output(out) as fh:
        write_graph(g, fh, fmt)
    if out is not None and str(out) != "-":
        err_console.print(f"{g.number_of_nodes()} actors, {g.number_of_edges()} edges -> {out}")


@app.command()
def dossier(
    name: str = typer.Argument(..., help="Actor id, name or alias (any case)."),
    db: Path = DbOption,
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    as_json: bool = typer.Option(False, "--json", help="Print the dossier as JSON."),
) -> None:
    """Everything the corpus says about one actor: aliases, roles, events by type and
    year, partners and adversaries, quotes, first and last seen.

    Example:  newsgraph dossier "ISIS-K"
    """
    from newsgraph.query import Window

    d = open_corpus(db).dossier(name, Window(since=since, until=until))
    if as_json:
        console.print_json(json.dumps(d, ensure_ascii=False))
        return
    a = d["actor"]
    console.print(
        f"[bold]{escape(a['name'])}[/]  ({a['id']}; {a['kind']}; "
        f"{a['country'] or '-'} {a['sector'] or ''})"
    )
    if d["aliases"]:
        console.print("also: " + escape(", ".join(d["aliases"])))
    for r in d["roles"]:
        console.print(
            f"role: {escape(r['title'])} {r['country']} {r['sector']} "
            f"{r['start'] or '?'} - {r['end'] or 'now'}"
        )
    console.print(
        f"seen {d['first_seen'] or '?'} .. {d['last_seen'] or '?'}; {d['mentions']} mentions "
        f"in {d['documents']} articles; {d['quotes_total']} quotes"
    )
    counts: dict[tuple[str, str], int] = {}
    for c in d["counts"]:
        key = (c["year"] or "undated", c["type"])
        counts[key] = counts.get(key, 0) + c["count"]
    if counts:
        table = Table("year", "type", "events", title="events by type and year (once per story)")
        for (year, t), n in sorted(counts.items()):
            table.add_row(year, t, str(n))
        console.print(table)
    for title, key in (("partners", "partners"), ("adversaries", "adversaries")):
        if d[key]:
            console.print(
                f"{title}: " + ", ".join(f"{escape(p['name'])} ({p['count']})" for p in d[key])
            )
    for q in d["quotes"][:5]:
        console.print(
            f"  “{escape(q['text'][:200])}” — {escape(q['speaker_text'])}, {q['published'] or ''}"
        )


@app.command()
def export(
    kind: str = typer.Argument(..., help="documents, events, actors, graph, relations or stories."),
    db: Path = DbOption,
    fmt: str = typer.Option(
        None, "--format", help="jsonl (default), csv or parquet; graph: graphml (default) or gexf."
    ),
    out: Path = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
) -> None:
    """Export the store: events in the export contract of DESIGN.md, actors,
    documents, the actor graph, copy relations or stories.

    Examples:

      newsgraph export events --format parquet -o events.parquet

      newsgraph export graph --format gexf -o actors.gexf
    """
    from newsgraph import export as ex

    if kind not in EXPORT_KINDS:
        raise QueryError(
            errors.UNKNOWN_EXPORT.format(
                kind=kind, fmt=fmt or "", detail="kinds: " + ", ".join(EXPORT_KINDS)
            ),
            source="kind",
        )
    corpus = open_corpus(db)
    if kind == "graph":
        with _output(out) as fh:
            ex.write_graph(corpus.graph(), fh, fmt or "graphml")
        return
    fmt = fmt or "jsonl"
    if fmt not in ex.FORMATS:
        raise QueryError(
            errors.UNKNOWN_EXPORT.format(kind=kind, fmt=fmt, detail="use " + ", ".join(ex.FORMATS)),
            source="format",
        )
    if kind in ("relations", "stories"):
        n = _export_copies(corpus, kind, fmt, out)
    else:
        from newsgraph.actors.export import iter_actor_records
        from newsgraph.events.query import iter_event_records

        # the events and actors stages own their records; this command writes them
        records, columns = {
            "events": (
                lambda: map(ex.event_contract, iter_event_records(corpus.conn)),
                ex.EVENT_COLUMNS,
            ),
            "actors": (lambda: iter_actor_records(corpus.conn), ex.ACTOR_COLUMNS),
            "documents": (corpus.iter_document_records, ex.DOCUMENT_COLUMNS),
        }[kind]
        with _output(out) as fh:
            n = ex.export_records(records(), fh, fmt, columns)
    if out is not None and str(out) != "-":
        err_console.print(f"{n} {kind} -> {out}")


def _export_copies(corpus, kind: str, fmt: str, out: Path | None) -> int:
    """Relations and stories belong to the copies stage: use its exporter when present."""
    try:
        from newsgraph.dedup import export as dedup_export
    except ImportError:
        dedup_export = None
    if dedup_export is not None and hasattr(dedup_export, "export"):
        with _output(out) as fh:
            return dedup_export.export(corpus.conn, kind, fh, fmt)
    from newsgraph import export as ex
    from newsgraph.query import PageParams

    pages = corpus.relations if kind == "relations" else corpus.stories
    records = []
    offset = 0
    while True:
        page = pages(PageParams(limit=1000, offset=offset))
        records.extend(page["items"])
        offset += 1000
        if offset >= page["total"]:
            break
    columns = tuple((k, ex.pa.string()) for k in (records[0].keys() if records else ("id",)))
    with _output(out) as fh:
        return ex.export_records(
            (
                {
                    k: json.dumps(v)
                    if isinstance(v, (list, dict))
                    else (None if v is None else str(v))
                    for k, v in r.items()
                }
                if fmt != "jsonl"
                else r
                for r in records
            ),
            fh,
            fmt,
            columns,
        )


@app.command()
def serve(
    db: Path = DbOption,
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to bind. Only this machine by default; 0.0.0.0 exposes it.",
    ),
    port: int = typer.Option(8000, "--port"),
    allow_writes: bool = typer.Option(
        False, "--allow-writes", help="Open the store for writing (actor overrides)."
    ),
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI reader at /docs), read-only.

    Example:  newsgraph serve --db region.db   then open http://127.0.0.1:8000
    """
    import uvicorn

    from newsgraph.api import LOOPBACK_HOSTS, create_app

    loopback = host in ("127.0.0.1", "localhost", "::1")
    application = create_app(
        db, read_only=not allow_writes, allowed_hosts=LOOPBACK_HOSTS if loopback else None
    )
    if not loopback:
        err_console.print(f"[yellow]warning[/]: serving on {host}, reachable from other machines")
    err_console.print(
        f"newsgraph on http://{host}:{port}  ({db}, "
        f"{'read-write' if allow_writes else 'read-only'})"
    )
    uvicorn.run(application, host=host, port=port, log_level="warning")
