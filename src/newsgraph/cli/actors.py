"""actors, actor NAME [--why], actor merge A B, actor split A ALIAS."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from newsgraph.cli import app
from newsgraph.cli.common import DbOption, console, err_console


def _open(db: Path):
    from newsgraph.store import db as store_db

    return store_db.connect(db, create=False)


def _ensure_kb(conn) -> None:
    """A store built with --no-analyse has no copy of the knowledge base yet."""
    from newsgraph.store.analysis import load_user_actors

    load_user_actors(conn)


@app.command("actors")
def actors_cmd(
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    limit: int = typer.Option(100, "--limit", "-n", help="Show at most this many (0: all)."),
) -> None:
    """List the actors the corpus mentions, most mentioned first, with the names the
    articles use for each and the rules that joined them."""
    from newsgraph.store import actors as store_actors

    conn = _open(db)
    rows = store_actors.mentioned_actors(conn)
    if limit:
        rows = rows[:limit]
    if as_json:
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False))
        return
    table = Table("id", "name", "country", "sector", "mentions", "written as", "rules")
    for r in rows:
        table.add_row(
            escape(r["id"]),
            escape(r["name"]),
            r["country"] or "",
            r["sector"] or "",
            str(r["mentions"]),
            escape(" | ".join(r["written"])[:80]),
            ", ".join(r["rules"]),
        )
    console.print(table)


def _pick(conn, name: str) -> dict:
    from newsgraph import errors
    from newsgraph.errors import QueryError
    from newsgraph.store import actors as store_actors

    found = store_actors.find_actors(conn, name)
    if not found:
        _ensure_kb(conn)
        found = store_actors.find_actors(conn, name)
    if not found:
        raise QueryError(errors.ACTOR_NOT_FOUND.format(name=name), source="actor")
    if len(found) > 1:
        ids = ", ".join(r["id"] for r in found[:8])
        err_console.print(
            f"[yellow]{escape(name)!r} names {len(found)} actors ({escape(ids)}); "
            f"showing {escape(found[0]['id'])}. Pass an id to choose.[/]"
        )
    return dict(found[0])


def show_actor(name: str, db: Path, why: bool, as_json: bool) -> None:
    from newsgraph.store import actors as store_actors

    conn = _open(db)
    actor = _pick(conn, name)
    aliases = [
        a
        for (a,) in conn.execute(
            "select alias from actor_aliases where actor_id=? order by alias", (actor["id"],)
        )
    ]
    roles = [
        dict(r)
        for r in conn.execute(
            "select title, country, sector, start, end from actor_roles where actor_id=? "
            "order by start",
            (actor["id"],),
        )
    ]
    mentions = store_actors.actor_mentions(conn, actor["id"])
    if as_json:
        typer.echo(
            json.dumps(
                {
                    **{
                        k: actor[k]
                        for k in (
                            "id",
                            "name",
                            "kind",
                            "country",
                            "sector",
                            "wikidata",
                            "description",
                        )
                    },
                    "aliases": aliases,
                    "roles": roles,
                    "mentions": mentions,
                },
                ensure_ascii=False,
            )
        )
        return
    console.print(
        f"[bold]{escape(actor['name'])}[/]  {escape(actor['id'])}  ·  {actor['kind']}  ·  "
        f"country {actor['country'] or '-'}  sector {actor['sector'] or '-'}  ·  "
        f"wikidata {actor['wikidata'] or '-'}"
    )
    if actor.get("description"):
        console.print(escape(actor["description"]))
    if aliases:
        console.print("aliases: " + escape(" | ".join(aliases)))
    for r in roles:
        console.print(
            f"  {escape(r['title'])} ({r['country']} {r['sector']}) "
            f"{r['start'] or '?'} – {r['end'] or 'now'}"
        )
    by_rule: dict[str, list[dict]] = {}
    for m in mentions:
        by_rule.setdefault(m["rule"], []).append(m)
    console.print(
        f"{len(mentions)} mentions: "
        + ", ".join(f"{rule} {len(ms)}" for rule, ms in sorted(by_rule.items()))
    )
    if not why:
        return
    for rule, ms in sorted(by_rule.items()):
        console.print(f"\n[bold]{rule}[/] — {escape(RULE_TEXT.get(rule, ''))}")
        for m in ms:
            s = m["sentence"]
            a = m["start"] - m["sentence_start"]
            b = m["end"] - m["sentence_start"]
            marked = (
                escape(s[:a]) + "[reverse]" + escape(s[a:b]) + "[/]" + escape(s[b:])
                if 0 <= a <= b <= len(s)
                else escape(s)
            )
            console.print(
                f"  [cyan]{escape(m['text'])!r}[/] ({m['country'] or '-'} "
                f"{m['sector'] or '-'}) in {m['doc_id'][:12]}: {marked}"
            )


RULE_TEXT = {
    "exact-alias": "the name is an alias of this actor in the knowledge base",
    "metonym": "a seat of power or an acting capital stands for the government",
    "place": "a place name used as a location; the actor is the country it lies in",
    "demonym-title": "a nationality or country followed by an office or body",
    "demonym": "a nationality adjective stands for the country",
    "demonym-people": "a nationality noun: the country's people, counted under the country",
    "sector-noun": "a collective noun of a sector with the country its phrase or sentence names",
    "short-form": "a short form the document introduced (surname, acronym)",
    "surname": "a lone surname: the person of that name in office at the article's date",
    "fuzzy": "a near spelling of a known alias",
    "new-actor": "unknown to the knowledge base: a new actor from what the text says",
}


def merge_cmd(
    keep: str = typer.Argument(..., help="The actor that stays (id, name or alias)."),
    other: str = typer.Argument(..., help="The actor folded into it (id, name or alias)."),
    db: Path = DbOption,
) -> None:
    """Merge OTHER into KEEP: every mention of OTHER becomes KEEP's. Survives re-builds."""
    from newsgraph.store import actors as store_actors

    conn = _open(db)
    a, b = _pick(conn, keep), _pick(conn, other)
    if a["id"] == b["id"]:
        console.print(f"{escape(a['id'])} and {escape(b['id'])} are already one actor")
        return
    store_actors.record_override(conn, "merge", a["id"], b["id"])
    console.print(
        f"merged {escape(b['id'])} ({escape(b['name'])}) into {escape(a['id'])} "
        f"({escape(a['name'])}); kept for every later build"
    )


