"""dupes, diff: the copies of articles found in the store."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from newsgraph.cli import app
from newsgraph.cli.common import DbOption, console, err_console, open_corpus
from newsgraph.model import DocRelation, Document


@app.command()
def dupes(
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print stories and relations as JSON."),
    singletons: bool = typer.Option(
        False, "--all", help="List stories without copies too (every document is in a story)."
    ),
    export: Path = typer.Option(
        None,
        "--export",
        help="Write every relation and story to this JSONL file, one object per line with "
        '"record": "relation" or "story".',
    ),
) -> None:
    """Stories (copies of one article) and the copy relations between documents.

    Examples:

      newsgraph dupes

      newsgraph dupes --json

      newsgraph dupes --export copies.jsonl
    """
    from newsgraph.dedup.export import iter_relation_records, iter_story_records

    corpus = open_corpus(db)
    conn = corpus.conn
    min_members = 1 if singletons else 2
    if export is not None:
        count = 0
        with export.open("w", encoding="utf-8") as fh:
            for record in iter_story_records(conn, min_members=1):
                fh.write(json.dumps({"record": "story", **record}, ensure_ascii=False) + "\n")
                count += 1
            for record in iter_relation_records(conn):
                fh.write(json.dumps({"record": "relation", **record}, ensure_ascii=False) + "\n")
                count += 1
        err_console.print(f"{count} records -> {escape(str(export))}")
        return
    stories = list(iter_story_records(conn, min_members=min_members))
    relations = list(iter_relation_records(conn))
    if as_json:
        print(
            json.dumps({"stories": stories, "relations": relations}, ensure_ascii=False, indent=1)
        )
        return
    if not stories:
        console.print("no copies found (every document is its own story)")
        return
    titles = {r[0]: (r[1] or r[2]) for r in conn.execute("select id, title, source from documents")}
    by_doc: dict[str, list[dict]] = {}
    for r in relations:
        by_doc.setdefault(r["a"], []).append(r)
    for story in stories:
        console.print(
            f"[bold]{escape(story['id'])}[/]  {story['size']} documents  ·  canonical "
            f"[green]{story['canonical'][:12]}[/] {escape(_short(titles.get(story['canonical'])))}"
        )
        table = Table("a", "kind", "b", "score", "aligned", "a only", "b only", box=None)
        for member in story["members"]:
            for r in by_doc.get(member, []):
                table.add_row(
                    f"{r['a'][:12]} {escape(_short(titles.get(r['a']), 30))}",
                    r["kind"],
                    f"{r['b'][:12]} {escape(_short(titles.get(r['b']), 30))}",
                    f"{r['score']:.2f}",
                    str(len(r["aligned"])),
                    str(len(r["a_only"])),
                    str(len(r["b_only"])),
                )
        console.print(table)
        console.print()


def _short(text: str | None, width: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command()
def diff(
    doc_a: str = typer.Argument(..., help="First document: id, unique id prefix or source path."),
    doc_b: str = typer.Argument(..., help="Second document."),
    db: Path = DbOption,
) -> None:
    """Show two copies side by side, sentence by sentence, with the changes highlighted and
    the sentences one of them dropped or added listed.

    Example:

      newsgraph diff 6e5bc171 cf0b1fa3
    """
    from newsgraph.store import copies as store_copies

    corpus = open_corpus(db)
    a = corpus.document(doc_a)
    b = corpus.document(doc_b)
    for ref, doc in ((doc_a, a), (doc_b, b)):
        if doc is None:
            err_console.print(f"no single document matches {escape(ref)!r}; see `newsgraph docs`")
            raise typer.Exit(code=2)
    assert a is not None and b is not None
    relation = store_copies.relation_between(corpus.conn, a.id, b.id)
    if relation is None:
        console.print(
            f"{a.id[:12]} and {b.id[:12]} are not copies of each other (no relation found); "
            "see `newsgraph dupes`"
        )
        raise typer.Exit(code=1)
    if relation.a != a.id:
        relation = _swap(relation)
    render_diff(a, b, relation)


def _swap(r: DocRelation) -> DocRelation:
    from newsgraph.model import AlignedPair

    return DocRelation(
        a=r.b,
        b=r.a,
        kind=r.kind,
        score=r.score,
        aligned=tuple(
            AlignedPair(p.b_start, p.b_end, p.a_start, p.a_end, p.similarity) for p in r.aligned
        ),
        a_only=r.b_only,
        b_only=r.a_only,
    )


def render_diff(a: Document, b: Document, r: DocRelation) -> None:
    """Print the aligned side-by-side view of a relation (a and b in the order of `r`)."""
    direction = ""
    if r.kind == "contains":
        direction = " (the left one contains the right one)" if r.a == a.id else ""
    console.print(
        f"[bold]{r.kind}[/]{direction}  score {r.score:.2f}  ·  {len(r.aligned)} sentence pairs, "
        f"{len(r.a_only)} only left, {len(r.b_only)} only right"
    )
    table = Table(
        f"{a.id[:12]} {escape(_short(a.title or a.source, 40))}",
        "sim",
        f"{b.id[:12]} {escape(_short(b.title or b.source, 40))}",
        show_lines=True,
        expand=True,
    )
    highlight = r.kind != "translation"  # word changes mean nothing across languages
    for row in _rows(r):
        kind, span_a, span_b, sim = row
        if kind == "pair":
            left, right = a.body[span_a[0] : span_a[1]], b.body[span_b[0] : span_b[1]]
            if highlight:
                left, right = _word_changes(left, right)
            else:
                left, right = escape(left), escape(right)
            table.add_row(left, f"{sim:.2f}", right)
        elif kind == "a":
            table.add_row(f"[red]{escape(a.body[span_a[0] : span_a[1]])}[/]", "", "[dim]—[/]")
        else:
            table.add_row("[dim]—[/]", "", f"[green]{escape(b.body[span_b[0] : span_b[1]])}[/]")
    console.print(table)
    for title, spans, body, colour in (
        ("only in the left one (dropped by the right one)", r.a_only, a.body, "red"),
        ("only in the right one (added by it)", r.b_only, b.body, "green"),
    ):
        if spans:
            console.print(f"[bold]{title}:[/] {len(spans)} sentences")
            for s, e in spans:
                console.print(f"  [{colour}]- {escape(_short(body[s:e], 160))}[/]")


def _rows(
    r: DocRelation,
) -> list[tuple[str, tuple[int, int] | None, tuple[int, int] | None, float]]:
    """Aligned pairs and left-only sentences in left order; right-only sentences placed after
    the pair that precedes them on the right."""
    rows: list = [
        ("pair", (p.a_start, p.a_end), (p.b_start, p.b_end), p.similarity) for p in r.aligned
    ]
    rows += [("a", span, None, 0.0) for span in r.a_only]
    rows.sort(key=lambda row: row[1][0])
    for span in sorted(r.b_only, reverse=True):
        after = max(
            (k for k, row in enumerate(rows) if row[0] == "pair" and row[2][1] <= span[0]),
            default=-1,
        )
        rows.insert(after + 1, ("b", None, span, 0.0))
    return rows


def _word_changes(left: str, right: str) -> tuple[str, str]:
    """Rich markup of two sentences with removed words red (left) and added words green (right)."""
    lw, rw = left.split(), right.split()
    out_l: list[str] = []
    out_r: list[str] = []
    matcher = difflib.SequenceMatcher(a=lw, b=rw, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        chunk_l = escape(" ".join(lw[i1:i2]))
        chunk_r = escape(" ".join(rw[j1:j2]))
        if op == "equal":
            out_l.append(chunk_l)
            out_r.append(chunk_r)
            continue
        if chunk_l:
            out_l.append(f"[bold red]{chunk_l}[/]")
        if chunk_r:
            out_r.append(f"[bold green]{chunk_r}[/]")
    return " ".join(out_l), " ".join(out_r)