def split_cmd(
    actor: str = typer.Argument(..., help="The actor that wrongly holds the alias."),
    alias: str = typer.Argument(..., help="The alias to take away into an actor of its own."),
    db: Path = DbOption,
) -> None:
    """Split ALIAS off ACTOR: mentions written so become a separate actor. Survives re-builds."""
    from newsgraph.actors.kb import split_actor_id
    from newsgraph.store import actors as store_actors

    conn = _open(db)
    a = _pick(conn, actor)
    store_actors.record_override(conn, "split", a["id"], alias)
    console.print(
        f"split {escape(alias)!r} off {escape(a['id'])} into {escape(split_actor_id(alias))}; "
        "kept for every later build"
    )


def _actor_entry(ctx: typer.Context, args: list[str], db: Path, why: bool, as_json: bool) -> None:
    if not args:
        console.print(ctx.get_help())
        raise typer.Exit(code=2)
    show_actor(" ".join(args), db, why, as_json)


@app.command(
    "actor",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": False},
    help="Show one actor (NAME: id, name or alias) with its roles and mentions; --why shows "
    "which rule joined each mention, with its sentence. Also: `actor merge KEEP OTHER`, "
    "`actor split ACTOR ALIAS`.",
)
def actor_cmd(
    ctx: typer.Context,
    name: list[str] = typer.Argument(None, help="Actor id, name or alias; or merge/split ..."),
    db: Path = DbOption,
    why: bool = typer.Option(False, "--why", help="Show the rule and sentence of every mention."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
) -> None:
    args = list(name or [])
    if args and args[0] in ("merge", "split"):
        if len(args) != 3:
            err_console.print(
                f"usage: newsgraph actor {args[0]} "
                f"{'KEEP OTHER' if args[0] == 'merge' else 'ACTOR ALIAS'}"
            )
            raise typer.Exit(code=2)
        (merge_cmd if args[0] == "merge" else split_cmd)(args[1], args[2], db=db)
        return
    _actor_entry(ctx, args, db, why, as_json)
